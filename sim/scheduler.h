// The scheduler: which ready thread runs next, and when a running thread's
// time slice is over. It holds only thread ids; the thread records live in
// the Machine. Policies follow OSTEP chapters 7–9.
#pragma once

#include "rng.h"
#include "thread.h"

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
    uint32_t quantum_ticks = 1;     // time slice, in timer ticks (RR, priority, lottery, MLFQ top level)
    int mlfq_levels = 3;
    uint32_t mlfq_allotment_ticks = 4; // ticks a thread may use at one level before it moves down
    uint32_t mlfq_boost_ticks = 50;    // every this many ticks, everyone goes back to the top (0 = never)
};

struct Scheduler {
    SchedParams params;
    std::vector<std::deque<int>> queues; // ready tids; queues[0] is the highest level
    uint64_t ticks = 0;                  // timer ticks seen (for the MLFQ boost)

    void reset(const SchedParams& p);
    // A thread became ready (new, woken, or preempted).
    void make_ready(const std::vector<Thread>& threads, int tid, bool preempted);
    // The next thread to run, removed from the ready queues; 0 if none.
    int pick(const std::vector<Thread>& threads, Rng& rng);
    // A timer tick while `t` runs: account the tick, and say whether its
    // slice is over (the kernel then preempts it if anyone else is ready).
    bool tick(std::vector<Thread>& threads, Thread& t, uint32_t timer_period);
    // Whether a newly ready thread should preempt running thread `running` (STCF, priority).
    bool should_preempt(const std::vector<Thread>& threads, const Thread& running, int ready_tid) const;
    void remove(int tid);
    bool empty() const;
    size_t ready_count() const;
};

} // namespace gb
