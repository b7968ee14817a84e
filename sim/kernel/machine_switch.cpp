// Switching threads on and off cores, the timer interrupt, timed wake-ups
// and which core runs next (the interleaving rule in machine.h).
#include "sim/kernel/machine.h"

#include "sim/kernel/io/io.h"
#include "sim/kernel/ostep_rules.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

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
            Event e;
            e.cycle = core.clock;
            e.kind = EventKind::Switch;
            e.reason = core.pending;
            e.msg = Msg::SwitchToIdle;
            e.core = core.index;
            e.pid = thread(core.prev_tid).pid;
            e.other = core.prev_tid;
            e.args = {core.index, core.prev_tid};
            log.add(e);
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
    Event e;
    e.cycle = core.clock;
    e.kind = EventKind::Switch;
    e.reason = core.pending;
    e.core = core.index;
    e.pid = t.pid;
    e.tid = tid;
    e.other = core.prev_tid;
    if (core.prev_tid) {
        e.msg = Msg::SwitchThread;
        e.args = {core.index, core.prev_tid, tid};
    } else {
        e.msg = Msg::SwitchFromIdle;
        e.args = {core.index, tid};
    }
    log.add(e);
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
        note(EventKind::Timer, Msg::MlfqBoost, 0, 0, 0);
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

void Machine::take_timer_ticks(Core& core, bool while_running) {
    // Under x86.py's instruction-counting timer the cycle timer is silent.
    if (config.instruction_timer.every) return;
    const uint64_t period = config.timer_period;
    while (core.clock >= core.next_timer && (!while_running || core.tid)) {
        uint64_t due = (core.clock - core.next_timer) / period + 1;
        // The last tick due is always taken one by one (it may end a slice).
        if (due > 1 && !ticks_one_by_one && skip_quiet_ticks(core, due - 1)) continue;
        uint64_t at = core.next_timer;
        core.next_timer += period;
        timer_interrupt(core, at);
    }
}

// A tick is quiet when it starts no MLFQ boost and either the core is idle
// (a switch's dead time after the thread left) or the running thread's
// slice goes on, or ends with no rival and restarts. Nothing a quiet tick
// reads changes between quiet ticks (the ready queues, the thread's level),
// so `n` of them are taken at once: the slice count is all that moves.
uint64_t Machine::skip_quiet_ticks(Core& core, uint64_t due) {
    const uint64_t period = config.timer_period;
    uint64_t n = due;
    const SchedParams& sp = sched.params;
    if (sp.policy == Policy::Mlfq && sp.mlfq_boost_ticks && !sched.ostep()) {
        // maybe_boost fires at the first tick number (cycle / period) that
        // reaches the next boost period; only the ticks before it are quiet.
        uint64_t boost_at = (sched.boost_epoch + 1) * sp.mlfq_boost_ticks * period;
        n = core.next_timer >= boost_at
                ? 0
                : std::min(n, (boost_at - core.next_timer + period - 1) / period);
    }
    if (n && core.tid) {
        Thread& t = thread(core.tid);
        const uint64_t q = sched.slice_ticks(t);
        if (q == 0) {
            t.slice_used += n; // the slice never ends on a tick
        } else if (!sched.has_rival(threads, t)) {
            // Each tick counts one; at q the slice restarts from 0.
            t.slice_used = t.slice_used >= q ? (n - 1) % q : (t.slice_used + n) % q;
        } else {
            // With a rival, only the ticks before the slice's last are quiet.
            n = t.slice_used + 1 >= q ? 0 : std::min(n, q - 1 - t.slice_used);
            t.slice_used += n;
        }
    }
    core.next_timer += n * period;
    return n;
}

uint64_t Machine::first_loud_tick(const Core& core) const {
    const uint64_t period = config.timer_period;
    if (ticks_one_by_one || !core.tid) return core.next_timer;
    uint64_t at = UINT64_MAX;
    const SchedParams& sp = sched.params;
    if (sp.policy == Policy::Mlfq && sp.mlfq_boost_ticks && !sched.ostep()) {
        uint64_t boost_at = (sched.boost_epoch + 1) * sp.mlfq_boost_ticks * period;
        at = core.next_timer >= boost_at
                 ? core.next_timer
                 : core.next_timer + (boost_at - core.next_timer + period - 1) / period * period;
    }
    const Thread& t = threads[static_cast<size_t>(core.tid - 1)];
    const uint64_t q = sched.slice_ticks(t);
    if (q && sched.has_rival(threads, t)) {
        uint64_t quiet = t.slice_used + 1 >= q ? 0 : q - 1 - t.slice_used;
        at = std::min(at, core.next_timer + quiet * period);
    }
    return at;
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
            note(EventKind::Note, Msg::ThreadArrives, t.pid, t.tid, 0, t.tid);
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
    ostep_before_wakeups(*this); // OSTEP rules: a due boost and arrivals first
    wake_sleepers();
    return true;
}

Core& Machine::next_core() {
    Core* best = nullptr;
    for (Core& c : cores)
        if (!c.parked && (!best || c.clock < best->clock)) best = &c;
    return *best; // callers check that some core is unparked
}

} // namespace gb
