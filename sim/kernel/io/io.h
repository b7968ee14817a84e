// The kernel's I/O: devices with latency, pipes, readiness waits, and the
// three forms of every read and write (docs/io.md tells the story):
//
//   blocking      read / write: if the call cannot finish now, the thread
//                 sleeps (state "blocked on I/O") until it can; another
//                 thread runs meanwhile.
//   non-blocking  read_nb / write_nb: returns at once; WOULD_BLOCK (-11)
//                 when nothing could be done yet — the program may try again
//                 later (polling).
//   asynchronous  read_async / write_async: returns a request id at once;
//                 the request finishes later, on its own. The program
//                 collects the completion (async_wait, async_collect), or
//                 names a handler that the collecting call runs as
//                 handler(request id, result, buffer) — the callback form.
//
// A call that cannot finish at once becomes an IoRequest: a plain record
// (id, who, what, when submitted, when completed) kept in Machine::io, that
// waits in the queue of the object it needs (a pipe, the console, a
// connection, a listener) or, for the disk, as a scheduled completion.
//
// Time: device latencies and the load generator's clients go through one
// queue of scheduled events, ordered by cycle and then by the order they
// were scheduled (deterministic ties). The machine runs the events that are
// due before each step; when every core is idle it jumps the clock to the
// next event (Machine::handle_idle). Nothing here reads the wall clock; the
// only randomness is the machine's seeded PRNG.
#pragma once

#include "sim/kernel/io/console.h"
#include "sim/kernel/io/disk.h"
#include "sim/kernel/io/fd.h"
#include "sim/kernel/io/network.h"
#include "sim/kernel/io/pipe.h"
#include "sim/kernel/io/poll.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gb {

class Machine;

// Results and flags programs use; the assembler predefines these names
// (io_constants()).
constexpr int32_t kWouldBlock = -11; // WOULD_BLOCK: nothing could be done without waiting
constexpr int32_t kAsyncQueue = -1; // ASYNC_QUEUE: the pseudo-descriptor of finished async requests
constexpr uint32_t kPollIn = 1;     // POLL_IN
constexpr uint32_t kPollOut = 2;    // POLL_OUT
constexpr uint32_t kPollHup = 4;    // POLL_HUP: the other side has closed (reported, not asked for)
constexpr uint32_t kOpenCreate = 1; // O_CREATE: open makes the file if it does not exist
constexpr uint32_t kOpenTrunc = 2;  // O_TRUNC: open empties the file
constexpr uint32_t kMaxIoBytes = 4096; // the most one read or write moves
std::map<std::string, int32_t> io_constants();

struct IoConfig {
    uint32_t disk_latency = 300; // cycles every disk request takes ...
    uint32_t disk_jitter = 100;  // ... plus a seeded 0..jitter more
    uint32_t pipe_capacity = 16; // bytes a pipe holds
    LoadSpec load;               // the load generator (network.h)
    bool operator==(const IoConfig&) const = default;
};

// --- scheduled events ----------------------------------------------------------

enum class TimedKind : uint8_t {
    DiskDone,      // a = I/O request id
    PollTimeout,   // a = tid (still waiting on a readiness wait whose deadline is `at`)
    ConsoleFeed,   // a = pid (0: shared), text
    ClientConnect, // a = client id (1, 2, ...)
    ClientSend,    // a = client id
    NetArrive,     // a = request number: the request reaches the server
    ReplyArrive,   // a = request number: the reply reaches the client
    CloseArrive,   // a = connection id: the client's close reaches the server
};
std::string_view timed_kind_name(TimedKind k);

struct Timed {
    uint64_t at = 0;
    uint64_t seq = 0; // scheduling order: breaks ties between events at the same cycle
    TimedKind kind = TimedKind::DiskDone;
    int a = 0;
    std::string text;
};

// --- I/O requests --------------------------------------------------------------

enum class IoOp : uint8_t { Read, Write, Accept };
enum class IoMode : uint8_t { Blocking, Async };
enum class IoStatus : uint8_t {
    Pending,   // waiting for data, room, a connection, or the disk
    Completed, // done; an asynchronous request waits to be collected
    Collected, // its result has been handed to the program
    Cancelled, // its thread or process ended first
};
std::string_view io_status_name(IoStatus s);

struct IoRequest {
    int id = 0;
    int pid = 0, tid = 0; // who made it
    int fd = 0;
    FdKind target = FdKind::None;
    int object = 0; // the pipe, file, connection or listener id
    IoOp op = IoOp::Read;
    IoMode mode = IoMode::Blocking;
    uint32_t buf = 0, len = 0; // the program's buffer
    uint32_t done = 0;         // bytes moved so far
    uint32_t handler = 0;      // async: the callback's address (0: collect the result instead)
    std::vector<uint8_t> data; // write: the bytes still to deliver; disk read: the bytes read
    IoStatus status = IoStatus::Pending;
    int32_t result = 0;
    uint64_t submitted = 0, due = 0, completed = 0; // due: the disk's completion cycle (0 if none)
    int64_t fd_word = 0; // the fd as it was when the request was made (fd_word())
};

// Everything the I/O system holds, as plain values in the machine.
struct IoSystem {
    std::vector<Timed> timed; // scheduled events, sorted by (at, seq)
    uint64_t timed_seq = 0;
    std::vector<IoRequest> requests; // id = index + 1
    Disk disk;
    std::vector<Pipe> pipes;       // id = index + 1
    std::vector<PollSet> pollsets; // id = index + 1
    Network net;
    ConsoleInput console;
    bool used = false;         // a program used an I/O call (the CLI then prints the I/O report)
    uint64_t would_blocks = 0; // non-blocking calls that said "would block"
    // The buffer lengths of asynchronous requests made and not yet collected
    // or cancelled (bounded by Limits::max_async_bytes).
    uint64_t async_bytes = 0;
};

// Puts an event into the queue.
void io_schedule(Machine& m, uint64_t at, TimedKind kind, int a, std::string text = {});
// The cycle of the earliest scheduled event, or UINT64_MAX.
uint64_t io_next_event(const Machine& m);
// Runs every scheduled event due by now, oldest first.
void io_run_due(Machine& m);

// A new request record (logged as made).
IoRequest& io_new_request(Machine& m, int tid, int fd, const Descriptor& d, IoOp op, IoMode mode,
                          uint32_t buf, uint32_t len, uint32_t handler);
IoRequest& io_request(Machine& m, int id);
// Whether a queued request still wants serving (its thread still waits for
// it, or, asynchronous, its process is alive); marks it Cancelled if not.
bool io_live(Machine& m, int id);
// A request has finished with `result`: a blocking one wakes its thread
// with r0 = result; an asynchronous one joins its process's completion
// queue and is handed to a thread waiting in async_wait, if any.
void io_complete(Machine& m, int id, int32_t result);
// Hands a completed asynchronous request to thread tid: r0 = result,
// r1 = id; or, when it has a handler, makes the thread call
// handler(r1 = id, r2 = result, r3 = buffer), returning to where it was.
void io_deliver(Machine& m, int tid, int id);
// Blocks thread tid until request id finishes.
void io_block(Machine& m, int tid, int id);
// A process has ended: its requests are cancelled.
void io_process_exit(Machine& m, int pid);

// Guest memory for the devices: whether [addr, addr + len) is mapped with
// the permission (PermR: the kernel reads it; PermW: the kernel fills it).
bool user_range_ok(const Machine& m, int pid, uint32_t addr, uint32_t len, uint8_t perm);
void user_write(Machine& m, int pid, uint32_t addr, const uint8_t* bytes, size_t n);
std::vector<uint8_t> user_read(const Machine& m, int pid, uint32_t addr, uint32_t len);

} // namespace gb
