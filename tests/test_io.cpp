// I/O: devices with latency, pipes, the three forms of read and write,
// readiness waits, the load generator and the servers (docs/io.md).
#include "helpers.h"
#include "teach/io_stats.h"

#include "teach/event_words.h"
#include <array>
#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

using namespace gbtest;
using gb::BlockReason;
using gb::Machine;
using gb::ThreadState;

namespace {

void run_to_end(Machine& m, uint64_t budget = 2'000'000) {
    auto r = m.run(budget);
    INFO(gb::stop_text(m));
    REQUIRE(r.reason == gb::StopReason::AllDone);
}

template <class P> void step_until(Machine& m, P pred, int n = 100000) {
    for (int i = 0; i < n && !pred(); ++i)
        m.step();
    REQUIRE(pred());
}

// The first event whose text contains `needle`, or nullptr.
const gb::Event* find_event(const Machine& m, const std::string& needle) {
    for (const gb::Event& e : m.log.events)
        if (gb::event_text(m, e).find(needle) != std::string::npos) return &e;
    return nullptr;
}

// The word at symbol + offset in process 1.
int32_t word_at(const Machine& m, const std::string& symbol, uint32_t offset) {
    const gb::Process& p = m.process(1);
    const gb::Symbol* sym = p.image->find(symbol);
    REQUIRE(sym != nullptr);
    uint32_t v = 0;
    REQUIRE(p.mem.peek32(static_cast<uint32_t>(sym->value) + offset, v));
    return static_cast<int32_t>(v);
}

gb::Config io_config(uint32_t disk_latency = 300, uint32_t jitter = 0) {
    gb::Config cfg;
    cfg.io.disk_latency = disk_latency;
    cfg.io.disk_jitter = jitter;
    return cfg;
}

} // namespace

// --- blocking ------------------------------------------------------------------

TEST_CASE("io: a blocking disk read puts the thread in 'blocked on I/O' and another thread runs "
          "meanwhile") {
    Machine m = boot(R"(
        .data
name:   .string "motd"
buf:    .space 16
count:  .word 0
got:    .word 0
        .text
main:   li   r1, spin
        sys  thread_create      ; a thread with CPU work to do
        li   r1, name
        li   r2, 0
        sys  open
        mov  r1, r0
        li   r2, buf
        li   r3, 16
        sys  read               ; blocks for the disk's latency
        store r0, [got]         ; also tells spin to stop
        halt
spin:   load r1, [count]
        add  r1, r1, 1
        store r1, [count]
        load r2, [got]
        cmp  r2, 0
        beq  spin
        halt
)",
                     io_config(500));
    m.add_file("motd", "hello, disk");
    step_until(m, [&] { return m.thread(1).state == ThreadState::Blocked; });
    const gb::Thread& t = m.thread(1);
    CHECK(t.reason == BlockReason::Io);
    REQUIRE(t.wait_on == 1);
    const gb::IoRequest& r = m.io.requests[0];
    CHECK(r.target == gb::FdKind::File);
    CHECK(r.op == gb::IoOp::Read);
    CHECK(r.status == gb::IoStatus::Pending);
    CHECK(r.due == r.submitted + 500);
    int32_t before = global(m, "count");
    step_until(m, [&] { return m.thread(1).state != ThreadState::Blocked; });
    CHECK(m.now >= r.submitted + 500);
    // The other thread ran while main waited for the disk: many loop turns.
    CHECK(global(m, "count") - before > 50);
    run_to_end(m);
    CHECK(global(m, "got") == 11);
    std::string text;
    m.process(1).mem.read_string(static_cast<uint32_t>(m.process(1).image->find("buf")->value),
                                 text);
    CHECK(text == "hello, disk");
    CHECK(m.thread(1).cycles_blocked_io >= 500);
}

TEST_CASE("io: a blocking pipe read sleeps as 'pipe read' until a writer comes; the writer's "
          "thread runs meanwhile") {
    Machine m = boot(R"(
        .data
fds:    .space 8
buf:    .space 8
n:      .word 0
        .text
main:   sys  pipe
        store r0, [fds]
        store r1, [fds + 4]
        li   r1, writer
        sys  thread_create
        load r1, [fds]
        li   r2, buf
        li   r3, 8
        sys  read               ; empty: blocks until the writer writes
        store r0, [n]
        halt
writer: li   r1, 300
        sys  sleep
        load r1, [fds + 4]
        li   r2, msg
        li   r3, 3
        sys  write
        halt
        .data
msg:    .string "abc"
)");
    step_until(m, [&] { return m.thread(1).state == ThreadState::Blocked; });
    CHECK(m.thread(1).reason == BlockReason::PipeRead);
    CHECK(m.thread(1).wait_on == 1);
    run_to_end(m);
    CHECK(global(m, "n") == 3);
    const gb::Event* woke = find_event(m, "thread 1 wakes (pipe read)");
    REQUIRE(woke != nullptr);
    CHECK(woke->cycle >= 300);
}

// --- non-blocking ----------------------------------------------------------------

TEST_CASE("io: read_nb and write_nb say WOULD_BLOCK exactly when nothing can be done yet") {
    gb::Config cfg;
    cfg.io.pipe_capacity = 4;
    Machine m = boot(R"(
        .data
fds:    .space 8
buf:    .space 8
res:    .space 32
msg:    .string "abcdef"
        .text
main:   sys  pipe
        store r0, [fds]
        store r1, [fds + 4]
        load r1, [fds]
        li   r2, buf
        li   r3, 8
        sys  read_nb            ; empty: WOULD_BLOCK
        store r0, [res]
        load r1, [fds + 4]
        li   r2, msg
        li   r3, 6
        sys  write_nb           ; the pipe holds 4: 4 written
        store r0, [res + 4]
        load r1, [fds + 4]
        li   r2, msg
        li   r3, 6
        sys  write_nb           ; full: WOULD_BLOCK
        store r0, [res + 8]
        load r1, [fds]
        li   r2, buf
        li   r3, 8
        sys  read_nb            ; data: 4 bytes
        store r0, [res + 12]
        load r1, [fds]
        li   r2, buf
        li   r3, 8
        sys  read_nb            ; empty again: WOULD_BLOCK
        store r0, [res + 16]
        load r1, [fds + 4]
        sys  close
        load r1, [fds]
        li   r2, buf
        li   r3, 8
        sys  read_nb            ; no writer left: 0, the end of data
        store r0, [res + 20]
        li   r1, 0
        li   r2, buf
        li   r3, 8
        sys  read_nb            ; the console, no input: WOULD_BLOCK
        store r0, [res + 24]
        halt
)",
                     cfg);
    run_to_end(m);
    CHECK(global(m, "res") == gb::kWouldBlock);
    CHECK(word_at(m, "res", 4) == 4);
    CHECK(word_at(m, "res", 8) == gb::kWouldBlock);
    CHECK(word_at(m, "res", 12) == 4);
    CHECK(word_at(m, "res", 16) == gb::kWouldBlock);
    CHECK(word_at(m, "res", 20) == 0);
    CHECK(word_at(m, "res", 24) == gb::kWouldBlock);
    CHECK(m.io.would_blocks == 4);
    CHECK(m.thread(1).cycles_blocked == 0); // never waited
}

// --- asynchronous --------------------------------------------------------------

TEST_CASE("io: an asynchronous read completes after the disk latency and not before") {
    for (uint32_t latency : {100u, 250u, 777u}) {
        CAPTURE(latency);
        Machine m = boot(R"(
        .data
name:   .string "data"
buf:    .space 8
id:     .word 0
polls:  .word 0
early:  .word 0         ; async_collect answers other than WOULD_BLOCK before the end
res:    .word 0
        .text
main:   li   r1, name
        li   r2, 0
        sys  open
        mov  r1, r0
        li   r2, buf
        li   r3, 8
        li   r4, 0
        sys  read_async         ; returns at once with a request id
        store r0, [id]
again:  load r1, [polls]
        add  r1, r1, 1
        store r1, [polls]
        load r1, [id]
        sys  async_collect      ; not done: WOULD_BLOCK
        cmp  r0, WOULD_BLOCK
        beq  again
        store r0, [res]
        halt
)",
                         io_config(latency));
        m.add_file("data", "12345678");
        run_to_end(m);
        REQUIRE(m.io.requests.size() == 1);
        const gb::IoRequest& r = m.io.requests[0];
        CHECK(r.mode == gb::IoMode::Async);
        CHECK(r.status == gb::IoStatus::Collected);
        CHECK(r.completed == r.submitted + latency);
        CHECK(global(m, "res") == 8);
        CHECK(global(m, "polls") > 10); // it polled (and was told "not yet") all along
        // Every "not yet" came before the completion, and the one that
        // collected it came after.
        const gb::Event* done = find_event(m, "request 1 completes");
        REQUIRE(done != nullptr);
        CHECK(done->cycle == r.submitted + latency);
        for (const gb::Event& e : m.log.events) {
            if (gb::event_text(m, e).find("has not finished yet") != std::string::npos)
                CHECK(e.cycle < done->cycle);
            if (gb::event_text(m, e).find("collects request 1") != std::string::npos)
                CHECK(e.cycle >= done->cycle);
        }
    }
}

TEST_CASE(
    "io: disk latency jitter is seeded: within [latency, latency + jitter], the same per seed") {
    auto latencies = [](uint64_t seed) {
        gb::Config cfg = io_config(300, 100);
        cfg.seed = seed;
        Machine m = boot(R"(
        .data
name:   .string "f"
buf:    .space 4
        .text
main:   li   r5, 6
        li   r1, name
        li   r2, O_CREATE
        sys  open
        mov  r6, r0
again:  mov  r1, r6
        li   r2, buf
        li   r3, 4
        sys  read
        sub  r5, r5, 1
        cmp  r5, 0
        bgt  again
        halt
)",
                         cfg);
        run_to_end(m);
        std::vector<uint64_t> out;
        for (const gb::IoRequest& r : m.io.requests)
            out.push_back(r.completed - r.submitted);
        return out;
    };
    auto a = latencies(5), b = latencies(5), c = latencies(6);
    REQUIRE(a.size() == 6);
    CHECK(a == b);
    CHECK(a != c);
    for (uint64_t l : a) {
        CHECK(l >= 300);
        CHECK(l <= 400);
    }
}

TEST_CASE("io: the callback form — async_wait runs handler(id, result, buffer) and returns after "
          "the sys") {
    Machine m = boot(R"(
        .data
name:   .string "data"
buf:    .space 8
        .align 4
seen:   .space 12           ; what the handler was given: id, result, buffer
after:  .word 0
        .text
main:   li   r1, name
        li   r2, 0
        sys  open
        mov  r1, r0
        li   r2, buf
        li   r3, 5
        li   r4, handler
        sys  read_async
        mov  r1, r0
        sys  async_wait         ; waits, then runs the handler; its r0 comes back
        store r0, [after]
        halt
handler:
        store r1, [seen]
        store r2, [seen + 4]
        store r3, [seen + 8]
        li   r0, 42
        ret
)",
                     io_config(200));
    m.add_file("data", "hello world");
    step_until(m, [&] { return m.thread(1).state == ThreadState::Blocked; });
    CHECK(m.thread(1).reason == BlockReason::Io);
    CHECK(m.thread(1).awaiting);
    run_to_end(m);
    CHECK(global(m, "seen") == 1);
    CHECK(word_at(m, "seen", 4) == 5);
    CHECK(word_at(m, "seen", 8) == static_cast<int32_t>(m.process(1).image->find("buf")->value));
    CHECK(global(m, "after") == 42);
    CHECK(find_event(m, "runs the handler handler for request 1") != nullptr);
}

// --- pipes -----------------------------------------------------------------------

TEST_CASE("pipes: a bounded buffer — the writer blocks on full, the reader on empty, each wakes "
          "the other") {
    gb::Config cfg;
    cfg.io.pipe_capacity = 4;
    Machine m = boot(R"(
        .data
fds:    .space 8
msg:    .string "0123456789"
buf:    .space 16
total:  .word 0
        .text
main:   sys  pipe
        store r0, [fds]
        store r1, [fds + 4]
        li   r1, reader
        sys  thread_create
        mov  r5, r0
        load r1, [fds + 4]
        li   r2, msg
        li   r3, 10
        sys  write              ; 10 bytes into a pipe of 4: waits for the reader
        load r1, [fds + 4]
        sys  close
        mov  r1, r5
        sys  thread_join
        halt
reader: li   r1, 500
        sys  sleep              ; let the writer fill the pipe first
r_next: load r1, [fds]
        load r2, [total]
        li   r3, buf
        add  r2, r2, r3
        li   r3, 3
        sys  read               ; 3 at a time
        cmp  r0, 0
        beq  r_end
        load r1, [total]
        add  r1, r1, r0
        store r1, [total]
        jmp  r_next
r_end:  halt
)",
                     cfg);
    step_until(m, [&] { return m.thread(1).state == ThreadState::Blocked; });
    CHECK(m.thread(1).reason == BlockReason::PipeWrite);
    CHECK(m.io.pipes[0].buffer.size() == 4); // full
    step_until(m, [&] {
        return m.thread(2).reason == BlockReason::PipeRead ||
               m.thread(1).state != ThreadState::Blocked;
    });
    run_to_end(m);
    CHECK(global(m, "total") == 10);
    std::string text;
    m.process(1).mem.read_string(static_cast<uint32_t>(m.process(1).image->find("buf")->value),
                                 text);
    CHECK(text == "0123456789");
    // The writer woke only after the reader made room, and it blocked more than once.
    int writer_blocks = 0;
    for (const gb::Event& e : m.log.events)
        if (e.kind == gb::EventKind::Block && e.tid == 1 &&
            gb::event_text(m, e).find("full: waits to write") != std::string::npos)
            ++writer_blocks;
    CHECK(writer_blocks == 1); // one blocking write, woken when all 10 bytes were in
    const gb::Event* woke = find_event(m, "thread 1 wakes (pipe write)");
    REQUIRE(woke != nullptr);
    CHECK(woke->cycle >= 500);
    CHECK(m.io.pipes[0].bytes_written == 10);
    CHECK(m.io.pipes[0].bytes_read == 10);
}

TEST_CASE("pipes: the reader blocks on an empty pipe until data, and sees the end once every write "
          "end is closed") {
    Machine m = boot(R"(
        .data
fds:    .space 8
buf:    .space 8
res:    .space 8
        .text
main:   sys  pipe
        store r0, [fds]
        store r1, [fds + 4]
        sys  fork
        cmp  r0, 0
        beq  child
        load r1, [fds + 4]
        sys  close              ; the parent keeps only the read end
        load r1, [fds]
        li   r2, buf
        li   r3, 8
        sys  read               ; blocks until the child writes
        store r0, [res]
        load r1, [fds]
        li   r2, buf
        li   r3, 8
        sys  read               ; blocks until the child exits: 0
        store r0, [res + 4]
        halt
child:  load r1, [fds]
        sys  close
        li   r1, 400
        sys  sleep
        load r1, [fds + 4]
        li   r2, fds
        li   r3, 2
        sys  write
        li   r1, 400
        sys  sleep
        li   r0, 0
        ret                     ; exit closes its write end
)");
    step_until(m, [&] {
        return m.thread(1).reason == BlockReason::PipeRead &&
               m.thread(2).reason == BlockReason::Sleep;
    });
    CHECK(m.io.pipes[0].writers == 1); // the child's copy
    CHECK(m.io.pipes[0].readers == 1); // the parent's
    run_to_end(m);
    CHECK(global(m, "res") == 2);
    CHECK(word_at(m, "res", 4) == 0);
    const gb::Event* eof = find_event(m, "the last write end is closed");
    REQUIRE(eof != nullptr);
    CHECK(eof->cycle >= 800);
}

// --- readiness waits ---------------------------------------------------------------

TEST_CASE("poll: the readiness wait reports exactly the ready descriptors") {
    Machine m = boot(R"(
        .data
p1:     .space 8
p2:     .space 8
p3:     .space 8
set:    .word 0
list:   .space 64
n1:     .word 0
n2:     .word 0
n3:     .word 0
t0:     .word 0
t3:     .word 0
buf:    .space 8
        .text
main:   sys  pipe
        store r0, [p1]
        store r1, [p1 + 4]
        sys  pipe
        store r0, [p2]
        store r1, [p2 + 4]
        sys  pipe
        store r0, [p3]
        store r1, [p3 + 4]
        sys  poll_create
        store r0, [set]
        load r1, [set]
        load r2, [p1]
        li   r3, POLL_IN
        sys  poll_add
        load r1, [set]
        load r2, [p2]
        li   r3, POLL_IN
        sys  poll_add
        load r1, [set]
        load r2, [p3]
        li   r3, POLL_IN
        sys  poll_add
        load r1, [p1 + 4]       ; data in pipes 1 and 3, not 2
        li   r2, buf
        li   r3, 1
        sys  write
        load r1, [p3 + 4]
        li   r2, buf
        li   r3, 1
        sys  write
        load r1, [set]
        li   r2, list
        li   r3, 8
        li   r4, FOREVER
        sys  poll_wait          ; 2 ready: p1, p3
        store r0, [n1]
        load r1, [p1]
        li   r2, buf
        li   r3, 8
        sys  read               ; drain pipe 1
        load r1, [set]
        li   r2, list + 16
        li   r3, 8
        li   r4, 0
        sys  poll_wait          ; only p3 now
        store r0, [n2]
        load r1, [p3]
        li   r2, buf
        li   r3, 8
        sys  read               ; drain pipe 3
        sys  clock
        store r0, [t0]
        load r1, [set]
        li   r2, list + 32
        li   r3, 8
        li   r4, 300
        sys  poll_wait          ; nothing ready: times out after 300 cycles with 0
        store r0, [n3]
        sys  clock
        store r0, [t3]
        halt
)");
    run_to_end(m);
    int32_t r1 = global(m, "p1"), r3 = global(m, "p3");
    CHECK(global(m, "n1") == 2);
    CHECK(global(m, "list") == r1);
    CHECK(word_at(m, "list", 4) == static_cast<int32_t>(gb::kPollIn));
    CHECK(word_at(m, "list", 8) == r3);
    CHECK(word_at(m, "list", 12) == static_cast<int32_t>(gb::kPollIn));
    CHECK(global(m, "n2") == 1);
    CHECK(word_at(m, "list", 16) == r3);
    CHECK(global(m, "n3") == 0);
    CHECK(global(m, "t3") - global(m, "t0") >= 300);
    CHECK(find_event(m, "times out") != nullptr);
}

TEST_CASE("poll: a thread waiting on an interest set wakes with exactly the descriptor that became "
          "ready") {
    Machine m = boot(R"(
        .data
pa:     .space 8
pb:     .space 8
set:    .word 0
list:   .space 32
n:      .word 0
buf:    .space 4
        .text
main:   sys  pipe
        store r0, [pa]
        store r1, [pa + 4]
        sys  pipe
        store r0, [pb]
        store r1, [pb + 4]
        sys  poll_create
        store r0, [set]
        load r1, [set]
        load r2, [pa]
        li   r3, POLL_IN
        sys  poll_add
        load r1, [set]
        load r2, [pb]
        li   r3, POLL_IN
        sys  poll_add
        li   r1, writer
        sys  thread_create
        load r1, [set]
        li   r2, list
        li   r3, 4
        li   r4, FOREVER
        sys  poll_wait          ; blocks until the writer writes into pipe b
        store r0, [n]
        halt
writer: li   r1, 200
        sys  sleep
        load r1, [pb + 4]
        li   r2, buf
        li   r3, 2
        sys  write
        halt
)");
    step_until(m, [&] { return m.thread(1).state == ThreadState::Blocked; });
    CHECK(m.thread(1).reason == BlockReason::Poll);
    CHECK(m.thread(1).wait_on == 1);
    run_to_end(m);
    CHECK(global(m, "n") == 1);
    CHECK(global(m, "list") == global(m, "pb"));
    CHECK(word_at(m, "list", 4) == static_cast<int32_t>(gb::kPollIn));
    CHECK(m.io.pollsets[0].wakeups == 1);
}

// --- console -------------------------------------------------------------------

TEST_CASE(
    "console: a reader waits for input; without any the machine pauses, and feeding it runs on") {
    Machine m = boot(R"(
        .data
buf:    .space 16
n:      .word 0
        .text
main:   li   r1, STDIN
        li   r2, buf
        li   r3, 16
        sys  read               ; waits for console input
        store r0, [n]
        li   r1, STDOUT
        li   r2, buf
        mov  r3, r0
        sys  write              ; echo it
        halt
)");
    auto r = m.run(10000);
    REQUIRE(r.reason == gb::StopReason::Paused);
    CHECK(gb::stop_text(m).find("waiting for console input") != std::string::npos);
    CHECK(m.thread(1).reason == BlockReason::Io);
    m.feed_console(0, "hi!\n");
    run_to_end(m);
    CHECK(global(m, "n") == 4);
    CHECK(m.console == "hi!\n");

    // Input at a given cycle: a scheduled event, so the machine jumps to it.
    Machine m2 = boot(R"(
        .data
buf:    .space 16
        .text
main:   li   r1, STDIN
        li   r2, buf
        li   r3, 16
        sys  read
        halt
)");
    m2.feed_console_at(5000, 1, "later");
    run_to_end(m2);
    const gb::Event* woke = find_event(m2, "thread 1 wakes");
    REQUIRE(woke != nullptr);
    CHECK(woke->cycle == 5000);
    CHECK(m2.process(1).input.empty());
}

// --- deadlocks ----------------------------------------------------------------------

TEST_CASE("deadlock: waiting for a pending disk completion is not a deadlock; a pipe nobody will "
          "write is") {
    Machine ok = boot(R"(
        .data
name:   .string "big"
buf:    .space 4
        .text
main:   li   r1, name
        li   r2, O_CREATE
        sys  open
        mov  r1, r0
        li   r2, buf
        li   r3, 4
        sys  read               ; the only thread blocks, but the disk will answer
        halt
)",
                      io_config(100000));
    run_to_end(ok);
    CHECK(ok.now >= 100000);

    // The classic mistake: the process reads its own pipe while it still
    // holds the write end, so the end of data never comes.
    Machine bad = boot(R"(
        .data
buf:    .space 4
        .text
main:   sys  pipe
        li   r2, buf
        mov  r1, r0
        li   r3, 4
        sys  read               ; nobody else can ever write
        halt
)");
    auto r = bad.run(10000);
    REQUIRE(r.reason == gb::StopReason::Deadlock);
    REQUIRE(bad.deadlock_cycle.size() == 1);
    CHECK(bad.deadlock_cycle[0].tid == 1);
    CHECK(bad.deadlock_cycle[0].reason == BlockReason::PipeRead);
    CHECK(bad.deadlock_cycle[0].next == 1);
    CHECK(gb::deadlock_report(bad, gb::Lang::En)
              .find("pipe 1 (empty; its write end is open in process 1") != std::string::npos);

    // Two processes each waiting to read a pipe only the other writes.
    Machine two = boot(R"(
        .data
a:      .space 8
b:      .space 8
buf:    .space 4
        .text
main:   sys  pipe
        store r0, [a]
        store r1, [a + 4]
        sys  pipe
        store r0, [b]
        store r1, [b + 4]
        sys  fork
        cmp  r0, 0
        beq  child
        load r1, [a]            ; parent reads a, would write b afterwards
        li   r2, buf
        li   r3, 4
        sys  read
        halt
child:  load r1, [b]            ; child reads b, would write a afterwards
        li   r2, buf
        li   r3, 4
        sys  read
        halt
)");
    r = two.run(10000);
    REQUIRE(r.reason == gb::StopReason::Deadlock);
    CHECK(two.deadlock_cycle.size() >= 1);
    for (const gb::WaitStep& s : two.deadlock_cycle)
        CHECK(s.reason == BlockReason::PipeRead);
}

// --- the load generator and the servers ---------------------------------------------

namespace {

Machine run_server(const std::string& program, gb::Config cfg) {
    Machine m = boot_file(program, cfg);
    run_to_end(m, 5'000'000);
    return m;
}

} // namespace

TEST_CASE("event-loop server: one thread serves N clients and no request is lost") {
    for (int clients : {1, 5, 12}) {
        CAPTURE(clients);
        gb::Config cfg;
        cfg.io.load.clients = clients;
        cfg.io.load.requests = 4;
        cfg.io.load.think = 200;
        Machine m = run_server("programs/servers/event_loop.s", cfg);
        gb::IoStats s = gb::io_stats(m);
        CHECK(s.network);
        CHECK(s.clients == clients);
        CHECK(s.answered == clients * 4);
        CHECK(s.lost == 0);
        CHECK(m.threads.size() == 1); // one thread did it all
        CHECK(m.io.net.listeners[0].accepted == static_cast<uint64_t>(clients));
        CHECK(m.console.find(fmt::format("{} requests served", clients * 4)) != std::string::npos);
        // Every request's life is in order: sent, arrived, answered, received.
        for (const gb::NetRequest& r : m.io.net.requests) {
            CHECK(r.done);
            CHECK(r.arrived == r.sent + cfg.io.load.net_latency);
            CHECK(r.replied >= r.arrived);
            CHECK(r.received == r.replied + cfg.io.load.net_latency);
        }
    }
}

TEST_CASE("servers: every server program answers every request of the same load") {
    for (const char* p : {"programs/servers/thread_per_connection.s",
                          "programs/servers/event_loop.s", "programs/servers/reactor.s",
                          "programs/servers/db_sync.s", "programs/servers/db_async.s"}) {
        CAPTURE(p);
        gb::Config cfg;
        cfg.io.load.clients = 5;
        cfg.io.load.requests = 3;
        Machine m = run_server(p, cfg);
        gb::IoStats s = gb::io_stats(m);
        CHECK(s.answered == 15);
        CHECK(s.lost == 0);
        CHECK(m.process(1).exit_code == 0);
    }
}

TEST_CASE("servers: the asynchronous database server's main thread is idle fewer cycles than the "
          "synchronous one") {
    for (uint64_t seed : {1u, 2u, 3u}) {
        CAPTURE(seed);
        gb::Config cfg;
        cfg.seed = seed;
        cfg.io.load.clients = 6;
        cfg.io.load.requests = 4;
        Machine sync = run_server("programs/servers/db_sync.s", cfg);
        Machine async = run_server("programs/servers/db_async.s", cfg);
        gb::IoStats a = gb::io_stats(async), s = gb::io_stats(sync);
        REQUIRE(s.answered == 24);
        REQUIRE(a.answered == 24);
        // Same load, same disk: the synchronous loop sleeps through every
        // disk read; the asynchronous one only waits when there is nothing to do.
        CHECK(a.threads[0].blocked < s.threads[0].blocked);
        CHECK(a.throughput > s.throughput);
        CHECK(a.latency.mean < s.latency.mean);
        CHECK(async.console.find("up to 1 database") == std::string::npos); // reads overlapped
    }
}

TEST_CASE("load generator: the same seed gives the same latencies; another seed other ones") {
    auto latencies = [](uint64_t seed) {
        gb::Config cfg;
        cfg.seed = seed;
        cfg.io.load.clients = 4;
        cfg.io.load.requests = 4;
        Machine m = run_server("programs/servers/db_async.s", cfg);
        return gb::io_stats(m).latencies;
    };
    auto a = latencies(11), b = latencies(11), c = latencies(12);
    REQUIRE(a.size() == 16);
    CHECK(a == b);
    CHECK(a != c);
}

TEST_CASE("load generator: a script sends each request no earlier than its time") {
    gb::Config cfg;
    std::string error;
    REQUIRE(gb::parse_load_script("1:0:10, 1:2000:10, 2:500:40", cfg.io.load.script, error));
    cfg.io.load.net_latency = 5;
    Machine m = run_server("programs/servers/event_loop.s", cfg);
    const auto& reqs = m.io.net.requests;
    REQUIRE(reqs.size() == 3);
    uint64_t start = m.io.net.started_at;
    CHECK(reqs[0].sent == start);
    CHECK(reqs[1].sent == start + 2000);
    CHECK(reqs[2].sent == start + 500);
    CHECK(reqs[2].work == 40);
    for (const auto& r : reqs)
        CHECK(r.done);
    CHECK_FALSE(gb::parse_load_script("1:x:3", cfg.io.load.script, error));
    CHECK(error.find("CLIENT:AT:WORK") != std::string::npos);
}

TEST_CASE("load generator: a server that closes a connection without answering loses the request") {
    gb::Config cfg;
    cfg.io.load.clients = 2;
    cfg.io.load.requests = 3;
    Machine m = boot(R"(
        .data
buf:    .space 8
        .text
main:   li   r1, 80
        sys  listen
        mov  r5, r0
again:  mov  r1, r5
        sys  accept
        cmp  r0, 0
        blt  out
        mov  r6, r0
        mov  r1, r6
        li   r2, buf
        li   r3, 8
        sys  read               ; take the request ...
        mov  r1, r6
        sys  close              ; ... and hang up without answering
        jmp  again
out:    halt
)",
                     cfg);
    run_to_end(m);
    gb::IoStats s = gb::io_stats(m);
    CHECK(s.answered == 0);
    CHECK(s.lost == 6);
    CHECK(s.sent == 2);
    CHECK(m.io.net.finished);
}

TEST_CASE("io: a copy of the machine in the middle of I/O runs on exactly like the original") {
    gb::Config cfg;
    cfg.io.load.clients = 3;
    cfg.io.load.requests = 3;
    Machine a = boot_file("programs/servers/db_async.s", cfg);
    a.run(800);
    REQUIRE(!a.io.timed.empty());
    Machine b = a;
    run_to_end(a);
    run_to_end(b);
    CHECK(a.now == b.now);
    CHECK(a.console == b.console);
    CHECK(gb::io_stats(a).latencies == gb::io_stats(b).latencies);
    CHECK(a.log.events.size() == b.log.events.size());
}

TEST_CASE("io: bad buffers are faults; bad descriptors return -1") {
    Machine m = boot(R"(
        .data
res:    .space 8
        .text
main:   li   r1, 9
        li   r2, res
        li   r3, 4
        sys  read               ; fd 9 is not open: -1
        store r0, [res]
        li   r1, 1
        li   r2, 0
        li   r3, 4
bad:    sys  write              ; address 0: a bad-system-call fault
        halt
)");
    REQUIRE(m.run(1000).reason == gb::StopReason::Fault);
    CHECK(global(m, "res") == -1);
    CHECK(m.last_fault.fault == gb::Fault::BadSyscall);
    CHECK(m.last_fault.pc == static_cast<uint32_t>(m.process(1).image->find("bad")->value));
}

TEST_CASE("io: the CLI runs a server against the load generator and reports figures (--json)") {
    std::string cmd =
        std::string("cd " GLASSBOX_SOURCE_DIR " && " GLASSBOX_CLI
                    " run programs/servers/event_loop.s --clients 3 --requests 2 --seed 4 --json");
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
        out.append(buf.data(), n);
    int status = pclose(p);
    CHECK(WEXITSTATUS(status) == 0);
    nlohmann::json j = nlohmann::json::parse(out);
    CHECK(j["io"]["load"]["clients"] == 3);
    CHECK(j["io"]["load"]["answered"] == 6);
    CHECK(j["io"]["load"]["lost"] == 0);
    CHECK(j["io"]["load"]["requests"].size() == 6);
    CHECK(j["io"]["load"]["throughput_per_1000_cycles"].get<double>() > 0);
    CHECK(j["threads"][0]["cycles_blocked_io"].get<uint64_t>() > 0);
    CHECK(j["cores"][0]["idle_cycles"].is_number());
}
