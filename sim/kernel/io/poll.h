// Readiness waits over many descriptors — the epoll idea. A program makes
// an interest set (poll_create), adds descriptors with the events it wants
// (POLL_IN: there is something to read — data, the end of data, a
// connection to accept; POLL_OUT: a write would not wait), and waits
// (poll_wait) until at least one of them is ready or the timeout passes.
// The wait fills a list of (fd, events ready) pairs and returns how many.
//
// Readiness is level-triggered: a descriptor with unread data is reported
// on every wait until the data is read. The special descriptor ASYNC_QUEUE
// (-1) stands for the process's finished asynchronous requests, so one
// event loop can wait for connections and for the disk at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace gb {

class Machine;

struct PollEntry {
    int fd = 0;
    uint32_t events = 0; // POLL_IN | POLL_OUT wanted
};

struct PollSet {
    int id = 0;
    int pid = 0;                    // the process whose descriptors it watches
    std::vector<PollEntry> entries; // in the order they were added
    uint64_t waits = 0,
             wakeups = 0; // poll_wait calls; times a waiting thread was woken with a ready list
};

// What is ready now among the entries of set `id`: (fd, events ready) pairs.
std::vector<PollEntry> poll_ready(const Machine& m, int id);
// Slot k of an event's list of ready fds (`slots` of them, `n` ready):
// (fd + 1) << 8 | events (events only if `with_events`), 0 past the end,
// -1 in the last slot when more are ready than the slots hold.
int64_t poll_ready_slot(const std::vector<PollEntry>& ready, size_t n, size_t k, size_t slots,
                        bool with_events);
// Events ready now on descriptor fd of process pid (POLL_IN | POLL_OUT | POLL_HUP).
uint32_t fd_ready(const Machine& m, int pid, int fd);
// Wakes every thread waiting on an interest set that has something ready,
// writing its ready list. Called after anything that can change readiness.
void poll_recheck(Machine& m);
// Removes descriptor fd from every interest set of process pid (it was closed).
void poll_forget(Machine& m, int pid, int fd);

} // namespace gb
