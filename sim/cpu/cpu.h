// One CPU core: fetch the word at PC, decode it, execute it.
//
// The core knows nothing of processes or threads: it runs whatever context
// the kernel loaded into it, over whatever address space it is given, and
// reports what happened. A `sys` instruction or a fault hands control to the
// kernel (machine.cpp), exactly where a real CPU would trap.
#pragma once

#include "sim/cpu/fault.h"
#include "sim/cpu/memory.h"
#include "sim/isa/isa.h"

#include <array>
#include <cstdint>

namespace gb {

// The thread context: everything the kernel saves and restores on a switch.
struct Context {
    uint32_t pc = 0;
    std::array<uint32_t, kNumRegs> regs{};
    Flags flags;
    bool operator==(const Context&) const = default;
};

// One memory write, kept for the trace and the dashboard's highlights.
struct MemWrite {
    uint32_t addr = 0;
    uint32_t old_value = 0;
    uint32_t new_value = 0;
    uint8_t width = 0; // 0: no write; 1 or 4 bytes
};

// One memory read by a load, a pop/ret or an atomic, kept for the race
// detector and a value's history (who read what before storing).
struct MemRead {
    uint32_t addr = 0;
    uint32_t value = 0;
    uint8_t width = 0; // 0: no read; 1 or 4 bytes
};

enum class StepKind : uint8_t {
    Executed, // an ordinary instruction finished
    Syscall,  // `sys N`: the kernel must handle it (PC already advanced)
    Halt,     // `halt`: the thread stops (PC stays on the halt)
    Fault,    // the instruction faulted (PC stays on it, nothing changed)
};

// What one step did.
struct StepOutcome {
    StepKind kind = StepKind::Executed;
    uint32_t pc = 0;   // the address of the instruction
    uint32_t word = 0; // the instruction register: the word fetched
    Instr instr;       // decoded (valid unless the fault was in fetch/decode)
    uint32_t cycles = 1;
    Fault fault = Fault::None;
    uint32_t fault_addr = 0; // the address that faulted (PC for fetch faults)
    MemWrite write;
    MemRead read;
};

// Executes one instruction of `ctx` over `mem`. On a fault the context is
// left as it was before the instruction (precise traps).
StepOutcome execute(Context& ctx, AddressSpace& mem);

} // namespace gb
