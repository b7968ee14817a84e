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

#include "sim/kernel/mt19937.h"
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

// Whose rules decide the details where Glassbox and the homework simulators
// of OSTEP (mlfq.py, lottery.py) differ; docs/kernel.md sets them side by side.
//   glassbox  the rules above: slices counted in timer ticks, allotments in
//             cycles, a fresh slice after every block, lottery draws from
//             the machine's Rng over the ready queue.
//   ostep     mlfq.py's: a slice is counted in cycles of running and kept
//             across an I/O; the allotment is counted in whole quanta per
//             level; at a tick boundary the thread whose slice ended is
//             requeued and a boost applied before same-tick arrivals and
//             I/O completions queue (arrivals first); a boost gives every
//             thread a fresh quantum and moves the running one to the top
//             queue behind the others. lottery.py's: the winner is
//             int(random() * 1000001) mod the ticket total from Python's
//             random stream (Scheduler::py_random), walking the ready
//             threads in id order, with a draw at the end of every slice.
//             process-run.py's (fifo): the next ready thread after the
//             last to run in id order, and its SWITCH_ON_END and
//             IO_RUN_IMMEDIATE behaviours (SchedParams::run_to_end,
//             io_runs_immediately). These rules are applied here and by
//             sim/kernel/ostep_rules.cpp.
enum class SchedRules : uint8_t { Glassbox, Ostep };
std::string_view sched_rules_name(SchedRules r);

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
    SchedRules rules = SchedRules::Glassbox;
    // OSTEP rules only: quanta a thread may use at a level before it moves
    // down (level 0 first; past its end, the last value; empty: 1).
    std::vector<uint32_t> mlfq_allotment_quanta;
    bool mlfq_stay_on_io = false;  // mlfq.py -S: issuing an I/O resets the allotment, same level
    bool mlfq_io_to_front = false; // mlfq.py -I: a thread back from I/O goes to the front
    // OSTEP rules, fifo (process-run.py): the next thread is the first ready
    // one after the last to run, in id order round the circle; with
    // run_to_end a thread keeps the CPU while it waits for I/O (the core
    // idles: SWITCH_ON_END); with io_runs_immediately a thread whose I/O
    // completes takes the CPU at once (IO_RUN_IMMEDIATE).
    bool run_to_end = false;
    bool io_runs_immediately = false;
};

// One lottery draw under the OSTEP rules, as lottery.py prints it.
struct LotteryDraw {
    uint64_t number = 0; // int(random() * 1000001)
    uint64_t winner = 0; // number mod total
    uint64_t total = 0;  // tickets of the ready threads
    int tid = 0;         // the thread that holds the winning ticket
};

struct Scheduler {
    SchedParams params;
    std::vector<std::deque<int>> queues; // ready tids; queues[0] is the highest level
    uint64_t boost_epoch = 0;            // boost periods seen (MLFQ rule 5)
    uint64_t boosts = 0;                 // how many boosts happened
    PyRandom py_random;                  // OSTEP rules: lottery.py's random stream
    std::vector<LotteryDraw> draws;      // OSTEP rules: every lottery draw, in order
    int last_picked = 0;                 // OSTEP rules, fifo: the thread that last got a core
    int run_next = 0; // OSTEP rules, fifo: the next pick takes this thread (IO_RUN_IMMEDIATE)

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
    // The slice length, in ticks, after which tick() says `t`'s slice is
    // over; 0 when tick() never does (the thread runs until it gives up).
    uint32_t slice_ticks(const Thread& t) const;
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
    // OSTEP rules: the allotment at an MLFQ level, in quanta.
    uint32_t allotment_quanta_at(int level) const;
    bool ostep() const { return params.rules == SchedRules::Ostep; }
    void remove(int tid);
    // OSTEP rules: process-run.py's choice of the next process.
    int ostep_fifo_pick(const std::vector<Thread>& threads);
    // OSTEP rules: lottery.py's draw over the ready queue `q`.
    std::deque<int>::iterator ostep_lottery_draw(std::deque<int>& q,
                                                 const std::vector<Thread>& threads);
    bool empty() const;
    size_t ready_count() const;
};

} // namespace gb
