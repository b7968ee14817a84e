// Kernel synchronization (mutexes, semaphores, condition variables),
// deadlock detection, and the resource limits.
#include "helpers.h"
#include "sim/isa/memlayout.h"

#include "teach/event_words.h"
#include <cstdio>
#include <sys/wait.h>

using namespace gbtest;
using gb::Machine;

namespace {

void run_to_end(Machine& m, uint64_t budget = 2'000'000) {
    auto r = m.run(budget);
    INFO(gb::stop_text(m));
    REQUIRE(r.reason == gb::StopReason::AllDone);
}

// Steps until `pred` holds (at most n steps).
template <class P> void step_until(Machine& m, P pred, int n = 10000) {
    for (int i = 0; i < n && !pred(); ++i)
        m.step();
    REQUIRE(pred());
}

} // namespace

// --- mutexes ---------------------------------------------------------------

TEST_CASE(
    "mutex: the owner and the wait queue are visible; unlock hands over to the first waiter") {
    Machine m = boot(R"(
        .data
lock:   .word 0
order:  .word 0
        .text
main:   sys  mutex_create
        store r0, [lock]
        mov  r1, r0
        sys  mutex_lock         ; main owns it
        li   r1, worker
        li   r2, 1
        sys  thread_create
        li   r1, worker
        li   r2, 2
        sys  thread_create
        li   r1, 1000
        sys  sleep              ; both workers queue up meanwhile
        load r1, [lock]
        sys  mutex_unlock       ; worker 1 gets it first
        halt
worker: mov  r5, r1
        load r1, [lock]
        sys  mutex_lock
        load r2, [order]        ; order = order * 10 + my number
        mul  r2, r2, 10
        add  r2, r2, r5
        store r2, [order]
        load r1, [lock]
        sys  mutex_unlock
        halt
)");
    step_until(m, [&] {
        return m.thread(1).reason == gb::BlockReason::Sleep && m.threads.size() == 3 &&
               m.thread(3).state == gb::ThreadState::Blocked;
    });
    REQUIRE(m.mutexes.size() == 1);
    const gb::Mutex& mx = m.mutexes[0];
    CHECK(mx.owner == 1);
    CHECK(mx.pid == 1);
    CHECK(mx.waiters == std::deque<int>{2, 3});
    CHECK(m.thread(2).reason == gb::BlockReason::Mutex);
    CHECK(m.thread(2).wait_on == 1);
    run_to_end(m);
    CHECK(global(m, "order") == 12); // first come, first served
    CHECK(m.mutexes[0].owner == 0);
    CHECK(m.mutexes[0].acquisitions == 3);
    CHECK(m.mutexes[0].contended == 2);
}

TEST_CASE("mutex: unlocking a mutex you do not own returns -1; trylock; a bad id is a fault") {
    Machine m = boot(R"(
main:   sys  mutex_create
        mov  r8, r0
        mov  r1, r8
        sys  mutex_unlock       ; not locked: -1
        mov  r5, r0
        mov  r1, r8
        sys  mutex_trylock      ; free: 0
        mov  r6, r0
        mov  r1, r8
        sys  mutex_trylock      ; held (even by me): -1
        mov  r7, r0
        li   r1, 9
bad:    sys  mutex_lock         ; no mutex 9
        halt
)");
    REQUIRE(m.run(1000).reason == gb::StopReason::Fault);
    CHECK(reg(m, 5) == -1);
    CHECK(reg(m, 6) == 0);
    CHECK(reg(m, 7) == -1);
    CHECK(m.last_fault.fault == gb::Fault::BadSyscall);
    CHECK(m.last_fault.pc == static_cast<uint32_t>(m.process(1).image->find("bad")->value));
}

// --- semaphores and condition variables ------------------------------------

TEST_CASE("semaphore: wait blocks at 0, post wakes the first waiter or counts up") {
    Machine m = boot(R"(
        .data
sem:    .word 0
        .text
main:   li   r1, 0
        li   r2, 0
        sys  sem_create
        store r0, [sem]
        li   r1, worker
        li   r2, 0
        sys  thread_create
        mov  r5, r0
        li   r1, 500
        sys  sleep              ; the worker blocks on the semaphore meanwhile
        load r1, [sem]
        sys  sem_post           ; wakes it; the value stays 0
        load r1, [sem]
        sys  sem_post           ; nobody waits: the value becomes 1
        mov  r1, r5
        sys  thread_join
        halt
worker: load r1, [sem]
        sys  sem_wait
        li   r0, 7
        ret
)");
    step_until(
        m, [&] { return m.threads.size() == 2 && m.thread(2).state == gb::ThreadState::Blocked; });
    CHECK(m.thread(2).reason == gb::BlockReason::Semaphore);
    CHECK(m.semaphores[0].waiters == std::deque<int>{2});
    CHECK(m.semaphores[0].value == 0);
    run_to_end(m);
    CHECK(m.semaphores[0].value == 1);
    CHECK(m.thread(2).exit_value == 7);
}

TEST_CASE("condition variable: wait releases the mutex; signal and broadcast wake waiters") {
    Machine m = boot(R"(
        .data
lock:   .word 0
cv:     .word 0
ready:  .word 0
woken:  .word 0
        .text
main:   sys  mutex_create
        store r0, [lock]
        sys  cond_create
        store r0, [cv]
        li   r1, waiter
        li   r2, 0
        sys  thread_create
        li   r1, waiter
        sys  thread_create
        li   r1, waiter
        sys  thread_create
        li   r1, 1000
        sys  sleep              ; all three wait on the condition meanwhile
        load r1, [lock]
        sys  mutex_lock         ; free: cond_wait released it
        li   r2, 1
        store r2, [ready]
        load r1, [cv]
        sys  cond_signal        ; one waiter moves over to the mutex
        load r1, [cv]
        sys  cond_broadcast     ; the others too
        load r1, [lock]
        sys  mutex_unlock
        li   r1, 1000
        sys  sleep
        halt
waiter: load r1, [lock]
        sys  mutex_lock
check:  load r2, [ready]
        cmp  r2, 0
        bne  go
        load r1, [cv]
        load r2, [lock]
        sys  cond_wait          ; release the lock and sleep, atomically
        jmp  check              ; woken: check again (Mesa semantics)
go:     load r2, [woken]
        add  r2, r2, 1
        store r2, [woken]
        load r1, [lock]
        sys  mutex_unlock
        halt
)");
    step_until(m, [&] {
        return m.threads.size() == 4 && m.thread(4).state == gb::ThreadState::Blocked &&
               m.thread(1).reason == gb::BlockReason::Sleep;
    });
    CHECK(m.condvars[0].waiters == std::deque<int>{2, 3, 4});
    CHECK(m.mutexes[0].owner == 0); // released by cond_wait
    for (int t : {2, 3, 4})
        CHECK(m.thread(t).reason == gb::BlockReason::CondVar);
    // After the signal and the broadcast, while main still holds the mutex,
    // the waiters wait for the mutex instead.
    step_until(m, [&] { return m.condvars[0].waiters.empty(); });
    step_until(m, [&] { return m.thread(1).reason == gb::BlockReason::Sleep; });
    run_to_end(m);
    CHECK(global(m, "woken") == 3);
}

// --- deadlock --------------------------------------------------------------

TEST_CASE("deadlock: two locks taken in opposite orders; the report names the cycle") {
    Machine m = boot_file("programs/deadlock.s");
    auto r = m.run(10000);
    REQUIRE(r.reason == gb::StopReason::Deadlock);
    REQUIRE(m.deadlock_cycle.size() == 2);
    CHECK(m.deadlock_cycle[0].tid == 2);
    CHECK(m.deadlock_cycle[0].reason == gb::BlockReason::Mutex);
    CHECK(m.deadlock_cycle[0].object == 2);
    CHECK(m.deadlock_cycle[0].next == 3);
    CHECK(m.deadlock_cycle[1].tid == 3);
    CHECK(m.deadlock_cycle[1].object == 1);
    CHECK(m.deadlock_cycle[1].next == 2);
    const std::string report = gb::deadlock_report(m, gb::Lang::En);
    CHECK(
        report.find("thread 2 → mutex 2 'second' (owned by thread 3) → thread 3 → mutex 1 'first' "
                    "(owned by thread 2) → thread 2") != std::string::npos);
    // Main, blocked in join, is listed but is not part of the cycle.
    CHECK(report.find("thread 1 (process 1) waits on join") != std::string::npos);
}

TEST_CASE("deadlock: locking a mutex twice is a cycle of one; a join cycle; a lone semaphore") {
    SUBCASE("self") {
        Machine m =
            boot("main: sys mutex_create\nmov r1, r0\nsys mutex_lock\nsys mutex_lock\nhalt\n");
        REQUIRE(m.run(100).reason == gb::StopReason::Deadlock);
        REQUIRE(m.deadlock_cycle.size() == 1);
        CHECK(gb::wait_cycle_text(m, m.deadlock_cycle, gb::Lang::En) ==
              "thread 1 → mutex 1 (owned by thread 1) → thread 1");
    }
    SUBCASE("join") {
        Machine m = boot(R"(
        .data
other:  .word 0
        .text
main:   li   r1, a
        li   r2, 0
        sys  thread_create
        store r0, [other]
        mov  r1, r0
        sys  thread_join        ; main waits for a ...
        halt
a:      li   r1, 1
        sys  thread_join        ; ... and a waits for main
        halt
)");
        REQUIRE(m.run(100).reason == gb::StopReason::Deadlock);
        CHECK(gb::wait_cycle_text(m, m.deadlock_cycle, gb::Lang::En) ==
              "thread 1 → join (waits for thread 2 to end) → thread 2 → join (waits for thread 1 "
              "to end) → thread 1");
    }
    SUBCASE("semaphore nobody posts") {
        Machine m =
            boot("main: li r1, 0\nli r2, 0\nsys sem_create\nmov r1, r0\nsys sem_wait\nhalt\n");
        REQUIRE(m.run(100).reason == gb::StopReason::Deadlock);
        CHECK(m.deadlock_cycle.empty());
        CHECK(gb::deadlock_report(m, gb::Lang::En)
                  .find("thread 1 (process 1) waits on semaphore 1 (value 0") != std::string::npos);
    }
}

TEST_CASE("deadlock: a sleeping thread is not a deadlock") {
    Machine m = boot("main: li r1, 100000\nsys sleep\nhalt\n");
    CHECK(m.run(100).reason == gb::StopReason::AllDone);
}

// --- limits ----------------------------------------------------------------

TEST_CASE("limits: a fork bomb stops at the process limit with a report") {
    gb::Config cfg;
    cfg.limits.max_processes = 16;
    Machine m = boot_file("programs/fork_bomb.s", cfg);
    auto r = m.run(100000);
    REQUIRE(r.reason == gb::StopReason::Paused);
    CHECK(m.live_processes() == 16);
    CHECK(m.processes.size() == 16);
    CHECK(gb::stop_text(m).find(
              "process limit reached: 16 processes are alive, the most allowed at once "
              "(Config::limits.max_processes)") != std::string::npos);
    CHECK(gb::stop_text(m).find("could not fork") != std::string::npos);
    // The fork that failed returned -1 to its caller, which may carry on.
    bool saw_minus_one = false;
    for (const gb::Thread& t : m.threads)
        saw_minus_one |= static_cast<int32_t>(m.context_of(t.tid).regs[0]) == -1;
    CHECK(saw_minus_one);
}

TEST_CASE("limits: threads per process") {
    gb::Config cfg;
    cfg.limits.max_threads_per_process = 3;
    Machine m = boot(R"(
main:   li   r1, w
        li   r2, 0
        sys  thread_create
        sys  thread_create
        sys  thread_create      ; the fourth live thread: refused
        mov  r5, r0
        halt
w:      li   r1, 10000
        sys  sleep
        halt
)",
                     cfg);
    REQUIRE(m.run(1000).reason == gb::StopReason::Paused);
    CHECK(
        gb::stop_text(m) ==
        "thread limit reached: process 1 already has 3 live threads, the most one process may have "
        "(Config::limits.max_threads_per_process)");
    run_to_end(m);
    CHECK(reg(m, 5) == -1);
    CHECK(m.threads.size() == 3);
}

TEST_CASE("limits: memory per process, through malloc and sbrk") {
    gb::Config cfg;
    cfg.limits.max_memory_per_process = 64 * 1024;
    const char* grow = R"(
main:   li   r6, 0
again:  li   r1, 4096
        li   r2, 0
        sys  malloc
        cmp  r0, 0
        beq  out
        add  r6, r6, 1
        jmp  again
out:    halt
)";
    Machine m = boot(grow, cfg);
    REQUIRE(m.run(100000).reason == gb::StopReason::Paused);
    CHECK(gb::stop_text(m).find("memory limit reached: process 1 would use") != std::string::npos);
    CHECK(gb::stop_text(m).find(
              "but a process may use at most 65536 (Config::limits.max_memory_per_process)") !=
          std::string::npos);
    CHECK(m.process(1).mem.mapped_bytes() <= 64 * 1024);
    CHECK(reg(m, 6) > 5);

    Machine s = boot(
        "main: li r1, 0x10000\nsys sbrk\nsys sbrk\nsys sbrk\nsys sbrk\nsys sbrk\nsys sbrk\nhalt\n",
        cfg);
    REQUIRE(s.run(100).reason == gb::StopReason::Paused);
    CHECK(gb::stop_text(s).find("memory limit reached") != std::string::npos);
    CHECK(reg(s, 0) == -1);

    Machine h =
        boot("main: li r1, 0x1F000\nsys sbrk\nsys sbrk\nhalt\n"); // past the end of the heap area
    REQUIRE(h.run(100).reason == gb::StopReason::Paused);
    CHECK(gb::stop_text(h).find("heap limit reached") != std::string::npos);
}

TEST_CASE("limits: instructions per run") {
    gb::Config cfg;
    cfg.limits.max_instructions = 500;
    Machine m = boot("main: jmp main\n", cfg);
    auto r = m.run(1'000'000);
    CHECK(r.reason == gb::StopReason::Paused);
    CHECK(r.steps == 500);
    CHECK(m.instructions == 500);
    CHECK(gb::stop_text(m) ==
          "instruction limit reached: 500 instructions have run, the most allowed "
          "(Config::limits.max_instructions); the program may be in an endless loop");
}

TEST_CASE("limits: the CLI reports a limit with exit code 4") {
    std::string cmd =
        std::string("cd " GLASSBOX_SOURCE_DIR " && " GLASSBOX_CLI " run programs/fork_bomb.s");
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    int status = pclose(p);
    CHECK(WEXITSTATUS(status) == 4);
    CHECK(out.find("stopped: process limit reached") != std::string::npos);
}

TEST_CASE("semaphore: parent and child of a fork can use it; an unrelated process cannot") {
    Machine m = boot(R"(
        .data
sem:    .word 0
        .text
main:   li   r1, 0
        li   r2, 0
        sys  sem_create
        store r0, [sem]
        sys  fork
        cmp  r0, 0
        beq  child
        load r1, [sem]
        sys  sem_wait           ; the parent waits until the child posts
        li   r5, 1
        halt
child:  li   r1, 300
        sys  sleep
        load r1, [sem]
        sys  sem_post
        halt
)");
    REQUIRE(m.run(10000).reason == gb::StopReason::AllDone);
    CHECK(reg(m, 5, 1) == 1);
    CHECK(m.thread(1).cycles_blocked >= 300);

    Machine two(gb::Config{});
    REQUIRE(
        two.load(
            assemble_ok("main: li r1, 0\nli r2, 0\nsys sem_create\nli r1, 5000\nsys sleep\nhalt\n"),
            "a") == 1);
    REQUIRE(two.load(assemble_ok("main: li r1, 100\nsys sleep\nli r1, 1\nsys sem_post\nhalt\n"),
                     "b") == 2);
    CHECK(two.run(10000).reason == gb::StopReason::Fault);
    CHECK(two.last_fault.pid == 2);
    CHECK(two.last_fault.fault == gb::Fault::BadSyscall);
}
