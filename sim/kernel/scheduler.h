// The scheduler: which ready thread runs next, and when a running thread's
// time slice is over. It holds only thread ids; the thread records live in
// the Machine. Policies follow OSTEP chapters 7–9:
//
//   fifo      first come, first served; a thread runs until it blocks or ends.
//   sjf       shortest job first: the ready thread with the shortest known
//             length (Thread::expected_length) runs next; no preemption.
//   stcf      shortest time-to-completion first: like sjf, and a thread that
//             becomes ready with less work left than a running one preempts it.
//   rr        round robin: each thread runs for a slice of quantum_ticks
//             timer ticks, then goes to the back of the queue.
//   priority  the highest Thread::priority runs; a higher one that becomes
//             ready preempts; equal priorities take turns (round robin).
//   mlfq      multi-level feedback queue, the textbook's five rules:
//             1. a higher level runs first; 2. within a level, round robin
//             with that level's quantum; 3. a new thread starts at the top;
//             4. once a thread has used its allotment at a level (counted in
//             cycles, however often it gave up the CPU), it moves down one;
//             5. every boost period, every thread goes back to the top.
//   lottery   each ready thread holds max(1, priority) tickets; the winner
//             of a draw from the machine's seeded PRNG runs for a slice.
#pragma once

#include "sim/kernel/rng.h"
#include "sim/kernel/thread.h"

#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <vector>

namespace gb {

enum class Policy : uint8_t { Fifo, Sjf, Stcf, RoundRobin, Priority, Mlfq, Lottery };
std::string_view policy_name(Policy p);
std::optional<Policy> parse_policy(std::string_view name); // "fifo", "rr", "mlfq", ...

struct SchedParams {
    Policy policy = Policy::RoundRobin;
    uint32_t quantum_ticks = 1; // time slice, in timer ticks (rr, priority, lottery, mlfq)
    int mlfq_levels = 3;        // number of queues; level 0 is the top
    // Per-level quantum for MLFQ (level 0 first); levels past its end use
    // its last value. Empty: every level uses quantum_ticks.
    std::vector<uint32_t> mlfq_quantum_ticks;
    uint32_t mlfq_allotment_ticks =
        4; // ticks of running a thread may use at one level before it moves down
    uint32_t mlfq_boost_ticks =
        50; // every this many ticks, everyone goes back to the top (0 = never)
};

struct Scheduler {
    SchedParams params;
    std::vector<std::deque<int>> queues; // ready tids; queues[0] is the highest level
    uint64_t boost_epoch = 0;            // boost periods seen (MLFQ rule 5)
    uint64_t boosts = 0;                 // how many boosts happened

    void reset(const SchedParams& p);
    // A thread became ready (new, woken, preempted or at the end of its
    // slice). `front`: it was preempted by a higher-priority thread and
    // keeps its place at the head of its queue.
    void make_ready(const std::vector<Thread>& threads, int tid, bool front);
    // The next thread to run, removed from the ready queues; 0 if none.
    int pick(const std::vector<Thread>& threads, Rng& rng);
    // A timer tick while `t` runs: account the tick, and say whether its
    // slice is over.
    bool tick(Thread& t) const;
    // MLFQ rule 4: charge `cycles` of running to `t`; true when it has just
    // used up its allotment and moved down a level.
    bool charge(Thread& t, uint64_t cycles, uint32_t timer_period) const;
    // MLFQ rule 5, on the timer tick number `tick` (cycle / timer period):
    // true when a boost period has begun and everyone went back to the top.
    bool maybe_boost(std::vector<Thread>& threads, uint64_t tick);
    // Whether a ready thread deserves the core more than, or as much as,
    // `running` whose slice is over (otherwise `running` just carries on).
    bool has_rival(const std::vector<Thread>& threads, const Thread& running) const;
    // Whether a newly ready thread should preempt running thread `running` (STCF, priority, MLFQ).
    bool should_preempt(const std::vector<Thread>& threads, const Thread& running,
                        int ready_tid) const;
    // The time slice at an MLFQ level (quantum_ticks for other policies).
    uint32_t quantum_at(int level) const;
    void remove(int tid);
    bool empty() const;
    size_t ready_count() const;
};

} // namespace gb
