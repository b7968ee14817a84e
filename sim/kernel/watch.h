// Watched words: the kernel notes every write to them (who wrote, where in
// the code, when, the old and the new value) and can stop the run right
// after such a write. The dashboard's watches, the CLI's --watch and a
// value's history all read these records.
#pragma once

#include <cstdint>
#include <vector>

namespace gb {

class Machine;
struct StepOutcome;

// One write to a watched word.
struct WriteRecord {
    uint64_t cycle = 0; // the writing core's clock when the instruction started
    int pid = 0, tid = 0;
    uint32_t pc = 0; // the storing instruction
    uint32_t old_value = 0, new_value = 0;
};

struct Watch {
    int pid = 0;       // whose address space (0: every process)
    uint32_t addr = 0; // the watched word (4 bytes from addr)
    bool stop = false; // stop the run after each write (a watchpoint)
    bool keep_history = false;
    uint64_t writes = 0;              // how many writes so far
    WriteRecord last;                 // the newest write (when writes > 0)
    std::vector<WriteRecord> history; // every write, when keep_history
};

// Called by Machine::step after an instruction by thread `tid` of process
// `pid` that wrote memory. Records the write on every watch it touches and
// returns true when one of them asks to stop.
bool note_watched_write(Machine& m, int pid, int tid, uint64_t cycle, const StepOutcome& o);

} // namespace gb
