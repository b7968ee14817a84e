// The event-loop picture (lesson 14): each interest set (the epoll idea,
// poll.h) with what every descriptor in it is, which of them are ready now
// (the ready list the next poll_wait returns), and the threads waiting on
// the set or working through what it returned. Pure function of `const Machine&`.
#pragma once

#include "sim/kernel/io/fd.h"
#include "sim/kernel/machine.h"

#include <cstdint>
#include <vector>

namespace gb::view {

struct InterestRow {
    int fd = 0;
    // What the descriptor is (the dashboard words it): the async queue
    // (ASYNC_QUEUE), or a descriptor of `kind` naming `object` — a listener
    // (detail = its port), a connection (detail = its client), a pipe end, ...
    bool async_queue = false;
    FdKind kind = FdKind::None; // None: closed (or the async queue)
    int object = 0, detail = 0;
    uint32_t wanted = 0; // kPollIn | kPollOut
    uint32_t ready = 0;  // ready now (kPollIn | kPollOut | kPollHup), 0 if not
};

struct LoopThread {
    int tid = 0;
    bool waiting = false; // blocked in poll_wait on this set
};

struct InterestSet {
    int id = 0;
    int pid = 0;
    std::vector<InterestRow> rows;   // in the order they were added
    std::vector<InterestRow> ready;  // the rows ready now, in the same order
    std::vector<LoopThread> threads; // of the owning process, live: waiting here or not
    uint64_t waits = 0, wakeups = 0;
};

std::vector<InterestSet> interest_sets(const Machine& m);

} // namespace gb::view
