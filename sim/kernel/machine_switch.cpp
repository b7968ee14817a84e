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
