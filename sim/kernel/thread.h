// A thread: a saved context, a stack and a thread-local block in its
// process's address space, and a scheduling state (as xv6's proc.h).
#pragma once

#include "sim/cpu/cpu.h"

#include <cstdint>
#include <string>

namespace gb {

enum class ThreadState : uint8_t { New, Ready, Running, Blocked, Done };
std::string_view thread_state_name(ThreadState s);

// Why a blocked thread waits; `Thread::wait_on` names the object.
enum class BlockReason : uint8_t {
    None,
    Join,      // thread_join: wait_on = the tid joined
    WaitChild, // wait: wait_on = child pid, or 0 for any child
    Sleep,     // sleep: until wake_at
    Mutex,     // wait_on = mutex id
    Semaphore, // wait_on = semaphore id
    CondVar,   // wait_on = condition variable id
    Io,        // a device request: wait_on = request id (async_wait: the id, or 0 for any)
    PipeRead,  // wait_on = pipe id
    PipeWrite, // wait_on = pipe id
    Poll,      // a readiness wait: wait_on = interest set id
};
std::string_view block_reason_name(BlockReason r);
// Waiting for I/O: a device, a pipe, or a readiness wait.
inline bool is_io_wait(BlockReason r) {
    return r == BlockReason::Io || r == BlockReason::PipeRead || r == BlockReason::PipeWrite ||
           r == BlockReason::Poll;
}

struct Thread {
    int tid = 0;
    int pid = 0;
    int slot = 0;     // thread slot in the address space (memlayout.h)
    std::string name; // "main", or the entry label
    ThreadState state = ThreadState::New;
    BlockReason reason = BlockReason::None;
    int wait_on = 0;
    std::vector<int> joiners; // threads that blocked in thread_join on this one
    uint64_t wake_at = 0;     // for Sleep, and for a New thread: when it arrives
    int relock = 0;           // cond_wait: the mutex to take back when signalled
    int io_request = 0;       // the I/O request it is blocked on (io.h), 0 if none
    bool awaiting = false;    // blocked in async_wait (wait_on = the request id, or 0 for any)
    uint32_t poll_list = 0,
             poll_max = 0; // poll_wait: where to write the ready list, and its length
    Context ctx;           // saved context; live in the core while Running
    int core = -1;         // the core running it, or -1
    uint32_t exit_value = 0;
    int priority = 0; // for the priority policy (higher runs first)

    // Scheduling bookkeeping.
    int level = 0;               // MLFQ level
    uint64_t slice_used = 0;     // timer ticks used in the current time slice
    uint64_t allotment_used = 0; // cycles run at the current MLFQ level (rule 4)
    // OSTEP's MLFQ rules (ostep_rules.cpp): cycles run in the current
    // quantum (kept across an I/O), and quanta used at the current level.
    uint64_t ostep_quantum_cycles = 0;
    uint32_t ostep_quanta_used = 0;
    bool preempted = false; // taken off its core by a higher-priority thread: keeps its slice
    uint64_t first_run = UINT64_MAX; // cycle it first ran (response time)
    uint64_t arrival = 0;            // cycle it became ready for the first time
    uint64_t start_at = 0;           // a New thread is admitted at this cycle (scheduling lab)
    uint64_t finished = 0;           // cycle it ended
    int64_t expected_length = -1;    // for SJF/STCF: known job length in cycles, if any

    // Time accounting, in cycles (for the measurements lesson).
    uint64_t cycles_running = 0, cycles_ready = 0, cycles_blocked = 0;
    uint64_t cycles_blocked_io = 0; // the part of cycles_blocked spent waiting for I/O
    uint64_t state_since = 0;
    uint64_t instructions = 0;
};

} // namespace gb
