// Watchpoints: stop (or note) when a word is written or read, optionally
// only when the value written (or read) meets a condition. Written as
// NAME[:MODE][:CONDITION] — `count`, `count:w`, `0x10000:rw`, `count:w:==0`,
// `count:>100` — where NAME is a data label or an address, MODE is r, w or
// rw (default w) and CONDITION is ==, !=, <, <=, > or >= and a number.
// They are checked against Machine::step() results, so reads are seen too
// (the kernel's watches, watch.h, see writes only).
#pragma once

#include "sim/isa/image.h"
#include "sim/kernel/machine.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gb {

struct Watchpoint {
    enum class Cmp : uint8_t { Any, Eq, Ne, Lt, Le, Gt, Ge };
    std::string text; // as written
    std::string name; // the label, or the address in hex
    int pid = 1;
    uint32_t addr = 0;
    bool on_read = false, on_write = true;
    Cmp cmp = Cmp::Any;
    int32_t value = 0;
    bool operator==(const Watchpoint&) const = default;
};

// One access that a watchpoint caught.
struct WatchHit {
    bool write = false;
    uint32_t old_value = 0; // the word before (a write) or the value read
    uint32_t new_value = 0; // the word after a write (= old_value for a read)
};

// Where a watchpoint stopped a run: which one, what it caught, and who.
struct WatchStop {
    Watchpoint watch;
    WatchHit hit;
    int pid = 0, tid = 0;
    uint32_t pc = 0;    // the instruction that made the access
    uint64_t cycle = 0; // when it started
};

// The text of a watchpoint on `name` as the dashboard's menus make it:
// "count" (stop when written), "count:rw" (read or written), or, with a
// condition on the new value, "count:w:==0" (spaces dropped from `condition`).
std::string watchpoint_text(const std::string& name, bool on_read, const std::string& condition);

// The data labels that `text` (a line of source, or a disassembly) names,
// each once, in order: what the code panel's right-click offers to watch.
std::vector<std::string> globals_named_in(const std::string& text, const Image& image);

// Parses NAME[:MODE][:CONDITION] against `image`'s labels. On a bad text
// returns nullopt with `error` saying what was expected.
std::optional<Watchpoint> parse_watchpoint(const std::string& text, const Image& image,
                                           std::string& error);
// Whether step `s` of `m` (already taken) touched the watched word in a
// watched way with the condition holding.
std::optional<WatchHit> watch_hit(const Watchpoint& w, const Machine& m, const StepResult& s);
// "thread 2 wrote count: 11 -> 12 at race.s:35: store r3, [count] (cycle 420)"
std::string describe_hit(const Watchpoint& w, const WatchHit& h, const Machine& m,
                         const StepResult& s);

} // namespace gb
