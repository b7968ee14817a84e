#include "machine.h"

#include "memlayout.h"
#include "syscalls.h"

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
    case StopReason::Paused: return "paused";
    }
    return "?";
}

namespace {

uint32_t round_up(uint32_t v, uint32_t to) { return (v + to - 1) / to * to; }

// The trampoline page: where `main` and thread functions "return" to. It
// turns a return into the matching system call, as a C runtime does.
constexpr uint32_t kMainReturn = layout::kTrampolineBase;       // exit(r0)
constexpr uint32_t kThreadReturn = layout::kTrampolineBase + 8; // thread_exit(r0)

std::vector<uint8_t> trampoline_code() {
    const Instr code[] = {
        {Op::Mov, 1, 0, 0, 0}, {Op::Sys, 0, 0, 0, SYS_EXIT},
        {Op::Mov, 1, 0, 0, 0}, {Op::Sys, 0, 0, 0, SYS_THREAD_EXIT},
    };
    std::vector<uint8_t> bytes(layout::kTrampolineSize, 0);
    for (size_t i = 0; i < std::size(code); ++i) {
        uint32_t w = encode(code[i]);
        for (size_t b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<uint8_t>(w >> (8 * b));
    }
    return bytes;
}

} // namespace

Machine::Machine(Config cfg) : config(cfg), rng(cfg.seed) {
    config.cores = std::clamp(config.cores, 1, 8);
    config.timer_period = std::max(1u, config.timer_period);
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

int Machine::load(std::shared_ptr<const Image> image, const std::string& name, int parent) {
    if (static_cast<int>(processes.size()) >= config.limits.max_processes) {
        stop_message = fmt::format("process limit reached: at most {} processes may be created "
                                   "(Config::limits.max_processes)",
                                   config.limits.max_processes);
        return 0;
    }
    Process p;
    p.pid = static_cast<int>(processes.size()) + 1;
    p.parent = parent;
    p.name = name;
    p.image = image;
    p.heap_end = layout::kHeapBase;

    Region tramp{"trampoline", RegionKind::Trampoline, layout::kTrampolineBase,
                 layout::kTrampolineSize, PermR | PermX, 0, false, {}};
    p.mem.map(std::move(tramp));
    p.mem.regions.front().bytes = trampoline_code();

    auto map_segment = [&](const char* rname, RegionKind kind, uint32_t base, uint8_t perms,
                           const std::vector<uint8_t>& bytes) {
        Region r{rname, kind, base, round_up(std::max<uint32_t>(static_cast<uint32_t>(bytes.size()), 4), 16),
                 perms, 0, false, {}};
        p.mem.map(std::move(r));
        Region* mapped = p.mem.find(base);
        std::copy(bytes.begin(), bytes.end(), mapped->bytes.begin());
    };
    map_segment("code", RegionKind::Code, layout::kCodeBase, PermR | PermX, image->text.bytes);
    map_segment("data", RegionKind::Data, layout::kDataBase, PermR | PermW, image->data.bytes);

    int pid = p.pid;
    processes.push_back(std::move(p));
    note(EventKind::ProcessStart, pid, 0, fmt::format("process {} '{}' starts", pid, name), parent);
    int tid = create_thread(pid, image->entry, 0, "main");
    if (tid == 0) return 0;
    return pid;
}

int Machine::create_thread(int pid, uint32_t entry, uint32_t arg, const std::string& name) {
    Process& p = process(pid);
    std::vector<bool> used(layout::kMaxThreadSlots, false);
    int live = 0;
    for (int t : p.threads)
        if (thread(t).state != ThreadState::Done) {
            used[static_cast<size_t>(thread(t).slot)] = true;
            ++live;
        }
    if (live >= config.limits.max_threads_per_process) {
        stop_message = fmt::format("thread limit reached: process {} already has {} live threads "
                                   "(at most {})",
                                   pid, live, config.limits.max_threads_per_process);
        return 0;
    }
    int slot = static_cast<int>(std::find(used.begin(), used.end(), false) - used.begin());
    uint32_t stack_bytes = layout::kStackSize + layout::kTlsSize;
    if (p.mem.mapped_bytes() + stack_bytes > config.limits.max_memory_per_process) {
        stop_message = fmt::format("memory limit reached: process {} would need {} bytes "
                                   "(at most {})",
                                   pid, p.mem.mapped_bytes() + stack_bytes,
                                   config.limits.max_memory_per_process);
        return 0;
    }

    Thread t;
    t.tid = static_cast<int>(threads.size()) + 1;
    t.pid = pid;
    t.slot = slot;
    t.name = name;
    t.state_since = now;
    p.mem.map({fmt::format("guard t{}", t.tid), RegionKind::Guard, layout::guard_base(slot),
               layout::kGuardSize, 0, t.tid, false, {}});
    p.mem.map({fmt::format("stack t{}", t.tid), RegionKind::Stack, layout::stack_base(slot),
               layout::kStackSize, PermR | PermW, t.tid, false, {}});
    p.mem.map({fmt::format("tls t{}", t.tid), RegionKind::Tls, layout::tls_base(slot),
               layout::kTlsSize, PermR | PermW, t.tid, false, {}});
    const auto& tls_init = p.image->tls.bytes;
    for (size_t i = 0; i < tls_init.size() && i < layout::kTlsSize; ++i)
        p.mem.poke8(layout::tls_base(slot) + static_cast<uint32_t>(i), tls_init[i]);

    // The initial stack holds one word: the return address into the
    // trampoline, so that returning from the entry function ends the thread.
    uint32_t sp = layout::stack_top(slot) - 4;
    p.mem.poke32(sp, p.threads.empty() ? kMainReturn : kThreadReturn);
    t.ctx.pc = entry;
    t.ctx.regs[SP] = sp;
    t.ctx.regs[TP] = layout::tls_base(slot);
    t.ctx.regs[1] = arg;
    p.threads.push_back(t.tid);
    int tid = t.tid;
    threads.push_back(std::move(t));
    note(EventKind::ThreadStart, pid, tid, fmt::format("thread {} '{}' created", tid, name));
    make_ready(tid);
    return tid;
}

void Machine::set_state(Thread& t, ThreadState s) {
    uint64_t spent = now > t.state_since ? now - t.state_since : 0;
    if (t.state == ThreadState::Ready || t.state == ThreadState::New) t.cycles_ready += spent;
    if (t.state == ThreadState::Blocked) t.cycles_blocked += spent;
    t.state = s;
    t.state_since = now;
}

void Machine::make_ready(int tid) {
    Thread& t = thread(tid);
    if (t.state == ThreadState::New) t.arrival = now;
    bool preempted = t.state == ThreadState::Running;
    set_state(t, ThreadState::Ready);
    t.reason = BlockReason::None;
    sched.make_ready(threads, tid, preempted);
    // An idle core wakes up to run it (the inter-processor interrupt).
    for (Core& c : cores)
        if (c.parked) {
            c.parked = false;
            c.clock = std::max(c.clock, now);
            c.next_timer = (c.clock / config.timer_period + 1) * config.timer_period;
            return;
        }
    if (!preempted) preempt_for(tid);
}

void Machine::preempt_for(int ready_tid) {
    for (Core& c : cores)
        if (c.tid && sched.should_preempt(threads, thread(c.tid), ready_tid)) {
            int tid = c.tid;
            switch_out(c, SwitchReason::Timer);
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
    if (reason == BlockReason::Sleep) next_wake = std::min(next_wake, t.wake_at);
    note(EventKind::Block, t.pid, tid,
         fmt::format("thread {} blocks on {} {}", tid, block_reason_name(reason), wait_on));
}

void Machine::wake(int tid) {
    Thread& t = thread(tid);
    if (t.state != ThreadState::Blocked) return;
    note(EventKind::Wake, t.pid, tid, fmt::format("thread {} wakes ({})", tid, block_reason_name(t.reason)));
    make_ready(tid);
}

void Machine::finish_thread(int tid, uint32_t value) {
    Thread& t = thread(tid);
    if (t.state == ThreadState::Done) return;
    if (t.core >= 0) switch_out(cores[static_cast<size_t>(t.core)], SwitchReason::Exit);
    sched.remove(tid);
    set_state(t, ThreadState::Done);
    t.exit_value = value;
    t.finished = now;
    int pid = t.pid;
    Process& p = process(pid);
    // Its stack, guard and thread-local block go away with it.
    for (uint32_t base : {layout::guard_base(t.slot), layout::stack_base(t.slot), layout::tls_base(t.slot)})
        p.mem.unmap(base);
    note(EventKind::ThreadExit, pid, tid, fmt::format("thread {} ends with {}", tid, static_cast<int32_t>(value)));
    for (Thread& o : threads)
        if (o.state == ThreadState::Blocked && o.reason == BlockReason::Join && o.wait_on == tid) {
            o.ctx.regs[0] = value;
            wake(o.tid);
        }
    bool any_live = std::any_of(p.threads.begin(), p.threads.end(),
                                [&](int x) { return thread(x).state != ThreadState::Done; });
    if (!any_live && !p.exited) exit_process(pid, static_cast<int32_t>(value));
}

void Machine::exit_process(int pid, int code) {
    Process& p = process(pid);
    if (p.exited) return;
    p.exited = true;
    p.exit_code = code;
    p.state = ProcessState::Zombie;
    for (int tid : std::vector<int>(p.threads)) finish_thread(tid, static_cast<uint32_t>(code));
    note(EventKind::ProcessExit, pid, 0, fmt::format("process {} exits with {}", pid, code));
    if (p.parent)
        for (Thread& o : threads)
            if (o.pid == p.parent && o.state == ThreadState::Blocked &&
                o.reason == BlockReason::WaitChild && (o.wait_on == 0 || o.wait_on == pid)) {
                o.ctx.regs[0] = static_cast<uint32_t>(pid);
                o.ctx.regs[1] = static_cast<uint32_t>(code);
                process(pid).state = ProcessState::Reaped;
                wake(o.tid);
                break;
            }
}

void Machine::kill_process(int pid, const FaultReport& why) {
    last_fault = why;
    ++faults;
    note(EventKind::Fault, pid, why.tid,
         fmt::format("{} at pc {:#x}, address {:#x}: process {} killed", fault_name(why.fault), why.pc,
                     why.addr, pid));
    process(pid).fault = why;
    exit_process(pid, -1);
}

void Machine::print(int pid, std::string_view text) {
    process(pid).output += text;
    console += text;
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

bool Machine::all_done() const { return live_threads() == 0; }

int Machine::live_threads() const {
    return static_cast<int>(std::count_if(threads.begin(), threads.end(),
                                          [](const Thread& t) { return t.state != ThreadState::Done; }));
}

std::string Machine::source_line(int pid, uint32_t addr) const {
    if (pid < 1 || pid > static_cast<int>(processes.size())) return "";
    const Image* img = process(pid).image.get();
    if (!img) return "";
    auto loc = img->line_of(addr);
    if (!loc || loc->file < 0 || loc->file >= static_cast<int>(img->files.size())) return "";
    const SourceFile& f = img->files[static_cast<size_t>(loc->file)];
    std::string text;
    if (loc->line >= 1 && loc->line <= static_cast<int>(f.lines.size())) text = f.lines[static_cast<size_t>(loc->line - 1)];
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
            Event e{now, EventKind::Switch, core.index, thread(core.prev_tid).pid, 0, core.prev_tid, core.pending, "idle"};
            log.add(std::move(e));
            core.prev_tid = 0;
            core.pending = SwitchReason::Idle;
        }
        return false;
    }
    Thread& t = thread(tid);
    // Restoring a context costs cycles; changing address spaces costs more.
    uint32_t cost = 0;
    if (core.last_pid && core.last_pid != t.pid) cost = config.process_switch_cost;
    else if (core.prev_tid != tid && core.last_pid) cost = config.thread_switch_cost;
    Event e{now, EventKind::Switch, core.index, t.pid, tid, core.prev_tid, core.pending,
            fmt::format("core {}: {} → thread {}", core.index,
                        core.prev_tid ? fmt::format("thread {}", core.prev_tid) : std::string("idle"), tid)};
    log.add(std::move(e));
    core.clock += cost;
    core.tid = tid;
    core.ctx = t.ctx;
    core.last_pid = t.pid;
    core.prev_tid = 0;
    t.core = core.index;
    t.slice_used = 0;
    if (t.first_run == UINT64_MAX) t.first_run = now;
    set_state(t, ThreadState::Running);
    return true;
}

void Machine::timer_interrupt(Core& core) {
    if (!core.tid) return;
    Thread& t = thread(core.tid);
    if (!sched.tick(threads, t, config.timer_period)) return;
    if (sched.empty()) { // slice over but nobody else wants the core
        t.slice_used = 0;
        return;
    }
    int tid = core.tid;
    switch_out(core, SwitchReason::Timer);
    make_ready(tid);
}

void Machine::wake_sleepers() {
    if (now < next_wake) return;
    next_wake = UINT64_MAX;
    for (Thread& t : threads)
        if (t.state == ThreadState::Blocked && t.reason == BlockReason::Sleep) {
            if (t.wake_at <= now) wake(t.tid);
            else next_wake = std::min(next_wake, t.wake_at);
        }
}

// All cores are parked. Either time must jump to the next timed wake-up, or
// nothing can ever run again.
bool Machine::handle_idle() {
    if (next_wake == UINT64_MAX) return false;
    for (Core& c : cores) c.idle_cycles += next_wake > c.clock ? next_wake - c.clock : 0;
    now = std::max(now, next_wake);
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
    // Bounded: each pass either runs an instruction or parks a core, and a
    // parked core is only woken by making a thread ready.
    for (int pass = 0; pass < 64; ++pass) {
        if (all_done()) {
            res.stop = StopReason::AllDone;
            return res;
        }
        bool any_unparked = std::any_of(cores.begin(), cores.end(), [](const Core& c) { return !c.parked; });
        if (!any_unparked) {
            if (!handle_idle()) {
                res.stop = StopReason::Deadlock;
                stop_message = describe_deadlock(*this);
                note(EventKind::Deadlock, 0, 0, stop_message);
                return res;
            }
            continue;
        }
        Core& c = next_core();
        now = std::max(now, c.clock);
        wake_sleepers();
        if (!c.tid && !switch_in(c)) {
            c.parked = true;
            continue;
        }

        int tid = c.tid;
        Thread& t = thread(tid);
        int pid = t.pid;
        res.before = c.ctx;
        res.cycle = c.clock;
        c.before = c.ctx;
        StepOutcome o = execute(c.ctx, process(pid).mem);
        c.last = o;
        c.clock += o.cycles;
        c.busy_cycles += o.cycles;
        t.cycles_running += o.cycles;
        t.instructions++;
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
        if (faults != faults_before) res.stop = StopReason::Fault; // the CPU's, or a bad syscall
        res.after = context_of(tid);
        while (c.clock >= c.next_timer) {
            c.next_timer += config.timer_period;
            timer_interrupt(c);
        }
        if (stop_requested) {
            stop_requested = false;
            res.stop = StopReason::Paused;
        }
        return res;
    }
    res.stop = StopReason::Budget; // only idle passes: let the caller try again
    return res;
}

RunResult Machine::run(uint64_t budget) {
    RunResult rr;
    while (rr.steps < budget) {
        StepResult s = step();
        if (!s.executed) {
            if (s.stop == StopReason::Budget) continue;
            rr.reason = s.stop;
            return rr;
        }
        ++rr.steps;
        if (s.stop == StopReason::Fault || s.stop == StopReason::Paused) {
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
