#include "sim/kernel/ostep_rules.h"

#include "sim/kernel/machine.h"

#include <algorithm>
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

namespace {

uint32_t draw_instruction_count(Machine& m) {
    const InstructionTimer& it = m.config.instruction_timer;
    if (!it.random) return it.every;
    return static_cast<uint32_t>(m.sched.py_random.random() * it.every) + 1;
}

// Puts `tid` at the front of the ready queue (it runs next).
void run_next(Machine& m, int tid) {
    std::deque<int>& q = m.sched.queues[0];
    auto it = std::find(q.begin(), q.end(), tid);
    if (it == q.end()) return;
    q.erase(it);
    q.push_front(tid);
}

// x86.py -P: every instruction is an interrupt, and the schedule says who is next.
void scheduled_switch(Machine& m, Core& core, int tid) {
    const std::vector<int>& order = m.config.instruction_timer.schedule;
    auto advance = [&] {
        for (size_t n = 0; n < order.size(); ++n) {
            core.schedule_at = (core.schedule_at + 1) % order.size();
            if (m.thread(order[core.schedule_at]).state != ThreadState::Done) return;
        }
    };
    core.passed_over = 0;
    if (m.thread(tid).state == ThreadState::Done) { // the halt's switch, then the interrupt's
        advance();
        core.passed_over = order[core.schedule_at];
    }
    advance();
    ++core.instruction_interrupts;
    int next = order[core.schedule_at];
    if (core.tid == next) return; // its turn again: it runs on
    if (core.tid) {
        m.switch_out(core, SwitchReason::Timer);
        m.make_ready(tid);
    }
    run_next(m, next);
}

} // namespace

void instruction_timer_begin(Machine& m) {
    const std::vector<int>& order = m.config.instruction_timer.schedule;
    if (!m.config.instruction_timer.every || order.empty() || m.sched.queues.empty()) return;
    for (Core& c : m.cores)
        c.schedule_at = 0;
    run_next(m, order[0]);
}

void instruction_timer_after(Machine& m, Core& core, int tid, bool yielded) {
    if (!m.config.instruction_timer.every || m.all_done()) return;
    if (!m.config.instruction_timer.schedule.empty()) return scheduled_switch(m, core, tid);
    if (core.instructions_left == 0) core.instructions_left = draw_instruction_count(m);
    if (--core.instructions_left != 0 && !yielded) return;
    core.instructions_left = draw_instruction_count(m);
    ++core.instruction_interrupts;
    core.passed_over = 0;
    if (core.tid == tid) { // still running: to the back of the queue (alone, it runs on)
        m.switch_out(core, SwitchReason::Timer);
        m.make_ready(tid);
    } else if (!yielded && m.thread(tid).state == ThreadState::Done &&
               m.config.instruction_timer.halt_switches_twice && !m.sched.queues.empty() &&
               !m.sched.queues[0].empty()) {
        // x86.py switched to the next thread at the halt, and the interrupt
        // switches again before that thread runs an instruction.
        std::deque<int>& q = m.sched.queues[0];
        core.passed_over = q.front();
        q.pop_front();
        q.push_back(core.passed_over);
    }
}

} // namespace gb
