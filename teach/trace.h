// Readable one-line descriptions of executed steps, for `--trace` and the
// dashboard: what ran where, and which registers and memory it changed.
#pragma once

#include "sim/kernel/machine.h"

#include <string>

namespace gb {

// "r1: 3 → 5, [count 0x10000]: 0 → 5, Z=1" — empty when nothing changed.
std::string describe_changes(const Machine& m, const StepResult& s);
// Column header matching trace_line.
std::string trace_header();
// "    12  c0  t1  0x01008  add r1, r1, r2        r1: 3 → 5        ; sum.s:9"
std::string trace_line(const Machine& m, const StepResult& s);
// The disassembly of a word at an address of a process, with its labels.
std::string disassemble_at(const Machine& m, int pid, uint32_t word);

} // namespace gb
