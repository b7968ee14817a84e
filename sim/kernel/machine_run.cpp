// run(): many instructions, fast, with exactly the result of as many
// step() calls.
//
// Most instructions need none of step()'s bookkeeping: no thread changes
// state, no event is logged, no timer fires, no sleeper wakes. So run()
// finds the core that step() would run next and lets it run a burst
// (run_burst in cpu.h) up to the earliest moment something else could
// happen: the other cores' turn (the interleaving rule in machine.h), the
// next wake-up or device event, the MLFQ allotment running out, a
// breakpoint, a watched write, a `sys`, a `halt`, a fault, the budget. A
// timer tick ends the burst too; its interrupt is taken exactly as step()
// takes it, and the burst carries on if the same thread keeps the core.
// Whatever the burst stopped before is then done by step() itself.
// tests/test_cosim.cpp checks that both ways reach the same state.
#include "sim/kernel/machine.h"

#include <algorithm>

namespace gb {

uint64_t Machine::run_fast(uint64_t budget, bool& at_breakpoint) {
    // Containers charge CPU quotas per instruction, and OSTEP's rules act
    // after every instruction (ostep_rules.h): both take the exact path.
    if (!containers.empty() || sched.params.rules == SchedRules::Ostep || all_done()) return 0;
    if (config.limits.max_instructions) {
        if (instructions >= config.limits.max_instructions) return 0;
        budget = std::min(budget, config.limits.max_instructions - instructions);
    }
    // The core step() would pick, and the first clock at which another would go first.
    Core* core = nullptr;
    for (Core& c : cores)
        if (!c.parked && (!core || c.clock < core->clock)) core = &c;
    if (!core || !core->tid) return 0;
    if (config.instruction_timer.every) return 0; // x86.py's timer: step() counts each one
    uint64_t start_before = UINT64_MAX;
    for (const Core& c : cores)
        if (!c.parked && &c != core)
            start_before = std::min(start_before, c.index < core->index ? c.clock : c.clock + 1);
    // The next moment the kernel has something to do (wake_sleepers).
    uint64_t event_at = std::min(next_wake, io.timed.empty() ? UINT64_MAX : io.timed.front().at);
    if (std::max(now, core->clock) >= event_at) return 0;

    const int tid = core->tid;
    Thread& t = thread(tid);
    Process& p = process(t.pid);
    burst_watched_.clear();
    for (const Watch& w : watches)
        if (!w.pid || w.pid == t.pid) burst_watched_.push_back(w.addr);
    const bool mlfq = sched.params.policy == Policy::Mlfq;
    const uint64_t allotment = uint64_t{sched.params.mlfq_allotment_ticks} * config.timer_period;

    uint64_t ran = 0;
    while (ran < budget) {
        BurstLimits limits;
        limits.max_instructions = budget - ran;
        limits.start_before = start_before;
        limits.end_before = event_at;
        if (mlfq) {
            // Scheduler::charge demotes at this cycle: step() does that one.
            if (t.allotment_used >= allotment) break;
            limits.end_before = std::min(event_at, core->clock + (allotment - t.allotment_used));
        }
        // Ticks before this one only count (Machine::first_loud_tick): the
        // burst runs over them and take_timer_ticks takes them afterwards.
        limits.stop_at = first_loud_tick(*core);
        limits.breakpoints = &breakpoints;
        limits.watched = burst_watched_;
        Burst b = run_burst(core->ctx, p.mem, core->clock, limits, core->before, core->last);
        if (!b.instructions) break;
        // What step() counts for each instruction, for the whole burst at once.
        ran += b.instructions;
        instructions += b.instructions;
        t.instructions += b.instructions;
        t.cycles_running += b.cycles;
        if (mlfq) t.allotment_used += b.cycles;
        core->busy_cycles += b.cycles;
        now = std::max(now, core->clock);
        // The timer, as at the end of step().
        take_timer_ticks(*core);
        // As run() checks after each step.
        if (core->tid && !breakpoints.empty() && breakpoints.count(core->ctx.pc)) {
            at_breakpoint = true;
            break;
        }
        // Carry on while the same thread holds the core and nothing else is due.
        if (core->tid != tid || core->clock >= start_before || core->clock >= event_at) break;
    }
    return ran;
}

RunResult Machine::run(uint64_t budget) {
    RunResult rr;
    while (rr.steps < budget) {
        bool at_breakpoint = false;
        if (uint64_t n = run_fast(budget - rr.steps, at_breakpoint)) {
            rr.steps += n;
            if (at_breakpoint) {
                rr.reason = StopReason::Breakpoint;
                return rr;
            }
            continue;
        }
        // The exact path, for the instruction the fast path stopped before.
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
