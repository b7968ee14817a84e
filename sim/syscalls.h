// System calls: one table indexed by number (DESIGN.md). A program traps
// with `sys N`; arguments are in r1..r3 and the result comes back in r0.
// The assembler predefines each call's name as a constant, so programs
// write `sys print_int` rather than a bare number.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace gb {

class Machine;

enum SysNo : int32_t {
    SYS_EXIT = 0,          // exit(code): end the whole process
    SYS_PRINT_INT = 1,     // print_int(n)
    SYS_PRINT_CHAR = 2,    // print_char(c)
    SYS_PRINT_STR = 3,     // print_str(address of a NUL-terminated string)
    SYS_SBRK = 4,          // sbrk(bytes) → old break
    SYS_GETPID = 5,
    SYS_GETTID = 6,
    SYS_YIELD = 7,
    SYS_SLEEP = 8,         // sleep(cycles)
    SYS_THREAD_CREATE = 9, // thread_create(entry, arg) → tid
    SYS_THREAD_JOIN = 10,  // thread_join(tid) → the thread's exit value
    SYS_THREAD_EXIT = 11,  // thread_exit(value)
};

struct SyscallInfo {
    int32_t number;
    std::string_view name;  // the constant programs use: `sys print_int`
    std::string_view args;  // "r1 = code"
    std::string_view explain_en;
    std::string_view explain_ko;
    void (*handler)(Machine& m, int tid);
};

std::span<const SyscallInfo> syscall_table();
const SyscallInfo* syscall_info(int32_t number);
// Runs syscall `number` for thread `tid` (whose `sys` has just executed).
// An unknown number kills the process with a bad-system-call fault.
void do_syscall(Machine& m, int tid, int32_t number);
// name → number, for the assembler's predefined constants.
std::map<std::string, int32_t> syscall_constants();

} // namespace gb
