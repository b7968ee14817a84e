// The timeline at any length: when one pixel covers many cycles, a lane is
// drawn as its share of running / ready / blocked per pixel column (a
// density band) instead of thousands of stripes, as trace viewers
// summarise what a pixel cannot show. No GUI here: the dashboard draws the
// bins, and the tests count them.
#pragma once

#include "teach/viewmodel.h"

#include <cstdint>
#include <map>
#include <vector>

namespace gb {

// A run of equal pixel columns of one lane: the shares (0..1) of its
// cycles the lane spent in each state, and (core lanes) the thread that
// ran there most.
struct DensityBin {
    double start = 0, end = 0; // cycles, [start, end)
    float running = 0, ready = 0, blocked = 0;
    int tid = 0;
    float tid_share = 0; // the share of the cycles that thread ran
};

// The bins of lane `lane` of `segments` over cycles [v0, v1) split into
// `columns` columns; neighbouring columns whose shares round to the same
// sixteenths are merged, so there are at most `columns` bins whatever the
// number of segments. Cycles are counted in fixed point (1/4096 cycle), so
// the sums are exact whatever order they are added in. This reads every
// segment; DensityIndex gives the same bins from running totals.
std::vector<DensityBin> lane_density(const std::vector<view::Segment>& segments, int lane,
                                     double v0, double v1, int columns);

// The same bins in O(columns · log n): each lane keeps running totals of
// its time in each state (and, per thread, its time running) at every
// segment, so a column's share is the difference of two lookups. In "fit"
// view every frame's window is the whole run, which lane_density would
// read in full every frame.
class DensityIndex {
  public:
    // Follows `segments`: the first `closed` never change while `epoch`
    // stays the same (TimelineBuilder::closed_cores() and epoch()); the rest
    // (the open tails) are read again on every call.
    void update(const std::vector<view::Segment>& segments, size_t closed, uint64_t epoch);
    // Equals lane_density(segments, lane, v0, v1, columns).
    std::vector<DensityBin> bins(int lane, double v0, double v1, int columns) const;

    struct Entry {
        uint64_t start = 0, end = 0; // cycles
        int tid = 0;
        view::LaneState state = view::LaneState::Idle;
    };
    struct Totals {
        uint64_t running = 0, ready = 0, blocked = 0; // cycles, of the entries before
    };
    struct TidRuns {
        std::vector<uint64_t> starts, ends; // the lane's running entries of this thread
        std::vector<uint64_t> before;       // their running cycles before each (size + 1)
    };
    struct Lane {
        std::vector<Entry> entries;
        std::vector<uint64_t> ends;           // the entries' ends again, packed for searching
        std::vector<Totals> before{Totals{}}; // size + 1
        std::map<int, TidRuns> by_tid;
        // Each entry starts where or after the one before ends (else bins()
        // reads the entries one by one).
        bool ordered = true;
        size_t fixed = 0; // entries that stay (the rest are the open tail)
        bool fixed_ordered = true;
        void add(const view::Segment& s);
        void clear();
        void keep_fixed();
        void drop_tail();
    };

  private:
    std::map<int, Lane> lanes_;
    std::vector<int> tail_lanes_;
    size_t fixed_ = 0;
    uint64_t epoch_ = UINT64_MAX;
};

} // namespace gb
