// The timeline panel's own state (as chips' ui_z80_t): the lanes built
// from the event log, cached per machine state, and the view.
#pragma once

#include "teach/timeline_density.h"
#include "teach/viewmodel.h"

#include <cstdint>

namespace gui {

struct TimelineUi {
    gb::view::TimelineBuilder timeline; // extended by the events each frame adds
    gb::DensityIndex core_density;      // the lanes' running totals, extended with it
    gb::DensityIndex thread_density;
    uint64_t generation = UINT64_MAX; // the session's, when the timeline was read
    double cycles_per_px = 0;         // 0: fit everything
    double start = 0;
    bool follow = true;
    bool letters = true;     // switch letters drawn (not a density view): the legend explains them
    int rects = 0;           // rectangles the lanes took this frame (the density test)
    int axis_labels = 0;     // cycle labels drawn on the axis this frame
    int coroutine_marks = 0; // coroutine resume/suspend marks drawn this frame
    float axis_label_right = 0, axis_right = 0; // the last label's right end, the lanes' (px)
};

} // namespace gui
