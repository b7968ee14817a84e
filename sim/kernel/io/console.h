// The console device. Output (print_*, or write on descriptor 1 or 2)
// appears at once in Machine::console and the process's output. Input is
// fed from outside the machine — a test, the dashboard's console box, the
// CLI's --input — either to one process or to the shared terminal (pid 0),
// now or at a given cycle (a scheduled event). A read takes the process's
// own input first, then the shared input; a reader with nothing to read
// waits for input. When every thread is blocked and only console input could
// wake one, the machine stops with StopReason::Paused ("waiting for console
// input") rather than reporting a deadlock: feed it and run on.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

namespace gb {

class Machine;
struct Thread;

struct ConsoleInput {
    std::string shared;     // fed with pid 0: any process may read it
    std::deque<int> read_q; // I/O request ids waiting for input, oldest first
    uint64_t bytes_fed = 0, bytes_read = 0;
};

// Hands available input to the waiting readers, in order.
void console_pump(Machine& m);
// Bytes of input process pid could read now (its own, then the shared input).
size_t console_available(const Machine& m, int pid);
// Removes up to n bytes of input for process pid.
std::string console_take(Machine& m, int pid, size_t n);
// Whether blocked thread t could be woken by console input (a read of the
// console, a readiness wait that watches it, or async_wait for such a read).
bool waits_for_console(const Machine& m, const Thread& t);

} // namespace gb
