// The memory view's rows (as in the Ripes and CPUlator memory panes): a
// region of a process as lines of four words in hex with the bytes as text,
// each thread's SP and PC marked where they point, the symbol of each word,
// and the last writer of a word where the kernel records one (watched
// words: the lesson's watches and the pinned globals, sim/kernel/watch.h;
// other words are not recorded, to keep each step cheap).
#pragma once

#include "sim/kernel/machine.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gb::view {

// A thread's register pointing into the region.
struct MemoryMark {
    int tid = 0;
    bool pc = false; // the PC (else the SP)
    uint32_t addr = 0;
};

struct MemoryWord {
    uint32_t addr = 0;
    uint32_t value = 0;
    std::string symbol;                // a label at this word, or ""
    std::vector<MemoryMark> marks;     // SPs and PCs pointing into this word
    const WriteRecord* last = nullptr; // its newest write, when watched and written
    bool watched = false;
};

// A line of words (four: 16 bytes, or fewer for a narrow panel) of one region.
struct MemoryLine {
    uint32_t addr = 0;
    std::vector<MemoryWord> words; // up to words_per_line (fewer at the region's end)
    std::string text;              // the bytes as ASCII, '.' for the others
};

struct MemoryView {
    int pid = 0;
    size_t region = 0;
    std::string region_name; // "data", "stack t2"
    uint32_t base = 0, end = 0;
    std::vector<MemoryLine> lines;
    std::vector<MemoryMark> marks; // every SP and PC of the process's threads inside the region
};

// The regions a view can show (those with bytes: not guards), by index in the process's list.
std::vector<size_t> memory_regions(const Machine& m, int pid);
// The region of `pid` holding `addr` (with bytes), if any.
std::optional<size_t> region_at(const Machine& m, int pid, uint32_t addr);
// Lines of `words_per_line` words (1, 2 or 4) of `region` of `pid`: at most
// `max_lines`, starting at the line holding `from` (the region's start when
// outside it).
MemoryView memory_view(const Machine& m, int pid, size_t region, uint32_t from = 0,
                       size_t max_lines = 4096, uint32_t words_per_line = 4);

// What was wrong with the go-to box's text (the GUI words it in each language).
enum class AddressError {
    None,
    Empty,     // nothing typed
    NotNumber, // starts with a digit but is not a number ("0x1g")
    BadOffset, // "count+" without a number after the '+'
    NoLabel,   // no code or data label of that name
};

// The go-to box: "0x10040", "65600" or a label ("count", "count+8").
// Returns the address, or nullopt with `error` (and in `what`, the text at fault).
std::optional<uint32_t> parse_memory_address(const Machine& m, int pid, std::string_view text,
                                             AddressError& error, std::string& what);

} // namespace gb::view
