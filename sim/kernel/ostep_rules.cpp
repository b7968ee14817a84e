#include "sim/kernel/ostep_rules.h"

#include "sim/kernel/machine.h"

#include <fmt/format.h>

namespace gb {

namespace {

bool ostep_mlfq(const Machine& m) {
    return m.sched.ostep() && m.sched.params.policy == Policy::Mlfq;
}

// mlfq.py's boost: the top queue keeps its order, then every lower queue's
// threads follow, the bottom queue's first (a running thread heads its
// level's group, as it heads its queue in mlfq.py); everyone gets a fresh
// quantum and allotment at the top, including the threads in I/O.
void ostep_boost(Machine& m) {
    Scheduler& s = m.sched;
    std::deque<int> top = s.queues[0];
    for (size_t l = s.queues.size(); l-- > 1;) {
        for (Core& c : m.cores)
            if (c.tid && m.thread(c.tid).level == static_cast<int>(l)) {
                int tid = c.tid;
                m.switch_out(c, SwitchReason::Preempt);
                m.set_state(m.thread(tid), ThreadState::Ready);
                top.push_back(tid);
            }
        top.insert(top.end(), s.queues[l].begin(), s.queues[l].end());
        s.queues[l].clear();
    }
    s.queues[0] = std::move(top);
    for (Thread& t : m.threads) {
        if (t.state == ThreadState::Done) continue;
        t.level = 0;
        t.ostep_quantum_cycles = 0;
        t.ostep_quanta_used = 0;
    }
    ++s.boosts;
    m.note(EventKind::Timer, Msg::MlfqBoostOstep, 0, 0, 0);
}

} // namespace

// process-run.py's IO_RUN_IMMEDIATE: a thread whose I/O completes now
// takes the CPU from whoever runs (several at once: the last in id order).
void ostep_io_runs_immediately(Machine& m) {
    for (Thread& t : m.threads) {
        if (t.state != ThreadState::Blocked || t.reason != BlockReason::Sleep || t.wake_at > m.now)
            continue;
        for (Core& c : m.cores)
            if (c.tid) {
                int running = c.tid;
                m.switch_out(c, SwitchReason::Preempt);
                m.make_ready(running);
            }
        m.sched.run_next = t.tid;
    }
}

void ostep_before_wakeups(Machine& m) {
    if (m.sched.ostep() && m.sched.params.policy == Policy::Fifo &&
        m.sched.params.io_runs_immediately)
        ostep_io_runs_immediately(m);
    if (!ostep_mlfq(m)) return;
    const uint64_t period = m.config.timer_period;
    if (m.sched.params.mlfq_boost_ticks) {
        uint64_t epoch = m.now / period / m.sched.params.mlfq_boost_ticks;
        if (epoch > m.sched.boost_epoch) {
            m.sched.boost_epoch = epoch;
            ostep_boost(m);
        }
    }
    for (Thread& t : m.threads) {
        if (t.state == ThreadState::New && t.start_at <= m.now) {
            m.note(EventKind::Note, Msg::ThreadArrives, t.pid, t.tid, 0, t.tid);
            m.make_ready(t.tid);
        }
    }
    if (!m.sched.params.mlfq_io_to_front) return;
    for (Thread& t : m.threads) {
        if (t.state != ThreadState::Blocked || t.reason != BlockReason::Sleep || t.wake_at > m.now)
            continue;
        t.preempted = true; // make_ready puts it at the front of its queue
        // mlfq.py puts it ahead of the job at the head of that queue, even
        // the running one, which waits right behind it with its slice.
        for (Core& c : m.cores)
            if (c.tid && m.thread(c.tid).level == t.level) {
                int running = c.tid;
                m.switch_out(c, SwitchReason::Preempt);
                m.thread(running).preempted = true;
                m.make_ready(running);
            }
    }
}

void ostep_after_instruction(Machine& m, Core& core, int tid, uint64_t cycles) {
    if (!m.sched.ostep()) return;
    Thread& t = m.thread(tid);
    if (ostep_mlfq(m) && t.state != ThreadState::Done) {
        Scheduler& s = m.sched;
        t.ostep_quantum_cycles += cycles;
        const bool slice_over =
            t.ostep_quantum_cycles >= uint64_t{s.quantum_at(t.level)} * m.config.timer_period;
        if (t.state == ThreadState::Blocked && s.params.mlfq_stay_on_io) {
            // -S: an I/O resets the quantum and the allotment (and, as in
            // mlfq.py, a quantum that ended with this very tick still counts).
            t.ostep_quantum_cycles = 0;
            t.ostep_quanta_used = 0;
        }
        if (slice_over) {
            t.ostep_quantum_cycles = 0;
            // An allotment of 0 never runs out (mlfq.py counts it down past zero).
            const uint32_t allotment = s.allotment_quanta_at(t.level);
            if (allotment != 0 && ++t.ostep_quanta_used >= allotment) {
                t.ostep_quanta_used = 0;
                if (t.level < s.params.mlfq_levels - 1) {
                    ++t.level;
                    m.note(EventKind::Timer, Msg::AllotmentUsed, t.pid, tid, 0, tid, t.level);
                }
            }
            if (core.tid == tid) { // requeue at the back of its (new) level
                m.switch_out(core, SwitchReason::Timer);
                m.make_ready(tid);
            }
        }
    }
    ostep_before_wakeups(m);
}

} // namespace gb
