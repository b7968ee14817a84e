// The timeline at any length: when one pixel covers many cycles, a lane is
// drawn as its share of running / ready / blocked per pixel column (a
// density band) instead of thousands of stripes, as trace viewers
// summarise what a pixel cannot show. No GUI here: the dashboard draws the
// bins, and the tests count them.
#pragma once

#include "teach/viewmodel.h"

#include <cstdint>
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
// number of segments.
std::vector<DensityBin> lane_density(const std::vector<view::Segment>& segments, int lane,
                                     double v0, double v1, int columns);

} // namespace gb
