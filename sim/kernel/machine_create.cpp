// Creating things: containers, processes (load, the race runner, fork),
// threads and their stacks, shared libraries mapped into a process.
#include "sim/kernel/machine.h"

#include "sim/isa/memlayout.h"
#include "sim/kernel/container.h"
#include "sim/kernel/io/io.h"
#include "sim/kernel/syscalls.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

namespace {

uint32_t round_up(uint32_t v, uint32_t to) {
    return (v + to - 1) / to * to;
}

// The trampoline page: where `main` and thread functions "return" to. It
// turns a return into the matching system call, as a C runtime does.
constexpr uint32_t kMainReturn = layout::kTrampolineBase;       // exit(r0)
constexpr uint32_t kThreadReturn = layout::kTrampolineBase + 8; // thread_exit(r0)

std::vector<uint8_t> trampoline_code() {
    const Instr code[] = {
        {Op::Mov, 1, 0, 0, 0},
        {Op::Sys, 0, 0, 0, SYS_EXIT},
        {Op::Mov, 1, 0, 0, 0},
        {Op::Sys, 0, 0, 0, SYS_THREAD_EXIT},
    };
    std::vector<uint8_t> bytes(layout::kTrampolineSize, 0);
    for (size_t i = 0; i < std::size(code); ++i) {
        uint32_t w = encode(code[i]);
        for (size_t b = 0; b < 4; ++b)
            bytes[i * 4 + b] = static_cast<uint8_t>(w >> (8 * b));
    }
    return bytes;
}

} // namespace

int Machine::create_container(ContainerSpec spec) {
    Container c;
    c.id = static_cast<int>(containers.size()) + 1;
    if (spec.cpu_period == 0) spec.cpu_period = 1000;
    c.spec = std::move(spec);
    containers.push_back(std::move(c));
    const Container& made = containers.back();
    note(EventKind::Note, Msg::ContainerCreated, 0, 0, 0, made.id, name_arg(made.spec.name),
         made.spec.memory_quota, made.spec.cpu_quota, made.spec.cpu_period);
    return made.id;
}

int Machine::create_process(std::shared_ptr<const Image> image, const std::string& name, int parent,
                            int container) {
    if (live_processes() >= config.limits.max_processes) {
        stop_why = because(Why::ProcessLimit, live_processes());
        return 0;
    }
    Process p;
    p.pid = static_cast<int>(processes.size()) + 1;
    p.parent = parent;
    p.family = p.pid;
    p.name = name;
    p.image = image;
    p.heap_end = layout::kHeapBase;

    Region tramp{"trampoline",
                 RegionKind::Trampoline,
                 layout::kTrampolineBase,
                 layout::kTrampolineSize,
                 PermR | PermX,
                 0,
                 false,
                 trampoline_code(),
                 nullptr};
    p.mem.map(std::move(tramp));

    auto map_segment = [&](const char* rname, RegionKind kind, uint32_t base, uint8_t perms,
                           const std::vector<uint8_t>& bytes) {
        Region r{rname,  kind,
                 base,   round_up(std::max<uint32_t>(static_cast<uint32_t>(bytes.size()), 4), 16),
                 perms,  0,
                 false,  bytes,
                 nullptr};
        p.mem.map(std::move(r)); // map() pads the bytes to the region's size
    };
    map_segment("code", RegionKind::Code, layout::kCodeBase, PermR | PermX, image->text.bytes);
    map_segment("data", RegionKind::Data, layout::kDataBase, PermR | PermW, image->data.bytes);
    if (!within_memory_limit(p.pid, p.mem, 0, Need::CodeAndData, name, 0, stop_why)) return 0;
    // memory.max: its code, data and main thread's stack must fit in the container.
    int cid = container >= 0 ? container : parent ? process(parent).container : 0;
    if (cid && !container_grant_memory(*this, cid, container >= 0 ? 0 : parent,
                                       p.mem.mapped_bytes() + layout::kStackSize + layout::kTlsSize,
                                       Need::NewProcess, name))
        return 0;

    int pid = p.pid;
    processes.push_back(std::move(p));
    if (parent) process(parent).unreaped_children.push_back(static_cast<int>(processes.size()));
    if (parent)
        note(EventKind::ProcessStart, Msg::ProcessStartsChild, pid, 0, parent, pid, name_arg(name),
             parent);
    else
        note(EventKind::ProcessStart, Msg::ProcessStarts, pid, 0, 0, pid, name_arg(name));
    if (cid) container_join(*this, pid, cid);
    return pid;
}

int Machine::load(std::shared_ptr<const Image> image, const std::string& name, int parent,
                  uint64_t start_at) {
    return load_process(std::move(image), name, parent, start_at, -1);
}

int Machine::load_in_container(int id, std::shared_ptr<const Image> image,
                               const std::string& name) {
    if (id < 0 || id > static_cast<int>(containers.size())) {
        stop_why = because(Why::NoContainer, id);
        return 0;
    }
    return load_process(std::move(image), name, 0, 0, id);
}

int Machine::load_process(std::shared_ptr<const Image> image, const std::string& name, int parent,
                          uint64_t start_at, int container) {
    int pid = create_process(image, name, parent, container);
    if (!pid) return 0;
    if (!create_thread(pid, image->entry, 0, "main", true, start_at)) {
        Process& p = process(pid);
        p.exited = true;
        ++exited_processes;
        p.exit_code = -1;
        p.state = ProcessState::Zombie;
        return 0;
    }
    return pid;
}

int Machine::load_threads(std::shared_ptr<const Image> image, const std::string& name, int count,
                          const std::vector<std::vector<std::pair<int, uint32_t>>>& regs) {
    int pid = create_process(image, name, 0);
    if (!pid) return 0;
    for (int i = 0; i < count; ++i) {
        int tid = create_thread(pid, image->entry, 0, "main", false);
        if (!tid) return 0;
        if (static_cast<size_t>(i) < regs.size())
            for (auto [r, v] : regs[static_cast<size_t>(i)])
                if (r >= 0 && r < kNumRegs) thread(tid).ctx.regs[static_cast<size_t>(r)] = v;
    }
    return pid;
}

int Machine::create_thread(int pid, uint32_t entry, uint32_t arg, const std::string& name,
                           bool main_thread, uint64_t start_at) {
    Process& p = process(pid);
    // A slot is in use while its stack is mapped (finish_thread unmaps it):
    // bounded work, however many threads the process has ever had.
    std::vector<bool> used(layout::kMaxThreadSlots, false);
    for (int slot = 0; slot < layout::kMaxThreadSlots; ++slot)
        used[static_cast<size_t>(slot)] = p.mem.find(layout::stack_base(slot)) != nullptr;
    int live = static_cast<int>(p.threads.size()) - p.done_threads;
    if (live >= config.limits.max_threads_per_process) {
        stop_why = because(Why::ThreadLimit, pid, live);
        return 0;
    }
    int slot = static_cast<int>(std::find(used.begin(), used.end(), false) - used.begin());
    uint32_t stack_bytes = layout::kStackSize + layout::kTlsSize;
    if (!within_memory_limit(pid, p.mem, stack_bytes, Need::Stack, {}, 0, stop_why)) return 0;
    if (p.container &&
        !container_grant_memory(*this, p.container, pid, stack_bytes, Need::ThreadStack, name))
        return 0;

    Thread t;
    t.tid = static_cast<int>(threads.size()) + 1;
    t.pid = pid;
    t.slot = slot;
    t.name = name;
    t.state_since = now;
    // The thread's own regions: a guard gap under its stack, the stack, its TLS block.
    auto map_own = [&](const char* what, RegionKind kind, uint32_t base, uint32_t size,
                       uint8_t perms) {
        p.mem.map({fmt::format("{} t{}", what, t.tid),
                   kind,
                   base,
                   size,
                   perms,
                   t.tid,
                   false,
                   {},
                   nullptr});
    };
    map_own("guard", RegionKind::Guard, layout::guard_base(slot), layout::kGuardSize, 0);
    map_own("stack", RegionKind::Stack, layout::stack_base(slot), layout::kStackSize,
            PermR | PermW);
    map_own("tls", RegionKind::Tls, layout::tls_base(slot), layout::kTlsSize, PermR | PermW);
    const auto& tls_init = p.image->tls.bytes;
    for (size_t i = 0; i < tls_init.size() && i < layout::kTlsSize; ++i)
        p.mem.poke8(layout::tls_base(slot) + static_cast<uint32_t>(i), tls_init[i]);

    // The initial stack holds one word: the return address into the
    // trampoline, so that returning from the entry function ends the thread
    // (or, for main, the process).
    uint32_t sp = layout::stack_top(slot) - 4;
    p.mem.poke32(sp, main_thread ? kMainReturn : kThreadReturn);
    t.ctx.pc = entry;
    t.ctx.regs[SP] = sp;
    t.ctx.regs[TP] = layout::tls_base(slot);
    t.ctx.regs[1] = arg;
    p.threads.push_back(t.tid);
    int tid = t.tid;
    threads.push_back(std::move(t));
    ++live_threads_;
    note(EventKind::ThreadStart, Msg::ThreadCreated, pid, tid, 0, tid, name_arg(name));
    if (start_at > now) {
        // Not admitted yet: it stays New until its arrival (wake_sleepers).
        Thread& nt = thread(tid);
        nt.start_at = start_at;
        nt.wake_at = start_at;
        next_wake = std::min(next_wake, start_at);
    } else {
        make_ready(tid);
    }
    return tid;
}

int Machine::fork_process(int tid) {
    if (live_processes() >= config.limits.max_processes) {
        stop_why = because(Why::ForkLimit, live_processes(), thread(tid).pid, tid);
        return 0;
    }
    const Thread& parent_thread = thread(tid);
    const Process& parent = process(parent_thread.pid);
    Process c;
    c.pid = static_cast<int>(processes.size()) + 1;
    c.parent = parent.pid;
    c.family = parent.family;
    c.name = parent.name;
    c.image = parent.image;
    c.heap_end = parent.heap_end;
    c.heap_blocks = parent.heap_blocks;
    c.libraries = parent.libraries;
    c.fds = parent.fds; // the same open pipes, files and connections (fd_fork counts them)
    // The child's address space is a copy: from now on a store in one is
    // not seen by the other. Only the forking thread is copied, so the other
    // threads' stacks and thread-local blocks are left out.
    c.mem = parent.mem;
    std::erase_if(c.mem.regions, [&](const Region& r) { return r.tid != 0 && r.tid != tid; });
    c.mem.reindex();
    // memory.max: the copy is charged to the parent's container (the child joins it).
    if (parent.container && !container_grant_memory(*this, parent.container, parent.pid,
                                                    c.mem.mapped_bytes(), Need::ForkCopy))
        return 0;

    Thread t;
    t.tid = static_cast<int>(threads.size()) + 1;
    t.pid = c.pid;
    t.slot = parent_thread.slot;
    t.name = parent_thread.name;
    t.priority = parent_thread.priority;
    t.state_since = now;
    t.ctx = context_of(tid); // the same registers, PC just past the `sys`
    t.ctx.regs[0] = 0;       // ... except that fork returns 0 in the child
    for (Region& r : c.mem.regions)
        if (r.tid == tid) {
            r.tid = t.tid;
            r.name = fmt::format("{} t{}",
                                 r.kind == RegionKind::Stack   ? "stack"
                                 : r.kind == RegionKind::Guard ? "guard"
                                                               : "tls",
                                 t.tid);
        }
    c.threads.push_back(t.tid);
    int ppid = parent.pid, cpid = c.pid, ctid = t.tid;
    for (int lib : c.libraries)
        libraries[static_cast<size_t>(lib - 1)].users.push_back(cpid);
    processes.push_back(std::move(c));
    process(ppid).unreaped_children.push_back(cpid);
    threads.push_back(std::move(t));
    ++live_threads_;
    fd_fork(*this, cpid);
    note(EventKind::ProcessStart, Msg::ProcessForked, cpid, 0, ppid, cpid, ppid, tid);
    if (int cid = process(ppid).container) container_join(*this, cpid, cid);
    note(EventKind::ThreadStart, Msg::ForkThreadCopy, cpid, ctid, 0, ctid, tid);
    make_ready(ctid);
    return cpid;
}

uint32_t Machine::map_library(int pid, const std::string& name, Reason& error) {
    int id = 0;
    for (const SharedLibrary& l : libraries)
        if (l.name == name) id = l.id;
    if (!id) {
        if (!lib_loader) {
            error = because(Why::NoLibraryLoader);
            return 0;
        }
        uint32_t base = layout::kLibBase;
        for (const SharedLibrary& l : libraries)
            base = std::max(base, round_up(l.base + l.size, 0x1000));
        if (base >= layout::kLibLimit) {
            error = because(Why::LibraryAreaFull, layout::kLibBase, layout::kLibLimit);
            return 0;
        }
        LoadError loader_error;
        auto img = lib_loader(name, base, loader_error);
        if (!img) {
            error = because(loader_error.why, name_arg(loader_error.text));
            return 0;
        }
        std::string path = img->files.empty() ? name : img->files[0].path;
        for (const SharedLibrary& l : libraries)
            if (l.path == path) id = l.id; // the same file under another name
        if (!id) {
            uint32_t size =
                round_up(std::max<uint32_t>(static_cast<uint32_t>(img->text.bytes.size()), 4), 16);
            if (base + size > layout::kLibLimit) {
                error = because(Why::LibraryTooBig, name_arg(name), size);
                return 0;
            }
            SharedLibrary l;
            l.id = static_cast<int>(libraries.size()) + 1;
            l.name = name;
            l.path = path;
            l.base = base;
            l.size = size;
            l.image = img;
            libraries.push_back(std::move(l));
            id = libraries.back().id;
            note(EventKind::Note, Msg::LibraryAssembled, pid, 0, 0, id, name_arg(name), base);
        }
    }
    SharedLibrary& lib = libraries[static_cast<size_t>(id - 1)];
    Process& p = process(pid);
    if (std::find(p.libraries.begin(), p.libraries.end(), id) != p.libraries.end()) return lib.base;
    if (!within_memory_limit(pid, p.mem, lib.size, Need::Library, name, 0, error)) {
        request_stop(StopReason::Paused, error);
        return 0;
    }
    if (p.container &&
        !container_grant_memory(*this, p.container, pid, lib.size, Need::Library, name)) {
        error = because(Why::LibraryQuota);
        return 0;
    }
    std::string file = lib.path.substr(
        lib.path.find_last_of('/') == std::string::npos ? 0 : lib.path.find_last_of('/') + 1);
    Region r{"lib " + file, RegionKind::SharedLib, lib.base, lib.size, PermR | PermX, 0, true, {},
             nullptr};
    r.bytes = lib.image->text.bytes;
    r.bytes.resize(lib.size, 0);
    p.mem.map(std::move(r));
    p.libraries.push_back(id);
    lib.users.push_back(pid);
    note(EventKind::Note, Msg::LibraryMapped, pid, 0, 0, pid, name_arg(name), lib.base);
    return lib.base;
}

} // namespace gb
