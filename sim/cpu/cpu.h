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
#include <set>
#include <span>

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

// A burst: the core runs the instructions of one context back to back,
// with no bookkeeping between them, for as long as nothing but the
// registers, the memory and the clock changes. It stops before an
// instruction that needs the kernel or would fault (a `sys`, a `halt`, a
// fault, a write to a watched word, reaching `end_before`), so the caller
// runs that one on the exact path; and after an instruction that reaches
// `stop_at` (a timer tick) or a breakpoint.
struct BurstLimits {
    uint64_t max_instructions = 0;
    uint64_t start_before =
        UINT64_MAX;                   // start no instruction at clock >= this (another core's turn)
    uint64_t end_before = UINT64_MAX; // run no instruction that would end at clock >= this
    uint64_t stop_at = UINT64_MAX;    // stop after an instruction that ends at clock >= this
    const std::set<uint32_t>* breakpoints = nullptr; // stop after reaching one
    std::span<const uint32_t> watched;               // words no instruction of the burst may write
};

struct Burst {
    uint64_t instructions = 0;
    uint64_t cycles = 0;
};

// Runs a burst of `ctx` over `mem`, adding each instruction's cycles to
// `clock`. When it ran any instruction, `before` and `last` describe the
// last one exactly as execute() would have (the context before it, its
// outcome).
Burst run_burst(Context& ctx, AddressSpace& mem, uint64_t& clock, const BurstLimits& limits,
                Context& before, StepOutcome& last);

} // namespace gb
