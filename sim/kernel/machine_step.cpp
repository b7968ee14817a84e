// The exact path: one instruction with all its bookkeeping (step), and
// the checks every step starts with.
#include "sim/kernel/machine.h"

#include "sim/kernel/container.h"
#include "sim/kernel/io/io.h"
#include "sim/kernel/ostep_rules.h"
#include "sim/kernel/syscalls.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

StepResult Machine::step() {
    StepResult res;
    if (config.limits.max_instructions && instructions >= config.limits.max_instructions) {
        res.stop = StopReason::Paused;
        stop_why = because(Why::InstructionLimit, instructions);
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
                        stop_why = because(Why::WaitsForConsole, t.tid, t.pid);
                        note(EventKind::Note, Msg::WaitsForConsole, t.pid, t.tid, 0, t.tid, t.pid);
                        return res;
                    }
                res.stop = StopReason::Deadlock;
                deadlock_cycle = find_wait_cycle(*this);
                stop_why = because(Why::Deadlock);
                note(EventKind::Deadlock, Msg::Deadlock, 0, 0, 0,
                     std::count_if(threads.begin(), threads.end(),
                                   [](const Thread& b) { return b.state == ThreadState::Blocked; }),
                     deadlock_cycle.size());
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
        ostep_after_instruction(*this, c, tid, o.cycles); // OSTEP rules (ostep_rules.h)
        instruction_timer_after(*this, c, tid,
                                o.kind == StepKind::Syscall && o.instr.imm == SYS_YIELD);
        // MLFQ rule 4: a thread that has used up its allotment at a level
        // moves down, however many times it gave up the CPU before; if it
        // still holds the core, its slice ends there.
        if (demoted) {
            Thread& t = thread(tid);
            note(EventKind::Timer, Msg::AllotmentUsed, pid, tid, 0, tid, t.level);
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
        take_timer_ticks(c);
        // cpu.max: the instruction's cycles count against its container's quota.
        if (!containers.empty()) container_charge_cpu(*this, pid, o.cycles);
        if (pending_stop) {
            res.stop = *pending_stop;
            pending_stop.reset();
        }
        return res;
    }
    res.stop = StopReason::Budget; // only idle passes: let the caller try again
    return res;
}

} // namespace gb
