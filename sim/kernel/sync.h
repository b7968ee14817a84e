// Kernel synchronization objects: mutexes, semaphores and condition
// variables. They are plain values kept in the Machine (vectors indexed by
// id - 1) so the dashboard can show each one's owner and wait queue, and a
// snapshot of the machine copies them.
//
// Rules (the same as the textbook's, chosen to be deterministic):
//  - A mutex has one owner. Unlock hands it straight to the first waiter
//    (first come, first served; nobody can barge in between).
//  - A semaphore holds a count. wait (P) takes one or blocks; post (V) wakes
//    the first waiter, or adds one when nobody waits.
//  - cond_wait(cv, mutex) releases the mutex and blocks, atomically. A
//    signal moves the first waiter over to the mutex: it runs again once it
//    owns the mutex. broadcast does that for every waiter.
//  - An object belongs to the process that created it; its threads, and those
//    of processes forked from it (Process::family), may use it.
#pragma once

#include "sim/kernel/why.h"

#include <cstdint>
#include <deque>
#include <string>

namespace gb {

class Machine;

struct Mutex {
    int id = 0;
    int pid = 0;                              // the process that created it
    std::string name;                         // optional, given by the program
    int owner = 0;                            // tid, 0 when free
    std::deque<int> waiters;                  // tids blocked in mutex_lock, first come first served
    uint64_t acquisitions = 0, contended = 0; // how often taken; how often someone had to wait
};

struct Semaphore {
    int id = 0;
    int pid = 0;
    std::string name;
    int32_t value = 0;
    std::deque<int> waiters;
};

struct CondVar {
    int id = 0;
    int pid = 0;
    std::string name;
    std::deque<int> waiters;
};

// Kernel operations behind the syscalls. Each returns the value for r0;
// when the caller must block, the thread is blocked and the return value is
// written later by whoever wakes it. `error` is set (and -1 returned) for a
// misuse the caller survives, such as unlocking a mutex it does not own.
int mutex_create(Machine& m, int tid, std::string name);
int32_t mutex_lock(Machine& m, int tid, int id);
int32_t mutex_trylock(Machine& m, int tid, int id);
int32_t mutex_unlock(Machine& m, int tid, int id, Reason& error);
int sem_create(Machine& m, int tid, int32_t value, std::string name);
int32_t sem_wait(Machine& m, int tid, int id);
int32_t sem_post(Machine& m, int tid, int id);
int cond_create(Machine& m, int tid, std::string name);
int32_t cond_wait(Machine& m, int tid, int cv, int mutex, Reason& error);
int32_t cond_signal(Machine& m, int tid, int cv, bool all);

} // namespace gb
