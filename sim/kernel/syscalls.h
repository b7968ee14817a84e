// System calls: one table indexed by number (DESIGN.md). A program traps
// with `sys N`; arguments are in r1..r3 (r4 for a few I/O calls) and the
// result comes back in r0.
// The assembler predefines each call's name as a constant, so programs
// write `sys print_int` rather than a bare number. docs/kernel.md lists
// them all (`glassbox-cli syscalls` prints this table).
//
// Errors: a call given a bad address or an object id that is not the
// caller's kills the process with a "bad system call" fault (like a
// segfault, with the PC of the `sys`); a call that simply cannot be done
// returns -1 (or 0 for malloc) and says why in the event log; a call that
// hits a resource limit also stops the machine with StopReason::Paused.
#pragma once

#include "sim/kernel/why.h"

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace gb {

class Machine;

enum SysNo : int32_t {
    SYS_EXIT = 0,       // exit(code): end the whole process
    SYS_PRINT_INT = 1,  // print_int(n)
    SYS_PRINT_CHAR = 2, // print_char(c)
    SYS_PRINT_STR = 3,  // print_str(address of a NUL-terminated string)
    SYS_SBRK = 4,       // sbrk(bytes) → old break
    SYS_GETPID = 5,
    SYS_GETTID = 6,
    SYS_YIELD = 7,
    SYS_SLEEP = 8,           // sleep(cycles)
    SYS_THREAD_CREATE = 9,   // thread_create(entry, arg) → tid
    SYS_THREAD_JOIN = 10,    // thread_join(tid) → the thread's exit value
    SYS_THREAD_EXIT = 11,    // thread_exit(value)
    SYS_FORK = 12,           // fork() → child pid in the parent, 0 in the child
    SYS_WAIT = 13,           // wait(pid or 0 for any child) → r0 = pid, r1 = exit code
    SYS_SPAWN = 14,          // spawn(path) → pid of a new process running that program file
    SYS_MUTEX_CREATE = 15,   // mutex_create(name or 0) → id
    SYS_MUTEX_LOCK = 16,     // mutex_lock(id)
    SYS_MUTEX_UNLOCK = 17,   // mutex_unlock(id)
    SYS_MUTEX_TRYLOCK = 18,  // mutex_trylock(id) → 0 if taken, -1 if busy
    SYS_SEM_CREATE = 19,     // sem_create(value, name or 0) → id
    SYS_SEM_WAIT = 20,       // sem_wait(id): P
    SYS_SEM_POST = 21,       // sem_post(id): V
    SYS_COND_CREATE = 22,    // cond_create(name or 0) → id
    SYS_COND_WAIT = 23,      // cond_wait(cv, mutex)
    SYS_COND_SIGNAL = 24,    // cond_signal(cv)
    SYS_COND_BROADCAST = 25, // cond_broadcast(cv)
    SYS_MALLOC = 26,         // malloc(size, label or 0) → address or 0
    SYS_FREE = 27,           // free(address)
    SYS_LOAD_LIBRARY = 28,   // load_library(path) → base address or -1
    SYS_SET_PRIORITY = 29,   // set_priority(tid or 0, priority) → old priority
    SYS_GETPPID = 30,        // getppid() → parent pid
    // I/O (io.h, docs/io.md). Buffers are (address, length); r4 is a fourth argument where noted.
    SYS_OPEN = 31,  // open(path, flags: O_CREATE | O_TRUNC) → fd of a disk file, or -1
    SYS_CLOSE = 32, // close(fd) → 0 or -1
    SYS_READ = 33,  // read(fd, buf, len) → bytes read, 0 at the end of data; blocks until it can
    SYS_WRITE = 34, // write(fd, buf, len) → bytes written; blocks until all are written
    SYS_READ_NB = 35,     // read_nb(fd, buf, len) → bytes, 0 at the end, or WOULD_BLOCK at once
    SYS_WRITE_NB = 36,    // write_nb(fd, buf, len) → bytes written (maybe fewer), or WOULD_BLOCK
    SYS_READ_ASYNC = 37,  // read_async(fd, buf, len, r4 = handler or 0) → request id
    SYS_WRITE_ASYNC = 38, // write_async(fd, buf, len, r4 = handler or 0) → request id
    SYS_ASYNC_WAIT = 39, // async_wait(id or 0 for any) → r0 = result, r1 = id (or runs the handler)
    SYS_ASYNC_COLLECT = 40, // async_collect(id or 0) → like async_wait, or WOULD_BLOCK at once
    SYS_PIPE = 41,          // pipe() → r0 = read end fd, r1 = write end fd
    SYS_LISTEN =
        42, // listen(port) → fd of a listening socket (the load generator's clients connect)
    SYS_ACCEPT = 43,      // accept(fd) → a connection's fd; blocks; -1 once no client will come
    SYS_POLL_CREATE = 44, // poll_create() → interest set id
    SYS_POLL_ADD = 45,    // poll_add(set, fd, events) → 0 or -1
    SYS_POLL_REMOVE = 46, // poll_remove(set, fd) → 0 or -1
    SYS_POLL_WAIT =
        47, // poll_wait(set, list, max, r4 = timeout or FOREVER) → ready count (0: timeout)
    SYS_SEEK = 48,  // seek(fd, offset) → 0 or -1 (disk files)
    SYS_CLOCK = 49, // clock() → the machine's time in cycles (low 32 bits)
};

struct SyscallInfo {
    int32_t number;
    std::string_view name; // the constant programs use: `sys print_int`
    std::string_view args; // "r1 = code"
    std::string_view explain_en;
    std::string_view explain_ko;
    void (*handler)(Machine& m, int tid);
};

std::span<const SyscallInfo> syscall_table();
const SyscallInfo* syscall_info(int32_t number);
// Runs syscall `number` for thread `tid` (whose `sys` has just executed).
// An unknown number kills the process with a bad-system-call fault.
void do_syscall(Machine& m, int tid, int32_t number);
// name → number, for the assembler's predefined constants: every system
// call's name, and the I/O constants (WOULD_BLOCK, POLL_IN, ... io.h).
std::map<std::string, int32_t> syscall_constants();
// A syscall given bad arguments (an unreadable buffer, an id that is not the
// caller's) kills the process with a bad-system-call fault at the `sys`.
void syscall_fault(Machine& m, int tid, uint32_t addr, const Reason& why);

} // namespace gb
