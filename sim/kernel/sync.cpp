#include "sim/kernel/sync.h"

#include "sim/kernel/machine.h"

#include <fmt/format.h>

namespace gb {

namespace {

// A waiter is still waiting on this object (a killed thread is skipped).
bool still_waiting(const Machine& m, int tid, BlockReason reason, int id) {
    const Thread& t = m.thread(tid);
    return t.state == ThreadState::Blocked && t.reason == reason && t.wait_on == id;
}

int pop_waiter(Machine& m, std::deque<int>& q, BlockReason reason, int id) {
    while (!q.empty()) {
        int w = q.front();
        q.pop_front();
        if (still_waiting(m, w, reason, id)) return w;
    }
    return 0;
}

// Gives mutex `id` to thread `tid`, or queues it, without running it yet.
// Returns true when it got the mutex.
bool acquire_or_queue(Mutex& mx, int tid) {
    if (mx.owner == 0) {
        mx.owner = tid;
        ++mx.acquisitions;
        return true;
    }
    ++mx.contended;
    mx.waiters.push_back(tid);
    return false;
}

void release(Machine& m, Mutex& mx) {
    mx.owner = 0;
    int next = pop_waiter(m, mx.waiters, BlockReason::Mutex, mx.id);
    if (!next) return;
    // Hand-off: the first waiter owns the mutex before it even runs.
    mx.owner = next;
    ++mx.acquisitions;
    m.context_of(next).regs[0] = 0;
    m.wake(next);
}

} // namespace

int mutex_create(Machine& m, int tid, std::string name) {
    Mutex mx;
    mx.id = static_cast<int>(m.mutexes.size()) + 1;
    mx.pid = m.thread(tid).pid;
    mx.name = std::move(name);
    m.mutexes.push_back(std::move(mx));
    return m.mutexes.back().id;
}

int32_t mutex_lock(Machine& m, int tid, int id) {
    Mutex& mx = m.mutexes[static_cast<size_t>(id - 1)];
    if (acquire_or_queue(mx, tid)) return 0;
    // Locking a mutex you already hold waits forever: the deadlock detector
    // reports it as a cycle of one thread.
    m.block(tid, BlockReason::Mutex, id);
    return 0;
}

int32_t mutex_trylock(Machine& m, int tid, int id) {
    Mutex& mx = m.mutexes[static_cast<size_t>(id - 1)];
    if (mx.owner != 0) return -1;
    mx.owner = tid;
    ++mx.acquisitions;
    return 0;
}

int32_t mutex_unlock(Machine& m, int tid, int id, Reason& error) {
    Mutex& mx = m.mutexes[static_cast<size_t>(id - 1)];
    if (mx.owner != tid) {
        error = mx.owner ? because(Why::UnlockNotOwner, tid, id, mx.owner)
                         : because(Why::UnlockNotLocked, id);
        return -1;
    }
    release(m, mx);
    return 0;
}

int sem_create(Machine& m, int tid, int32_t value, std::string name) {
    Semaphore s;
    s.id = static_cast<int>(m.semaphores.size()) + 1;
    s.pid = m.thread(tid).pid;
    s.value = value;
    s.name = std::move(name);
    m.semaphores.push_back(std::move(s));
    return m.semaphores.back().id;
}

int32_t sem_wait(Machine& m, int tid, int id) {
    Semaphore& s = m.semaphores[static_cast<size_t>(id - 1)];
    if (s.value > 0) {
        --s.value;
        return 0;
    }
    s.waiters.push_back(tid);
    m.block(tid, BlockReason::Semaphore, id);
    return 0;
}

int32_t sem_post(Machine& m, int tid, int id) {
    (void)tid;
    Semaphore& s = m.semaphores[static_cast<size_t>(id - 1)];
    int w = pop_waiter(m, s.waiters, BlockReason::Semaphore, id);
    if (w)
        m.wake(w); // the count goes straight to the waiter
    else
        ++s.value;
    return 0;
}

int cond_create(Machine& m, int tid, std::string name) {
    CondVar c;
    c.id = static_cast<int>(m.condvars.size()) + 1;
    c.pid = m.thread(tid).pid;
    c.name = std::move(name);
    m.condvars.push_back(std::move(c));
    return m.condvars.back().id;
}

int32_t cond_wait(Machine& m, int tid, int cv, int mutex, Reason& error) {
    Mutex& mx = m.mutexes[static_cast<size_t>(mutex - 1)];
    if (mx.owner != tid) {
        error = because(Why::CondWaitNoMutex, tid, mutex, cv);
        return -1;
    }
    // Release the mutex and go to sleep in one step: no signal can be lost in between.
    release(m, mx);
    m.condvars[static_cast<size_t>(cv - 1)].waiters.push_back(tid);
    m.thread(tid).relock = mutex;
    m.block(tid, BlockReason::CondVar, cv);
    return 0;
}

int32_t cond_signal(Machine& m, int tid, int cv, bool all) {
    (void)tid;
    CondVar& c = m.condvars[static_cast<size_t>(cv - 1)];
    while (int w = pop_waiter(m, c.waiters, BlockReason::CondVar, cv)) {
        Thread& t = m.thread(w);
        Mutex& mx = m.mutexes[static_cast<size_t>(t.relock - 1)];
        m.context_of(w).regs[0] = 0;
        if (acquire_or_queue(mx, w)) {
            m.wake(w);
        } else {
            // Signalled, but the mutex is taken: it now waits for the mutex.
            t.reason = BlockReason::Mutex;
            t.wait_on = mx.id;
            m.note(EventKind::Block, Msg::SignalledWaitsMutex, t.pid, w, 0, w, mx.id);
        }
        if (!all) break;
    }
    return 0;
}

} // namespace gb
