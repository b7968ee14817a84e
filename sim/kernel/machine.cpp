#include "sim/kernel/machine.h"

#include "sim/kernel/container.h"

#include "sim/isa/memlayout.h"
#include "sim/kernel/io/io.h"
#include "sim/kernel/syscalls.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

std::string_view stop_reason_name(StopReason r) {
    switch (r) {
    case StopReason::Budget: return "budget";
    case StopReason::Breakpoint: return "breakpoint";
    case StopReason::AllDone: return "all done";
    case StopReason::Fault: return "fault";
    case StopReason::Deadlock: return "deadlock";
    case StopReason::Watchpoint: return "watchpoint";
    case StopReason::Paused: return "paused";
    }
    return "?";
}

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

Machine::Machine(Config cfg) : config(cfg), rng(cfg.seed) {
    config.cores = std::clamp(config.cores, 1, 8);
    config.timer_period = std::max(1u, config.timer_period);
    config.limits.max_processes = std::max(1, config.limits.max_processes);
    config.limits.max_threads_per_process =
        std::clamp(config.limits.max_threads_per_process, 1, layout::kMaxThreadSlots);
    cores.resize(static_cast<size_t>(config.cores));
    for (size_t i = 0; i < cores.size(); ++i) {
        cores[i].index = static_cast<int>(i);
        cores[i].parked = true;
        cores[i].next_timer = config.timer_period;
    }
    sched.reset(config.sched);
}

int Machine::live_processes() const {
    return static_cast<int>(processes.size()) - exited_processes; // asked at every fork
}

void Machine::request_stop(StopReason why, std::string message) {
    stop_requested = true;
    stop_request = why;
    note(EventKind::Note, 0, 0, message);
    stop_message = std::move(message);
}

int Machine::create_container(ContainerSpec spec) {
    Container c;
    c.id = static_cast<int>(containers.size()) + 1;
    if (spec.cpu_period == 0) spec.cpu_period = 1000;
    c.spec = std::move(spec);
    containers.push_back(std::move(c));
    const Container& made = containers.back();
    note(EventKind::Note, 0, 0,
         fmt::format(
             "container {} '{}' created (memory quota {}, CPU quota {})", made.id, made.spec.name,
             made.spec.memory_quota ? fmt::format("{} bytes", made.spec.memory_quota) : "none",
             made.spec.cpu_quota
                 ? fmt::format("{} of every {} cycles", made.spec.cpu_quota, made.spec.cpu_period)
                 : "none"));
    return made.id;
}

int Machine::create_process(std::shared_ptr<const Image> image, const std::string& name, int parent,
                            int container) {
    if (live_processes() >= config.limits.max_processes) {
        stop_message =
            fmt::format("process limit reached: {} processes are alive, the most allowed at "
                        "once (Config::limits.max_processes)",
                        live_processes());
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
                 {}};
    p.mem.map(std::move(tramp));
    p.mem.regions.front().bytes = trampoline_code();

    auto map_segment = [&](const char* rname, RegionKind kind, uint32_t base, uint8_t perms,
                           const std::vector<uint8_t>& bytes) {
        Region r{rname, kind,
                 base,  round_up(std::max<uint32_t>(static_cast<uint32_t>(bytes.size()), 4), 16),
                 perms, 0,
                 false, {}};
        p.mem.map(std::move(r));
        Region* mapped = p.mem.find(base);
        std::copy(bytes.begin(), bytes.end(), mapped->bytes.begin());
    };
    map_segment("code", RegionKind::Code, layout::kCodeBase, PermR | PermX, image->text.bytes);
    map_segment("data", RegionKind::Data, layout::kDataBase, PermR | PermW, image->data.bytes);
    if (p.mem.mapped_bytes() > config.limits.max_memory_per_process) {
        stop_message = fmt::format(
            "memory limit reached: the program '{}' needs {} bytes for its code and "
            "data, but a process may use at most {} (Config::limits.max_memory_per_process)",
            name, p.mem.mapped_bytes(), config.limits.max_memory_per_process);
        return 0;
    }
    // memory.max: its code, data and main thread's stack must fit in the container.
    int cid = container >= 0 ? container : parent ? process(parent).container : 0;
    if (cid && !container_grant_memory(*this, cid, container >= 0 ? 0 : parent,
                                       p.mem.mapped_bytes() + layout::kStackSize + layout::kTlsSize,
                                       fmt::format("a new process '{}'", name)))
        return 0;

    int pid = p.pid;
    processes.push_back(std::move(p));
    if (parent) process(parent).unreaped_children.push_back(static_cast<int>(processes.size()));
    note(EventKind::ProcessStart, pid, 0,
         parent ? fmt::format("process {} '{}' starts (parent {})", pid, name, parent)
                : fmt::format("process {} '{}' starts", pid, name),
         parent);
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
        stop_message = fmt::format("there is no container {}", id);
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
        stop_message =
            fmt::format("thread limit reached: process {} already has {} live threads, the most "
                        "one process may have (Config::limits.max_threads_per_process)",
                        pid, live);
        return 0;
    }
    int slot = static_cast<int>(std::find(used.begin(), used.end(), false) - used.begin());
    uint32_t stack_bytes = layout::kStackSize + layout::kTlsSize;
    if (p.mem.mapped_bytes() + stack_bytes > config.limits.max_memory_per_process) {
        stop_message = fmt::format(
            "memory limit reached: process {} would use {} bytes with another thread's "
            "stack, but a process may use at most {} (Config::limits.max_memory_per_process)",
            pid, p.mem.mapped_bytes() + stack_bytes, config.limits.max_memory_per_process);
        return 0;
    }
    if (p.container && !container_grant_memory(*this, p.container, pid, stack_bytes,
                                               fmt::format("a stack for thread '{}'", name)))
        return 0;

    Thread t;
    t.tid = static_cast<int>(threads.size()) + 1;
    t.pid = pid;
    t.slot = slot;
    t.name = name;
    t.state_since = now;
    p.mem.map({fmt::format("guard t{}", t.tid),
               RegionKind::Guard,
               layout::guard_base(slot),
               layout::kGuardSize,
               0,
               t.tid,
               false,
               {}});
    p.mem.map({fmt::format("stack t{}", t.tid),
               RegionKind::Stack,
               layout::stack_base(slot),
               layout::kStackSize,
               PermR | PermW,
               t.tid,
               false,
               {}});
    p.mem.map({fmt::format("tls t{}", t.tid),
               RegionKind::Tls,
               layout::tls_base(slot),
               layout::kTlsSize,
               PermR | PermW,
               t.tid,
               false,
               {}});
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
    note(EventKind::ThreadStart, pid, tid, fmt::format("thread {} '{}' created", tid, name));
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
        stop_message = fmt::format(
            "process limit reached: {} processes are alive, the most allowed at "
            "once (Config::limits.max_processes); process {} (thread {}) could not fork",
            live_processes(), thread(tid).pid, tid);
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
    // memory.max: the copy is charged to the parent's container (the child joins it).
    if (parent.container && !container_grant_memory(*this, parent.container, parent.pid,
                                                    c.mem.mapped_bytes(), "fork's copy"))
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
    fd_fork(*this, cpid);
    note(EventKind::ProcessStart, cpid, 0,
         fmt::format("process {} forked from process {} (thread {})", cpid, ppid, tid), ppid);
    if (int cid = process(ppid).container) container_join(*this, cpid, cid);
    note(EventKind::ThreadStart, cpid, ctid,
         fmt::format("thread {} is the child's copy of thread {}", ctid, tid));
    make_ready(ctid);
    return cpid;
}

uint32_t Machine::map_library(int pid, const std::string& name, std::string& error) {
    int id = 0;
    for (const SharedLibrary& l : libraries)
        if (l.name == name) id = l.id;
    if (!id) {
        if (!lib_loader) {
            error = "load_library: this machine has no library loader (Machine::lib_loader)";
            return 0;
        }
        uint32_t base = layout::kLibBase;
        for (const SharedLibrary& l : libraries)
            base = std::max(base, round_up(l.base + l.size, 0x1000));
        if (base >= layout::kLibLimit) {
            error = fmt::format("load_library: the shared library area {:#x}-{:#x} is full",
                                layout::kLibBase, layout::kLibLimit);
            return 0;
        }
        auto img = lib_loader(name, base, error);
        if (!img) return 0;
        std::string path = img->files.empty() ? name : img->files[0].path;
        for (const SharedLibrary& l : libraries)
            if (l.path == path) id = l.id; // the same file under another name
        if (!id) {
            uint32_t size =
                round_up(std::max<uint32_t>(static_cast<uint32_t>(img->text.bytes.size()), 4), 16);
            if (base + size > layout::kLibLimit) {
                error = fmt::format(
                    "load_library: {} ({} bytes) does not fit in the shared library area", name,
                    size);
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
            note(EventKind::Note, pid, 0,
                 fmt::format("library {} '{}' assembled for {:#x}", id, name, base));
        }
    }
    SharedLibrary& lib = libraries[static_cast<size_t>(id - 1)];
    Process& p = process(pid);
    if (std::find(p.libraries.begin(), p.libraries.end(), id) != p.libraries.end()) return lib.base;
    if (p.mem.mapped_bytes() + lib.size > config.limits.max_memory_per_process) {
        error = fmt::format(
            "memory limit reached: process {} would use {} bytes with library '{}', but a "
            "process may use at most {} (Config::limits.max_memory_per_process)",
            pid, p.mem.mapped_bytes() + lib.size, name, config.limits.max_memory_per_process);
        request_stop(StopReason::Paused, error);
        return 0;
    }
    if (p.container && !container_grant_memory(*this, p.container, pid, lib.size,
                                               fmt::format("library '{}'", name))) {
        error = fmt::format("load_library: container memory quota");
        return 0;
    }
    std::string file = lib.path.substr(
        lib.path.find_last_of('/') == std::string::npos ? 0 : lib.path.find_last_of('/') + 1);
    Region r{"lib " + file, RegionKind::SharedLib, lib.base, lib.size, PermR | PermX, 0, true, {}};
    r.bytes = lib.image->text.bytes;
    r.bytes.resize(lib.size, 0);
    p.mem.map(std::move(r));
    p.libraries.push_back(id);
    lib.users.push_back(pid);
    note(EventKind::Note, pid, 0,
         fmt::format("process {} maps library '{}' at {:#x} (shared, read-only)", pid, name,
                     lib.base));
    return lib.base;
}

void Machine::set_state(Thread& t, ThreadState s) {
    uint64_t spent = now > t.state_since ? now - t.state_since : 0;
    if (t.state == ThreadState::Ready) t.cycles_ready += spent;
    if (t.state == ThreadState::Blocked) {
        t.cycles_blocked += spent;
        if (is_io_wait(t.reason)) t.cycles_blocked_io += spent;
    }
    if ((t.state == ThreadState::Done) != (s == ThreadState::Done)) {
        int d = s == ThreadState::Done ? 1 : -1;
        done_threads += d;
        process(t.pid).done_threads += d;
    }
    t.state = s;
    t.state_since = now;
}

void Machine::make_ready(int tid) {
    Thread& t = thread(tid);
    if (t.state == ThreadState::New) t.arrival = now;
    bool was_running = t.state == ThreadState::Running;
    set_state(t, ThreadState::Ready);
    t.reason = BlockReason::None;
    t.wait_on = 0;
    t.io_request = 0;
    t.awaiting = false;
    // A thread preempted by a higher-priority one keeps its place (the front
    // of its queue) and the rest of its slice; every other thread queues at the back.
    sched.make_ready(threads, tid, t.preempted);
    // An idle core wakes up to run it (the inter-processor interrupt).
    for (Core& c : cores)
        if (c.parked) {
            c.parked = false;
            if (now > c.clock) c.idle_cycles += now - c.clock;
            c.clock = std::max(c.clock, now);
            c.next_timer = (c.clock / config.timer_period + 1) * config.timer_period;
            return;
        }
    if (!was_running) preempt_for(tid);
}

// A thread became ready and no core is idle: STCF, priority and MLFQ may
// take a core from a thread they like less.
void Machine::preempt_for(int ready_tid) {
    for (Core& c : cores)
        if (c.tid && sched.should_preempt(threads, thread(c.tid), ready_tid)) {
            int tid = c.tid;
            switch_out(c, SwitchReason::Preempt);
            thread(tid).preempted = true;
            make_ready(tid);
            return;
        }
}

void Machine::block(int tid, BlockReason reason, int wait_on) {
    Thread& t = thread(tid);
    if (t.core >= 0) switch_out(cores[static_cast<size_t>(t.core)], SwitchReason::Block);
    sched.remove(tid);
    set_state(t, ThreadState::Blocked);
    t.reason = reason;
    t.wait_on = wait_on;
    if (reason == BlockReason::Join && wait_on > 0 && wait_on <= static_cast<int>(threads.size()))
        thread(wait_on).joiners.push_back(tid);
    if (reason == BlockReason::Sleep) next_wake = std::min(next_wake, t.wake_at);
    std::string what = wait_on ? fmt::format("{} {}", block_reason_name(reason), wait_on)
                               : std::string(block_reason_name(reason));
    if (reason == BlockReason::Join) what = fmt::format("join (thread {})", wait_on);
    if (reason == BlockReason::WaitChild)
        what =
            wait_on ? fmt::format("wait (child process {})", wait_on) : "wait (any child process)";
    if (reason == BlockReason::Sleep) what = fmt::format("sleep (until cycle {})", t.wake_at);
    if (reason == BlockReason::Io)
        what = t.awaiting
                   ? (wait_on ? fmt::format("async_wait (request {})", wait_on)
                              : "async_wait (any request)")
                   : fmt::format("I/O (request {}: {})", wait_on, io_request(*this, wait_on).what);
    if (reason == BlockReason::PipeRead)
        what = fmt::format("pipe {} (empty: waits to read)", wait_on);
    if (reason == BlockReason::PipeWrite)
        what = fmt::format("pipe {} (full: waits to write)", wait_on);
    if (reason == BlockReason::Poll)
        what = fmt::format("a readiness wait (interest set {})", wait_on);
    note(EventKind::Block, t.pid, tid, fmt::format("thread {} blocks on {}", tid, what), wait_on);
}

void Machine::wake(int tid) {
    Thread& t = thread(tid);
    if (t.state != ThreadState::Blocked) return;
    note(EventKind::Wake, t.pid, tid,
         fmt::format("thread {} wakes ({})", tid, block_reason_name(t.reason)));
    make_ready(tid);
}

void Machine::finish_thread(int tid, uint32_t value) {
    Thread& t = thread(tid);
    if (t.state == ThreadState::Done) return;
    if (t.core >= 0) switch_out(cores[static_cast<size_t>(t.core)], SwitchReason::Exit);
    sched.remove(tid);
    set_state(t, ThreadState::Done);
    t.reason = BlockReason::None;
    t.exit_value = value;
    t.finished = now;
    int pid = t.pid;
    Process& p = process(pid);
    // Its stack, guard and thread-local block go away with it.
    for (uint32_t base :
         {layout::guard_base(t.slot), layout::stack_base(t.slot), layout::tls_base(t.slot)})
        p.mem.unmap(base);
    note(EventKind::ThreadExit, pid, tid,
         fmt::format("thread {} ends with {}", tid, static_cast<int32_t>(value)));
    std::vector<int> joiners = std::move(thread(tid).joiners);
    for (int j : joiners) {
        Thread& o = thread(j);
        if (o.state == ThreadState::Blocked && o.reason == BlockReason::Join && o.wait_on == tid) {
            o.ctx.regs[0] = value;
            wake(o.tid);
        }
    }
    bool any_live = static_cast<int>(p.threads.size()) > p.done_threads;
    if (!any_live && !p.exited) exit_process(pid, static_cast<int32_t>(value));
}

void Machine::exit_process(int pid, int code) {
    Process& p = process(pid);
    if (p.exited) return;
    p.exited = true;
    ++exited_processes;
    p.exit_code = code;
    p.state = ProcessState::Zombie;
    for (int tid : std::vector<int>(p.threads))
        finish_thread(tid, static_cast<uint32_t>(code));
    // Its requests are cancelled and its descriptors closed: a pipe's
    // reader sees the end of data once the last writer is gone.
    io_process_exit(*this, pid);
    fd_close_all(*this, pid);
    note(EventKind::ProcessExit, pid, 0, fmt::format("process {} exits with {}", pid, code));
    release_exited_memory(pid);
    int parent = process(pid).parent;
    if (parent)
        for (int otid : process(parent).threads)
            if (Thread& o = thread(otid); o.pid == parent && o.state == ThreadState::Blocked &&
                                          o.reason == BlockReason::WaitChild &&
                                          (o.wait_on == 0 || o.wait_on == pid)) {
                o.ctx.regs[0] =
                    static_cast<uint32_t>(container_pid(*this, pid)); // as the parent numbers it
                o.ctx.regs[1] = static_cast<uint32_t>(code);
                process(pid).state = ProcessState::Reaped;
                std::erase(process(parent).unreaped_children, pid);
                wake(o.tid);
                break;
            }
}

void Machine::release_exited_memory(int pid) {
    exited_holding.push_back(pid);
    exited_holding_bytes += process(pid).mem.mapped_bytes();
    while (exited_holding_bytes > config.limits.max_exited_memory && !exited_holding.empty()) {
        Process& old = process(exited_holding.front());
        exited_holding.pop_front();
        exited_holding_bytes -= std::min<uint64_t>(exited_holding_bytes, old.mem.mapped_bytes());
        old.mem = AddressSpace{};
        old.memory_released = true;
    }
}

void Machine::kill_process(int pid, const FaultReport& fault) {
    FaultReport why = fault;
    // A frame larger than the guard gap (enter 30000) jumps past it, so the
    // access misses the guard: with SP below its own stack, it is a stack
    // overflow all the same.
    if (why.fault == Fault::BadAddress && why.tid > 0 &&
        why.tid <= static_cast<int>(threads.size())) {
        uint32_t bottom = layout::stack_base(thread(why.tid).slot);
        if (context_of(why.tid).regs[SP] < bottom && why.addr < bottom)
            why.fault = Fault::StackOverflow;
    }
    // The PC past the last instruction (and the zero padding of the code
    // region): say so rather than leave the student with a bare address.
    if (const Image* img = process(pid).image.get();
        img && why.source.empty() && why.pc == why.addr) {
        uint32_t end = layout::kCodeBase + static_cast<uint32_t>(img->text.bytes.size());
        if (why.pc >= end && why.pc <= round_up(end, 16) + 16) {
            std::string file = img->files.empty() ? "the program" : img->files[0].path;
            why.source = img->text.bytes.empty()
                             ? fmt::format("{}: the program has no instructions", file)
                             : fmt::format("{}: past the last instruction: the program ran off "
                                           "the end of its code (end it with sys exit or halt)",
                                           file);
        }
    }
    last_fault = why;
    ++faults;
    note(EventKind::Fault, pid, why.tid,
         fmt::format("{} at pc {:#x}, address {:#x}: process {} killed", fault_name(why.fault),
                     why.pc, why.addr, pid));
    process(pid).fault = why;
    exit_process(pid, -1);
}

namespace {

// Appends, keeping at most `limit` bytes: past it, the oldest are dropped
// down to half the limit at once, so each byte is moved a bounded number
// of times.
void append_bounded(std::string& s, uint64_t& dropped, std::string_view text, size_t limit) {
    if (text.size() >= limit) {
        dropped += s.size() + (text.size() - limit / 2);
        s.assign(text.substr(text.size() - limit / 2));
        return;
    }
    s += text;
    if (s.size() > limit) {
        size_t cut = s.size() - limit / 2;
        dropped += cut;
        s.erase(0, cut);
    }
}

} // namespace

void Machine::print(int pid, std::string_view text) {
    Process& p = process(pid);
    size_t limit = std::max<size_t>(config.limits.max_console_bytes, 2);
    append_bounded(p.output, p.output_dropped, text, limit);
    append_bounded(console, console_dropped, text, limit);
    if (console_sink) console_sink(text);
}

void Machine::note(EventKind kind, int pid, int tid, std::string text, int other) {
    Event e;
    e.cycle = now;
    e.kind = kind;
    e.pid = pid;
    e.tid = tid;
    e.other = other;
    e.text = std::move(text);
    if (tid > 0 && tid <= static_cast<int>(threads.size())) e.core = thread(tid).core;
    log.add(std::move(e));
}

const Context& Machine::context_of(int tid) const {
    const Thread& t = thread(tid);
    return t.core >= 0 ? cores[static_cast<size_t>(t.core)].ctx : t.ctx;
}

Context& Machine::context_of(int tid) {
    Thread& t = thread(tid);
    return t.core >= 0 ? cores[static_cast<size_t>(t.core)].ctx : t.ctx;
}

bool Machine::all_done() const {
    return live_threads() == 0;
}

int Machine::live_threads() const {
    // Counted as threads change state: this is asked every step, and a
    // program that creates and joins threads in a loop makes many.
    return static_cast<int>(threads.size()) - done_threads;
}

std::string Machine::source_line(int pid, uint32_t addr) const {
    if (pid < 1 || pid > static_cast<int>(processes.size())) return "";
    const Image* img = process(pid).image.get();
    if (addr >= layout::kLibBase && addr < layout::kLibLimit)
        for (int id : process(pid).libraries) {
            const SharedLibrary& l = libraries[static_cast<size_t>(id - 1)];
            if (addr >= l.base && addr < l.base + l.size) img = l.image.get();
        }
    if (!img) return "";
    auto loc = img->line_of(addr);
    if (!loc || loc->file < 0 || loc->file >= static_cast<int>(img->files.size())) return "";
    const SourceFile& f = img->files[static_cast<size_t>(loc->file)];
    std::string text;
    if (loc->line >= 1 && loc->line <= static_cast<int>(f.lines.size()))
        text = f.lines[static_cast<size_t>(loc->line - 1)];
    size_t start = text.find_first_not_of(" \t");
    text = start == std::string::npos ? "" : text.substr(start);
    return fmt::format("{}:{}: {}", f.path, loc->line, text);
}

// --- context switching -------------------------------------------------------

void Machine::switch_out(Core& core, SwitchReason reason) {
    if (!core.tid) return;
    Thread& t = thread(core.tid);
    t.ctx = core.ctx; // save the outgoing context into its thread record
    t.core = -1;
    core.prev_tid = core.tid;
    core.pending = reason;
    core.tid = 0;
}

bool Machine::switch_in(Core& core) {
    int tid = sched.pick(threads, rng);
    if (!tid) {
        if (core.prev_tid) { // log the switch to idle once
            Event e{core.clock,
                    EventKind::Switch,
                    core.index,
                    thread(core.prev_tid).pid,
                    0,
                    core.prev_tid,
                    core.pending,
                    fmt::format("core {}: thread {} → idle", core.index, core.prev_tid)};
            log.add(std::move(e));
            core.prev_tid = 0;
            core.pending = SwitchReason::Idle;
        }
        return false;
    }
    Thread& t = thread(tid);
    // Restoring a context costs cycles; changing address spaces costs more.
    uint32_t cost = 0;
    if (core.last_pid && core.last_pid != t.pid)
        cost = config.process_switch_cost;
    else if (core.prev_tid != tid && core.last_pid)
        cost = config.thread_switch_cost;
    Event e{
        core.clock,
        EventKind::Switch,
        core.index,
        t.pid,
        tid,
        core.prev_tid,
        core.pending,
        fmt::format("core {}: {} → thread {}", core.index,
                    core.prev_tid ? fmt::format("thread {}", core.prev_tid) : std::string("idle"),
                    tid)};
    log.add(std::move(e));
    core.clock += cost;
    core.busy_cycles += cost;
    core.tid = tid;
    core.ctx = t.ctx; // restore the incoming context
    core.last_pid = t.pid;
    core.prev_tid = 0;
    t.core = core.index;
    if (!t.preempted) t.slice_used = 0; // a fresh time slice
    t.preempted = false;
    if (t.first_run == UINT64_MAX) t.first_run = now;
    set_state(t, ThreadState::Running);
    return true;
}

// The timer interrupt of one core, at cycle `at`: the scheduler charges the
// running thread a tick, and takes the core away when its slice is over
// and another thread deserves it.
void Machine::timer_interrupt(Core& core, uint64_t at) {
    if (sched.maybe_boost(threads, at / config.timer_period))
        note(EventKind::Timer, 0, 0,
             fmt::format("MLFQ boost: every thread moves to the top level"));
    if (!core.tid) return;
    Thread& t = thread(core.tid);
    if (!sched.tick(t)) return;
    if (!sched.has_rival(threads, t)) { // slice over but nobody else wants the core
        t.slice_used = 0;
        return;
    }
    int tid = core.tid;
    switch_out(core, SwitchReason::Timer);
    make_ready(tid);
}

// Wakes sleepers whose time has come and admits New threads that arrive now.
void Machine::wake_sleepers() {
    if (!io.timed.empty() && io.timed.front().at <= now)
        io_run_due(*this); // device completions, clients
    if (now < next_wake) return;
    next_wake = UINT64_MAX;
    for (size_t i = 0; i < threads.size(); ++i) {
        Thread& t = threads[i];
        bool sleeping = t.state == ThreadState::Blocked && t.reason == BlockReason::Sleep;
        bool arriving = t.state == ThreadState::New;
        if (!sleeping && !arriving) continue;
        uint64_t at = sleeping ? t.wake_at : t.start_at;
        if (at > now) {
            next_wake = std::min(next_wake, at);
            continue;
        }
        if (sleeping) {
            wake(t.tid);
        } else {
            note(EventKind::Note, t.pid, t.tid, fmt::format("thread {} arrives", t.tid));
            make_ready(t.tid);
        }
    }
}

// All cores are parked. Either time must jump to the next timed wake-up (a
// sleeper's alarm, a New thread's arrival, a device completion, a client's
// next move), or nothing can ever run again.
bool Machine::handle_idle() {
    uint64_t next = std::min(next_wake, io_next_event(*this));
    if (next == UINT64_MAX) return false;
    now = std::max(now, next);
    wake_sleepers();
    return true;
}

Core& Machine::next_core() {
    Core* best = nullptr;
    for (Core& c : cores)
        if (!c.parked && (!best || c.clock < best->clock)) best = &c;
    return *best; // callers check that some core is unparked
}

// --- the step loop -----------------------------------------------------------

StepResult Machine::step() {
    StepResult res;
    if (config.limits.max_instructions && instructions >= config.limits.max_instructions) {
        res.stop = StopReason::Paused;
        stop_message =
            fmt::format("instruction limit reached: {} instructions have run, the most allowed "
                        "(Config::limits.max_instructions); the program may be in an endless loop",
                        instructions);
        return res;
    }
    // Bounded: each pass either runs an instruction or parks a core, and a
    // parked core is only woken by making a thread ready.
    for (int pass = 0; pass < 64; ++pass) {
        if (all_done()) {
            res.stop = StopReason::AllDone;
            return res;
        }
        bool any_unparked =
            std::any_of(cores.begin(), cores.end(), [](const Core& c) { return !c.parked; });
        if (!any_unparked) {
            if (!handle_idle()) {
                // Only console input from outside could wake someone: pause, not a deadlock.
                for (const Thread& t : threads)
                    if (t.state == ThreadState::Blocked && waits_for_console(*this, t)) {
                        res.stop = StopReason::Paused;
                        stop_message = fmt::format(
                            "waiting for console input: thread {} (process {}) reads the "
                            "console and nothing else can run; feed it input "
                            "(Machine::feed_console, the console box, --input) and run on",
                            t.tid, t.pid);
                        note(EventKind::Note, t.pid, t.tid, stop_message);
                        return res;
                    }
                res.stop = StopReason::Deadlock;
                deadlock_cycle = find_wait_cycle(*this);
                stop_message = describe_deadlock(*this);
                note(EventKind::Deadlock, 0, 0, stop_message);
                return res;
            }
            continue;
        }
        Core& c = next_core();
        now = std::max(now, c.clock);
        wake_sleepers();
        if (!c.tid) {
            if (!switch_in(c)) {
                c.parked = true;
                continue;
            }
            // A thread just switched in may start right on a breakpoint (a
            // thread function's first instruction): stop before running it.
            if (stop_at_breakpoints && breakpoints.count(c.ctx.pc)) {
                res.stop = StopReason::Breakpoint;
                return res;
            }
        }

        const int tid = c.tid;
        const int pid = thread(tid).pid;
        res.before = c.ctx;
        res.cycle = c.clock;
        c.before = c.ctx;
        StepOutcome o = execute(c.ctx, process(pid).mem);
        c.last = o;
        c.clock += o.cycles;
        c.busy_cycles += o.cycles;
        // MLFQ rule 4 counts every cycle a thread runs, including the `sys`
        // with which it gives up the CPU (so it cannot game the scheduler).
        bool demoted = false;
        {
            Thread& t = thread(tid);
            t.cycles_running += o.cycles;
            t.instructions++;
            demoted = sched.charge(t, o.cycles, config.timer_period);
        }
        instructions++;
        now = std::max(now, c.clock);

        res.executed = true;
        res.core = c.index;
        res.pid = pid;
        res.tid = tid;
        res.outcome = o;
        uint64_t faults_before = faults;

        switch (o.kind) {
        case StepKind::Executed: break;
        case StepKind::Syscall: do_syscall(*this, tid, o.instr.imm); break;
        case StepKind::Halt: finish_thread(tid, c.ctx.regs[0]); break;
        case StepKind::Fault: {
            FaultReport f{o.fault, pid, tid, o.pc, o.fault_addr, now, source_line(pid, o.pc)};
            kill_process(pid, f);
            break;
        }
        }
        if (o.write.width && !watches.empty() && note_watched_write(*this, pid, tid, res.cycle, o))
            res.stop = StopReason::Watchpoint;
        if (faults != faults_before) res.stop = StopReason::Fault; // the CPU's, or a bad syscall
        res.after = context_of(tid);
        // MLFQ rule 4: a thread that has used up its allotment at a level
        // moves down, however many times it gave up the CPU before; if it
        // still holds the core, its slice ends there.
        if (demoted) {
            Thread& t = thread(tid);
            note(EventKind::Timer, pid, tid,
                 fmt::format("thread {} used its allotment: down to level {}", tid, t.level));
            t.slice_used = 0;
            if (t.state == ThreadState::Ready)
                sched.make_ready(threads, tid, false); // requeue at its new level
            if (c.tid == tid && sched.has_rival(threads, t)) {
                switch_out(c, SwitchReason::Timer);
                make_ready(tid);
            }
        }
        // Arrivals and wake-ups due now go into the queues before the timer
        // preempts anyone, so they queue ahead of the preempted thread.
        wake_sleepers();
        while (c.clock >= c.next_timer) {
            uint64_t at = c.next_timer;
            c.next_timer += config.timer_period;
            timer_interrupt(c, at);
        }
        // cpu.max: the instruction's cycles count against its container's quota.
        if (!containers.empty()) container_charge_cpu(*this, pid, o.cycles);
        if (stop_requested) {
            stop_requested = false;
            res.stop = stop_request;
        }
        return res;
    }
    res.stop = StopReason::Budget; // only idle passes: let the caller try again
    return res;
}

RunResult Machine::run(uint64_t budget) {
    RunResult rr;
    while (rr.steps < budget) {
        // The first step of a run goes past a breakpoint it starts on.
        stop_at_breakpoints = rr.steps > 0;
        StepResult s = step();
        stop_at_breakpoints = false;
        if (!s.executed) {
            if (s.stop == StopReason::Budget) continue;
            rr.reason = s.stop;
            return rr;
        }
        ++rr.steps;
        if (s.stop == StopReason::Fault || s.stop == StopReason::Paused ||
            s.stop == StopReason::Watchpoint) {
            rr.reason = s.stop;
            return rr;
        }
        if (!breakpoints.empty()) {
            const Core& c = cores[static_cast<size_t>(s.core)];
            if (c.tid && breakpoints.count(c.ctx.pc)) {
                rr.reason = StopReason::Breakpoint;
                return rr;
            }
        }
    }
    rr.reason = StopReason::Budget;
    return rr;
}

} // namespace gb
