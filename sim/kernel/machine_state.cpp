// State changes of threads and processes: ready, block, wake, finish,
// exit, kill. Each one keeps the scheduler's queues and the counts in step.
#include "sim/kernel/machine.h"

#include "sim/isa/memlayout.h"
#include "sim/kernel/container.h"
#include "sim/kernel/io/io.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

void Machine::set_state(Thread& t, ThreadState s) {
    uint64_t spent = now > t.state_since ? now - t.state_since : 0;
    if (t.state == ThreadState::Ready) t.cycles_ready += spent;
    if (t.state == ThreadState::Blocked) {
        t.cycles_blocked += spent;
        if (is_io_wait(t.reason)) t.cycles_blocked_io += spent;
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
            // A tick that fell due with the instruction just run belongs to
            // the running thread: charge it before the thread leaves (the
            // timer would find the core empty and the thread would get one
            // tick more than its slice). If its slice ends there, it queues
            // behind the newcomer as any slice's end does.
            while (c.tid && c.clock >= c.next_timer) {
                uint64_t at = c.next_timer;
                c.next_timer += config.timer_period;
                timer_interrupt(c, at);
            }
            if (!c.tid) return;
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
    --live_threads_;
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
    for (int tid : std::vector<int>(p.threads))
        finish_thread(tid, static_cast<uint32_t>(code));
    // Its requests are cancelled and its descriptors closed: a pipe's
    // reader sees the end of data once the last writer is gone.
    io_process_exit(*this, pid);
    fd_close_all(*this, pid);
    note(EventKind::ProcessExit, pid, 0, fmt::format("process {} exits with {}", pid, code));
    int parent = process(pid).parent;
    if (parent)
        for (Thread& o : threads)
            if (o.pid == parent && o.state == ThreadState::Blocked &&
                o.reason == BlockReason::WaitChild && (o.wait_on == 0 || o.wait_on == pid)) {
                o.ctx.regs[0] =
                    static_cast<uint32_t>(container_pid(*this, pid)); // as the parent numbers it
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
         fmt::format("{} at pc {:#x}, address {:#x}: process {} killed", fault_name(why.fault),
                     why.pc, why.addr, pid));
    process(pid).fault = why;
    exit_process(pid, -1);
}

} // namespace gb
