// A second assembler front-end: the programs of OSTEP's threads homework
// (x86.py's `.s` files: `mov 2000, %ax`, `xchg %ax, mutex`, `.var count`,
// `.top`, ...) become Glassbox words, one Glassbox instruction for each
// x86.py instruction, so a timer that counts instructions
// (Config::instruction_timer) interleaves the threads exactly as x86.py.
//
// The machine model is x86.py's: its registers are Glassbox registers (ax..fx
// are r1..r6, sp and bp are sp and fp; r0, never written, is x86.py's zero
// register), its addresses are Glassbox addresses (variables from 100 up, 4
// bytes apart, below the trampoline at 0xf00; the threads' stacks at
// memsize × 1000 and down), and x86.py's six condition codes are read from
// the flags of `cmp`. Where x86.py names a constant that a Glassbox
// instruction wants in a register (`mov $1, flag`, `xchg %ax, mutex`, `push
// mutex`, `test %ax, $3`), the front-end keeps it in a constant register
// (r7..r12) that every thread starts with: still one instruction. The one
// ISA addition is for the array element 0(%fx,%bx,4) of peterson.s: LoadX /
// StoreX, `load rd, [ra + rb*4]` (docs/isa.md; docs/ostep.md lists each
// translation).
#pragma once

#include "sim/isa/image.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gb {

// The kernel's `yield` syscall number (sim/kernel/syscalls.h: SYS_YIELD;
// the assembler sits below the kernel, a test checks that they agree).
constexpr int32_t kX86YieldSyscall = 7;

struct X86Instruction {
    uint32_t x86_address = 0; // x86.py's PC: the load address + its index
    std::string text;         // the line without its comment, trimmed (as x86.py prints it)
    int line = 0;             // 1-based
};

struct X86Program {
    std::shared_ptr<Image> image;                       // code at layout::kCodeBase, entry there
    std::vector<X86Instruction> instructions;           // the i-th at kCodeBase + 4 i
    std::vector<std::pair<std::string, uint32_t>> vars; // declared order: name, address
    // Registers every thread starts with: the constants the code reads from them.
    std::vector<std::pair<int, uint32_t>> constants;
    uint32_t data_end = 100; // first address past the variables
};

// x86.py's register names: "zero", "ax".."fx", "sp", "bp" → Glassbox register, or -1.
int x86_register(std::string_view name);
// The x86.py name of a Glassbox register ("" if x86.py has no name for it).
std::string_view x86_register_name(int reg);
// The x86.py PC of a Glassbox code address of the program (0 if none).
uint32_t x86_address_of(const X86Program& p, uint32_t glassbox_pc);
// Whether `source` looks like an x86.py program (its `%ax`-style registers
// or `$` immediates, and no Glassbox `rN` registers): how the dashboard
// recognises a homework file without a flag.
bool looks_like_x86(std::string_view source);

// Translates x86.py source. On a mistake returns false with `error` as
// "file:line:column: what was expected".
bool assemble_x86(std::string_view source, const std::string& path, uint32_t load_address,
                  X86Program& out, std::string& error);

} // namespace gb
