// OSTEP's scheduling rules (SchedRules::Ostep, scheduler.h): the parts of
// mlfq.py's behaviour that happen at tick boundaries. Machine::step calls
// ostep_after_instruction after every instruction's effects and before the
// wake-ups it brings; after a jump in idle time it calls
// ostep_before_wakeups. With the Glassbox rules both do nothing.
#pragma once

#include <cstdint>

namespace gb {

class Machine;
struct Core;

// Charges the instruction's cycles to the thread's quantum; at the end of
// a quantum, counts it against the allotment (moving the thread down when
// used up) and requeues the thread if it still holds the core; then
// ostep_before_wakeups.
void ostep_after_instruction(Machine& m, Core& core, int tid, uint64_t cycles);
// A boost that is due (mlfq.py: before anything else at that time), then
// arrivals due now, in job order, ahead of I/O completions; with
// mlfq_io_to_front, marks the threads whose I/O completes now for the
// front of their queue.
void ostep_before_wakeups(Machine& m);

// The instruction-counting timer (Config::instruction_timer, x86.py's):
// counts the instruction just executed (`yielded`: it was a yield) and
// takes the interrupt when the count runs out. Does nothing when the timer
// counts cycles.
void instruction_timer_after(Machine& m, Core& core, int tid, bool yielded);
// With InstructionTimer::schedule: the schedule's first thread runs first
// (call once the threads are ready, before the first step).
void instruction_timer_begin(Machine& m);

} // namespace gb
