// A data-race detector over the simulated machine, in the manner of
// ThreadSanitizer: happens-before with vector clocks. It watches the
// results of Machine::step() and never changes the machine, so the run it
// judges is exactly the run a student sees.
//
// Happens-before comes from: thread create (the child starts with its
// creator's clock) and join, fork, mutex lock and unlock, cond_wait,
// signal and broadcast, semaphore wait and post, pipes and connections
// (a write releases, a read or accept acquires), readiness and
// asynchronous waits, and atomic instructions (xchg, cas, fadd). A word
// that an atomic instruction has touched is a synchronisation word: plain
// loads of it acquire and plain stores to it release (a spinlock's release
// is a plain store of 0), and accesses to it are never reported.
//
// A thread that issues an acquiring system call may block; the release that
// wakes it comes before its next instruction, so the acquire is applied
// when the thread next runs.
//
// A race is two accesses to the same byte of one process, from different
// threads, at least one a write, not ordered by happens-before. Each pair
// of instructions is reported once (with how often it happened).
#pragma once

#include "sim/kernel/machine.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gb {

struct RaceAccess {
    int tid = 0;
    uint32_t pc = 0;
    bool write = false;
    uint64_t cycle = 0;       // the core's clock when the instruction started
    uint64_t instruction = 0; // Machine::instructions before it ran (go to this to see it next)
    int line = 0;             // source line of the instruction (0 if unknown)
    std::string source;       // "file.s:33: load r3, [count]"
};

struct Race {
    int pid = 0;
    uint32_t addr = 0;
    std::string symbol; // "count", "count+4", "heap", "stack t2"
    RaceAccess first;   // the earlier access
    RaceAccess second;  // the later one, which found the earlier unordered
    uint64_t times = 1; // how many times this pair of instructions raced
};

class RaceDetector {
  public:
    // Call after each m.step() with its result (a step that ran nothing is ignored).
    void observe(const Machine& m, const StepResult& s);
    // Every race found so far, in the order first found.
    const std::vector<Race>& races() const { return races_; }

  private:
    using VClock = std::vector<uint32_t>;
    struct Access {
        int tid = 0;
        uint32_t epoch = 0; // the thread's own clock entry at the access
        uint32_t pc = 0;
        uint64_t cycle = 0, instruction = 0;
    };
    struct Shadow {
        Access write; // the last write (tid 0: none)
        std::vector<Access> reads;
    };

    VClock& clock(int tid);
    void ensure_thread(int tid);
    void acquire(int tid, uint64_t object);
    void release(int tid, uint64_t object);
    void on_syscall(const Machine& m, const StepResult& s);
    void on_access(const Machine& m, const StepResult& s, uint32_t addr, unsigned width,
                   bool write);
    bool ordered(const Access& a, int tid) const;
    void report(const Machine& m, const StepResult& s, uint32_t addr, const Access& earlier,
                bool earlier_write, bool write);
    void forget(int pid, uint32_t base, uint32_t size);
    uint64_t channel(const Machine& m, int pid, int fd) const;

    std::vector<VClock> clocks_;                 // by tid
    std::vector<bool> started_;                  // by tid: has a clock
    std::vector<std::vector<uint64_t>> pending_; // by tid: objects to acquire when it next runs
    std::vector<std::vector<uint64_t>> async_;   // by tid: channels of its asynchronous requests
    std::unordered_map<uint64_t, VClock> objects_;
    std::unordered_set<uint64_t> sync_words_;                    // (pid, word address)
    std::unordered_map<uint64_t, Shadow> shadow_;                // (pid, byte address)
    std::map<std::tuple<int, uint32_t, uint32_t>, size_t> seen_; // (pid, pc, pc) → index
    std::vector<Race> races_;
};

// Runs a copy of `start` one step at a time until everything ends, the
// machine stops (fault, deadlock, limit), or `max_instructions` have run,
// and returns the races found.
std::vector<Race> find_races(Machine start, uint64_t max_instructions = 50'000'000);

// "count" or "count+4" for a data address, else the region's name ("heap", "stack t2").
std::string describe_address(const Machine& m, int pid, uint32_t addr);

} // namespace gb
