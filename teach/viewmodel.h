// The dashboard's view-model: machine state turned into rows and shapes
// ready to draw (register rows with change flags, code rows, timeline
// segments from the event log, the address-space picture). Pure functions
// of `const Machine&`; no ImGui, so the tests link it (DESIGN.md invariant 1).
#pragma once

#include "sim/kernel/machine.h"
#include "teach/event_words.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gb::view {

// --- registers ----------------------------------------------------------------

struct RegRow {
    int reg = 0;      // 0..15 (kNumRegs)
    std::string name; // "r0".."r12", "tp", "fp", "sp"
    uint32_t value = 0;
    uint32_t old = 0;     // the value before the last instruction
    bool changed = false; // the last instruction on this core changed it
};

// One row per register. `valid` is false when there was no last
// instruction (nothing is marked changed then).
std::vector<RegRow> register_rows(const Context& now, const Context& before, bool valid);
// The registers the last instruction on core `c` changed (none if idle or
// the running thread is not the one that executed it).
std::vector<RegRow> core_register_rows(const Machine& m, int core);
bool flags_changed(const Machine& m, int core);

// --- code ---------------------------------------------------------------------

struct CodeRow {
    uint32_t addr = 0;
    uint32_t word = 0;
    std::string text;   // disassembly, with labels for targets
    std::string label;  // a label defined at this address, or ""
    int file = -1;      // index into Image::files
    int line = 0;       // 1-based source line, 0 if unknown
    std::string source; // that source line's text (trimmed on the left)
};

// One row per instruction word of the image's code segment.
std::vector<CodeRow> code_rows(const Image& img);
// The row index of `addr`, or -1.
int row_of(const std::vector<CodeRow>& rows, uint32_t addr);
// The first instruction address produced by file[file] line `line`, if any.
std::optional<uint32_t> address_of_line(const Image& img, int file, int line);

// The comment block at the top of a source file, without the comment
// markers (the program's own introduction, shown as its lesson text).
std::string opening_comment(const SourceFile& f);

// --- timeline -----------------------------------------------------------------

enum class LaneState : uint8_t { Idle, Running, Ready, Blocked, Done };
std::string_view lane_state_name(LaneState s);

struct Segment {
    int lane = 0;       // core index (core lanes) or tid (thread lanes)
    uint64_t start = 0; // cycles, [start, end)
    uint64_t end = 0;
    int tid = 0; // core lanes: the thread running (0 = idle)
    LaneState state = LaneState::Idle;
    std::string why; // thread lanes: why it is blocked ("join 2"), if known
};

struct SwitchMarker {
    uint64_t cycle = 0;
    int core = 0;
    int from_tid = 0; // 0 = idle
    int to_tid = 0;   // 0 = idle
    SwitchReason reason = SwitchReason::Start;
};

struct Timeline {
    uint64_t start = 0, end = 0;  // the span covered (cycles)
    std::vector<Segment> cores;   // lane = core index
    std::vector<Segment> threads; // lane = tid
    std::vector<SwitchMarker> switches;
    std::vector<int> thread_lanes; // tids that have a lane, ascending
};

// Rebuilds the timeline from the event log (the log is the only source:
// what the log no longer holds, the timeline does not show).
// A blocked segment's `why` is worded in `lang`.
Timeline build_timeline(const Machine& m, Lang lang = Lang::En);

// Keeps a timeline up to date while a run grows: update() reads only the
// events added since the last call, so a frame costs what the frame added,
// not the whole log. It builds from scratch when the log dropped its oldest
// events or shrank, or the language changed; call reset() when the
// machine was replaced (travel back, reset), as the log alone cannot say.
// The result equals build_timeline(m, lang).
class TimelineBuilder {
  public:
    const Timeline& update(const Machine& m, Lang lang = Lang::En);
    void reset();
    const Timeline& timeline() const { return tl_; }
    // Segments before these never change until the next rebuild; the epoch
    // counts rebuilds (what DensityIndex::update needs to follow along).
    size_t closed_cores() const { return closed_cores_; }
    size_t closed_threads() const { return closed_threads_; }
    uint64_t epoch() const { return epoch_; }

  private:
    struct Open {
        uint64_t since = 0;
        int tid = 0;
        LaneState state = LaneState::Idle;
        std::string why;
        bool seen = false;
    };
    void close_core(size_t ci, uint64_t at);
    void set_thread(int tid, uint64_t at, LaneState s, std::string why = "");
    Timeline tl_;
    std::vector<Open> cores_;
    std::map<int, Open> threads_;
    size_t read_ = 0;               // events of the log already read
    uint64_t dropped_ = UINT64_MAX; // the log's dropped count then
    Lang lang_ = Lang::En;
    size_t closed_cores_ = 0, closed_threads_ = 0; // segments before the open tails
    uint64_t epoch_ = 0;
};

// --- address space ------------------------------------------------------------

// Who sees a region: every thread of the process (code, data, heap), one
// thread only (its stack, guard and TLS), or several processes (a shared
// library mapped into each).
enum class Sharing : uint8_t { Threads, Private, Processes };

struct RegionBox {
    size_t region = 0; // index into the process's AddressSpace::regions
    std::string name;
    RegionKind kind = RegionKind::Data;
    uint32_t base = 0, size = 0;
    uint8_t perms = 0;
    int tid = 0;
    Sharing sharing = Sharing::Threads;
    float y0 = 0, y1 = 0; // 0..1 from the top (high addresses) down
};

struct GapBox {
    uint32_t base = 0, size = 0; // unmapped addresses
    float y0 = 0, y1 = 0;
};

struct AddrMarker {
    int tid = 0;
    bool pc = false; // true: the thread's PC; false: its SP
    uint32_t addr = 0;
    float y = 0;         // 0..1 from the top, like the boxes
    bool mapped = false; // the address lies in some region
};

struct SpacePicture {
    int pid = 0;
    std::vector<RegionBox> boxes; // from the highest address down
    std::vector<GapBox> gaps;
    std::vector<AddrMarker> markers;
    // Where an address would be drawn (0..1), or nullopt if outside the picture.
    std::optional<float> y_of(uint32_t addr) const;
};

// Regions get heights that grow with the logarithm of their size (a 1 KiB
// TLS block stays visible next to a 11 KiB stack); gaps get a thin band.
// Every region other than a guard gets at least `min_share` of the height
// (so a one-line label fits); the rest shrink to make room.
SpacePicture layout_address_space(const Machine& m, int pid, float min_share = 0.0f);

// --- words --------------------------------------------------------------------

struct WordRow {
    uint32_t addr = 0;
    uint32_t value = 0;
    std::string label;    // symbol at this address, or ""
    bool written = false; // the last instruction on some core wrote here
};

// The code and data labels inside region `r` of process `p`, by the address
// of the word each falls in (the first label of a word wins).
std::map<uint32_t, std::string> word_labels(const Process& p, const Region& r);

// The words of a region of a process (a data region shows its globals).
std::vector<WordRow> region_words(const Machine& m, int pid, size_t region,
                                  size_t max_words = 4096);

// --- misc ---------------------------------------------------------------------

// The process to show by default: the one running on core 0, else the
// newest live one, else 1 (0 if there are no processes).
int focus_pid(const Machine& m);
// A stable colour index for a thread (for PC markers and timeline lanes).
int thread_colour_index(int tid);

} // namespace gb::view
