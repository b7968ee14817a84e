// The I/O system's limits in bytes and objects (Limits, docs/limits.md):
// asynchronous buffers, disk files and the whole disk, the number of files,
// pipes, interest sets and listening sockets, a pipe's capacity. Past each
// the call returns -1 and the machine pauses with a message naming it.
#include "helpers.h"

#include "sim/kernel/io/io.h"
#include "teach/event_words.h"

using namespace gbtest;
using gb::Machine;

namespace {

// Runs until the machine pauses for a limit; checks the message names it.
void paused_by(Machine& m, const std::string& limit, const std::string& what) {
    gb::RunResult r = m.run(2'000'000);
    INFO(gb::stop_text(m));
    REQUIRE(r.reason == gb::StopReason::Paused);
    CHECK(gb::stop_text(m).find(what) != std::string::npos);
    CHECK(gb::stop_text(m).find("Config::limits." + limit) != std::string::npos);
}

// The thread whose call was refused sees -1.
int32_t r0_of_caller(const Machine& m) {
    for (const gb::Core& c : m.cores)
        if (c.tid) return static_cast<int32_t>(c.ctx.regs[0]);
    return reg(m, 0);
}

} // namespace

TEST_CASE("io limits: asynchronous requests not yet collected hold at most max_async_bytes") {
    gb::Config cfg;
    cfg.limits.max_async_bytes = 10000;
    // write_async of 4096 bytes into a pipe nobody reads, forever.
    Machine m = boot(R"(
        .data
buf:    .space 4096
        .text
main:   sys  pipe
        mov  r5, r1
again:  mov  r1, r5
        li   r2, buf
        li   r3, 4096
        li   r4, 0
        sys  write_async
        jmp  again
)",
                     cfg);
    paused_by(m, "max_async_bytes", "asynchronous I/O limit reached");
    CHECK(r0_of_caller(m) == -1);
    CHECK(m.io.async_bytes == 8192); // two requests; the third did not fit
    int async = 0;
    for (const gb::IoRequest& r : m.io.requests)
        async += r.mode == gb::IoMode::Async;
    CHECK(async == 2);
}

TEST_CASE("io limits: collected requests give their bytes back, and keep no copy of the data") {
    gb::Config cfg;
    cfg.limits.max_async_bytes = 10000;
    // 50 asynchronous writes of 4096 bytes to a disk file, each collected.
    Machine m = boot(R"(
        .data
name:   .string "f"
        .align 4
buf:    .space 4096
        .text
main:   li   r1, name
        li   r2, O_CREATE
        sys  open
        mov  r5, r0
        li   r6, 50
again:  mov  r1, r5
        li   r2, 0
        sys  seek
        mov  r1, r5
        li   r2, buf
        li   r3, 4096
        li   r4, 0
        sys  write_async
        mov  r1, r0
        sys  async_wait
        sub  r6, r6, 1
        cmp  r6, 0
        bgt  again
        halt
)",
                     cfg);
    gb::RunResult r = m.run(2'000'000);
    INFO(gb::stop_text(m));
    REQUIRE(r.reason == gb::StopReason::AllDone);
    CHECK(m.io.async_bytes == 0);
    CHECK(m.io.requests.size() == 50);
    for (const gb::IoRequest& q : m.io.requests) {
        CHECK(q.status == gb::IoStatus::Collected);
        CHECK(q.data.capacity() == 0);
    }
}

TEST_CASE("io limits: a disk file holds at most max_file_bytes") {
    gb::Config cfg;
    cfg.limits.max_file_bytes = 10000;
    Machine m = boot(R"(
        .data
name:   .string "big"
        .align 4
buf:    .space 4096
        .text
main:   li   r1, name
        li   r2, O_CREATE
        sys  open
        mov  r5, r0
again:  mov  r1, r5
        li   r2, buf
        li   r3, 4096
        sys  write
        jmp  again
)",
                     cfg);
    paused_by(m, "max_file_bytes", "disk limit reached");
    CHECK(gb::stop_text(m).find("'big'") != std::string::npos);
    CHECK(r0_of_caller(m) == -1);
    REQUIRE(m.io.disk.files.size() == 1);
    CHECK(m.io.disk.files[0].bytes.size() == 8192);
}

TEST_CASE("io limits: all files on the disk hold at most max_disk_bytes together") {
    gb::Config cfg;
    cfg.limits.max_disk_bytes = 10000;
    // 4096 bytes into "a", then 4096 into "b" twice: the second does not fit.
    Machine m = boot(R"(
        .data
a:      .string "a"
b:      .string "b"
        .align 4
buf:    .space 4096
        .text
main:   li   r1, a
        li   r2, O_CREATE
        sys  open
        mov  r1, r0
        li   r2, buf
        li   r3, 4096
        sys  write
        li   r1, b
        li   r2, O_CREATE
        sys  open
        mov  r5, r0
again:  mov  r1, r5
        li   r2, buf
        li   r3, 4096
        sys  write
        jmp  again
)",
                     cfg);
    paused_by(m, "max_disk_bytes", "disk limit reached");
    CHECK(r0_of_caller(m) == -1);
    CHECK(gb::disk_bytes(m) == 8192);
    // Rewriting bytes a file already has does not grow the disk: allowed.
    gb::Config roomy = cfg;
    roomy.limits.max_disk_bytes = 4096;
    Machine n = boot(R"(
        .data
a:      .string "a"
        .align 4
buf:    .space 4096
        .text
main:   li   r1, a
        li   r2, O_CREATE
        sys  open
        mov  r5, r0
        li   r6, 5
again:  mov  r1, r5
        li   r2, 0
        sys  seek
        mov  r1, r5
        li   r2, buf
        li   r3, 4096
        sys  write
        sub  r6, r6, 1
        cmp  r6, 0
        bgt  again
        halt
)",
                     roomy);
    CHECK(n.run(2'000'000).reason == gb::StopReason::AllDone);
}

TEST_CASE("io limits: the disk holds at most max_disk_files files") {
    gb::Config cfg;
    cfg.limits.max_disk_files = 5;
    // open "fA", "fB", ... with O_CREATE, closing each.
    Machine m = boot(R"(
        .data
name:   .string "fA"
        .text
main:   li   r5, 'A'
again:  li   r1, name
        li   r2, O_CREATE
        sys  open
        mov  r1, r0
        sys  close
        add  r5, r5, 1
        storeb r5, [name + 1]
        jmp  again
)",
                     cfg);
    paused_by(m, "max_disk_files", "disk limit reached");
    CHECK(gb::stop_text(m).find("'fF'") != std::string::npos);
    CHECK(m.io.disk.files.size() == 5);
}

TEST_CASE("io limits: pipes, interest sets and listening sockets are at most max_io_objects") {
    gb::Config cfg;
    cfg.limits.max_io_objects = 10;
    SUBCASE("pipes, closed each time") {
        Machine m = boot(R"(
main:
again:  sys  pipe
        mov  r5, r1
        mov  r1, r0
        sys  close
        mov  r1, r5
        sys  close
        jmp  again
)",
                         cfg);
        paused_by(m, "max_io_objects", "kernel object limit reached");
        CHECK(m.io.pipes.size() == 10);
        CHECK(r0_of_caller(m) == -1);
    }
    SUBCASE("interest sets and pipes together") {
        Machine m = boot(R"(
main:   sys  pipe
        sys  pipe
again:  sys  poll_create
        jmp  again
)",
                         cfg);
        paused_by(m, "max_io_objects", "poll_create found 10");
        CHECK(m.io.pipes.size() == 2);
        CHECK(m.io.pollsets.size() == 8);
    }
}

TEST_CASE("io limits: a pipe holds at most max_pipe_bytes, whatever its settings ask") {
    gb::Config cfg;
    cfg.io.pipe_capacity = 0xFFFFFFFFu; // e.g. from a hand-edited session file
    cfg.limits.max_pipe_bytes = 1000;
    Machine m = boot(R"(
        .data
buf:    .space 4096
        .text
main:   sys  pipe
        mov  r5, r1
again:  mov  r1, r5
        li   r2, buf
        li   r3, 4096
        sys  write_nb
        jmp  again
)",
                     cfg);
    m.run(20000);
    REQUIRE(m.io.pipes.size() == 1);
    CHECK(m.io.pipes[0].capacity == 1000);
    CHECK(m.io.pipes[0].buffer.size() == 1000);
}

TEST_CASE("io limits: the records of requests made are bounded by max_io_requests") {
    gb::Config cfg;
    cfg.limits.max_io_requests = 40;
    // Blocking reads of a disk file, forever: each leaves a request record.
    Machine m = boot(R"(
        .data
name:   .string "f"
        .align 4
buf:    .space 16
        .text
main:   li   r1, name
        li   r2, O_CREATE
        sys  open
        mov  r5, r0
again:  mov  r1, r5
        li   r2, 0
        sys  seek
        mov  r1, r5
        li   r2, buf
        li   r3, 16
        sys  read
        jmp  again
)",
                     cfg);
    paused_by(m, "max_io_requests", "I/O request limit reached");
    CHECK(r0_of_caller(m) == -1);
    CHECK(m.io.requests.size() == 40);
}
