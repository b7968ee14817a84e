// Comparing two machines by value: time travel and saved sessions promise
// to land on exactly the state a forward run had, and tests hold them to
// it. The comparison covers what a program and the dashboard can see:
// time, cores, threads, processes with every mapped byte, kernel objects,
// the console, the event log and the PRNG.
#pragma once

#include "sim/kernel/machine.h"

#include <string>

namespace gb {

// "" when equal, else the first difference found ("thread 2: pc 0x1010 vs 0x1014").
std::string machine_difference(const Machine& a, const Machine& b);

} // namespace gb
