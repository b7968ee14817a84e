// The history of one word: every write in the run so far, in order, with
// who wrote it, where and when, the old and the new value, and what each
// write was computed from.
//
// Each write has a source: the write whose value the storing thread last
// read from this word (for `load; add; store`, the value it added one to).
// A store is stale when other threads wrote the word between its thread's
// read and its store: it overwrote them without looking. The writes that
// survive in the final value are the last write and, recursively, its
// source; every other write is a lost update, erased by the next surviving
// write after it. For a counter that starts at 0 and only ever has 1 added,
// the number of lost updates is exactly writes − final value.
#pragma once

#include "sim/kernel/machine.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gb {

struct HistoryEntry {
    uint64_t cycle = 0;       // the writing core's clock when the store started
    uint64_t instruction = 0; // Machine::instructions before the store (go there to see it next)
    int pid = 0, tid = 0;
    uint32_t pc = 0;
    int line = 0;       // its source line (0 if unknown)
    std::string source; // "file.s:35: store r3, [count]"
    uint32_t old_value = 0, new_value = 0;
    // The write whose value the thread last read here before storing:
    // kInitial when it read the value from before the first write, kNoRead
    // when it never read the word (a plain overwrite).
    int from = kNoRead;
    std::vector<int> overwrote; // stale: other threads' writes between its read and this store
    bool lost = false;          // a lost update: no later write builds on it
    int erased_by = -1;         // for a lost update: the surviving write that replaced it

    static constexpr int kInitial = -1;
    static constexpr int kNoRead = -2;
    bool stale() const { return !overwrote.empty(); }
};

struct ValueHistory {
    int pid = 0;
    uint32_t addr = 0;
    std::string name;     // "count"
    uint32_t initial = 0; // the value before the first write
    std::vector<HistoryEntry> writes;
    size_t lost() const;  // how many writes are lost updates
    size_t stale() const; // how many stores were stale
};

// Watches one word over Machine::step() results.
class ValueHistoryRecorder {
  public:
    ValueHistoryRecorder(const Machine& m, int pid, uint32_t addr, std::string name);
    void observe(const Machine& m, const StepResult& s);
    // The history so far with the lost updates worked out.
    ValueHistory history() const;

  private:
    ValueHistory h_;
    std::vector<int> last_read_; // by tid: the write current when it last read the word
};

// Runs a copy of `start` with step() until `until` instructions have run
// (or the run ends) and returns the history of the word at `addr` of `pid`.
ValueHistory value_history(Machine start, int pid, uint32_t addr, std::string name,
                           uint64_t until = UINT64_MAX);

} // namespace gb
