// Guest faults: what the CPU or the kernel reports when a program does
// something illegal. They are simulated (the kernel kills the faulting
// process, like SIGSEGV), never host crashes (DESIGN.md invariant 5).
#pragma once

#include <cstdint>
#include <string_view>

namespace gb {

enum class Fault : uint8_t {
    None,
    BadAddress,      // no region maps this address (e.g. a null pointer)
    WriteToReadOnly, // a store into code or another read-only region
    ExecuteNonCode,  // the PC left the code: fetch from a non-executable region
    Misaligned,      // a word access or PC not a multiple of 4
    DivideByZero,
    IllegalInstruction, // the word at PC is not an instruction
    StackOverflow,      // an access into the guard gap below a stack
    BadSyscall,         // unknown syscall number or bad arguments
};

std::string_view fault_name(Fault f); // "bad address", ...
std::string_view fault_name_ko(Fault f);
std::string_view fault_id(Fault f); // "bad_address", for JSON

} // namespace gb
