// The density bins from running totals (teach/timeline_density.h,
// DensityIndex): followed chunk by chunk alongside the incremental
// timeline, they equal the bins read from every segment (lane_density),
// bin for bin, over the whole run, zoomed windows and sub-cycle columns.
#include "helpers.h"

#include "teach/timeline_density.h"
#include "teach/viewmodel.h"

namespace {

using gb::view::LaneState;
using gb::view::Segment;

// Returns the number of bins compared.
size_t require_same_bins(const std::vector<gb::DensityBin>& fast,
                         const std::vector<gb::DensityBin>& slow) {
    REQUIRE(fast.size() == slow.size());
    for (size_t i = 0; i < fast.size(); ++i) {
        CAPTURE(i);
        CHECK(fast[i].start == slow[i].start);
        CHECK(fast[i].end == slow[i].end);
        CHECK(fast[i].running == slow[i].running);
        CHECK(fast[i].ready == slow[i].ready);
        CHECK(fast[i].blocked == slow[i].blocked);
        CHECK(fast[i].tid == slow[i].tid);
        CHECK(fast[i].tid_share == slow[i].tid_share);
    }
    return fast.size();
}

struct Window {
    double v0, v1;
    int columns;
};

// Windows over a timeline: the whole run at two widths, zoomed parts,
// columns narrower than a cycle, and windows reaching past either end.
std::vector<Window> windows_of(const gb::view::Timeline& tl) {
    auto s = static_cast<double>(tl.start), e = static_cast<double>(tl.end);
    double span = e - s;
    return {{s, e, 800},
            {s, e, 400},
            {s + span * 0.3, s + span * 0.45, 1000},
            {s + span * 0.71, s + span * 0.7101 + 3, 640},
            {s + 10.25, s + 60.75, 333},
            {s - 100, s + span / 3, 517},
            {e - span / 7, e + 1000, 300}};
}

size_t compare_all(const gb::view::Timeline& tl, const gb::DensityIndex& cores,
                   const gb::DensityIndex& threads, size_t core_count) {
    size_t bins = 0;
    for (const Window& w : windows_of(tl)) {
        CAPTURE(w.v0);
        CAPTURE(w.v1);
        CAPTURE(w.columns);
        for (size_t ci = 0; ci < core_count; ++ci)
            bins += require_same_bins(
                cores.bins(static_cast<int>(ci), w.v0, w.v1, w.columns),
                gb::lane_density(tl.cores, static_cast<int>(ci), w.v0, w.v1, w.columns));
        for (int tid : tl.thread_lanes)
            bins += require_same_bins(threads.bins(tid, w.v0, w.v1, w.columns),
                                      gb::lane_density(tl.threads, tid, w.v0, w.v1, w.columns));
        // A lane with no segments: no share anywhere, in both.
        bins += require_same_bins(threads.bins(999, w.v0, w.v1, w.columns),
                                  gb::lane_density(tl.threads, 999, w.v0, w.v1, w.columns));
    }
    return bins;
}

// Runs `file` in chunks, following the timeline and the indexes; compares every few chunks.
size_t run_and_compare(const char* file, gb::Config cfg, size_t log_limit, int chunks,
                       uint64_t chunk) {
    gb::Machine m = gbtest::boot_file(file, cfg);
    m.log.limit = log_limit;
    gb::view::TimelineBuilder builder;
    gb::DensityIndex cores, threads;
    size_t bins = 0;
    for (int i = 0; i < chunks && !m.all_done(); ++i) {
        m.run(chunk);
        const gb::view::Timeline& tl = builder.update(m);
        cores.update(tl.cores, builder.closed_cores(), builder.epoch());
        threads.update(tl.threads, builder.closed_threads(), builder.epoch());
        if (i % 5 == 4 || m.all_done()) {
            CAPTURE(i);
            bins += compare_all(tl, cores, threads, m.cores.size());
        }
    }
    return bins;
}

} // namespace

TEST_CASE("bins from running totals equal bins read from every segment, on long runs") {
    gb::Config cfg;
    cfg.timer_period = 7; // a switch every few instructions
    SUBCASE("the lesson 9 race, one core, 100,000 steps") {
        CHECK(run_and_compare("programs/lessons/09_race.s", cfg, 200000, 50, 2000) > 2000);
    }
    SUBCASE("the thread pool on two cores: five threads, sleeping and waiting") {
        cfg.cores = 2;
        CHECK(run_and_compare("programs/lessons/06_thread_pool.s", cfg, 200000, 60, 1000) > 2000);
    }
    SUBCASE("the mutex on two cores, the log dropping its oldest half") {
        cfg.cores = 2;
        CHECK(run_and_compare("programs/lessons/09_mutex.s", cfg, 3000, 60, 1000) > 500);
    }
}

TEST_CASE("running totals: shares, the thread that ran most, and overlapping segments") {
    std::vector<Segment> segs = {
        {0, 0, 10, 1, LaneState::Running, ""},
        {0, 10, 30, 2, LaneState::Running, ""},
        {0, 30, 40, 0, LaneState::Idle, ""},
    };
    gb::DensityIndex index;
    index.update(segs, segs.size(), 1);
    // Two columns of 20 cycles: the first split 10/10 between t1 and t2 (the lower tid
    // wins the tie), the second half t2 and half idle.
    auto bins = index.bins(0, 0, 40, 2);
    require_same_bins(bins, gb::lane_density(segs, 0, 0, 40, 2));
    REQUIRE(bins.size() == 2);
    CHECK(bins[0].running == 1.0f);
    CHECK(bins[0].tid == 1);
    CHECK(bins[0].tid_share == 0.5f);
    CHECK(bins[1].running == 0.5f);
    CHECK(bins[1].tid == 2);
    // Four columns: t1, t2, t2 (merged with the one before), idle.
    bins = index.bins(0, 0, 40, 4);
    require_same_bins(bins, gb::lane_density(segs, 0, 0, 40, 4));
    REQUIRE(bins.size() == 3);
    CHECK(bins[1].start == 10);
    CHECK(bins[1].end == 30);
    CHECK(bins[2].running == 0.0f);

    // A segment that starts before the one before it ends: the index reads
    // that lane one entry at a time, and still agrees.
    segs.push_back({0, 35, 50, 3, LaneState::Running, ""});
    index.update(segs, segs.size(), 1);
    require_same_bins(index.bins(0, 0, 50, 5), gb::lane_density(segs, 0, 0, 50, 5));
    // An open tail replaced on the next update, then a new epoch (a rebuild).
    segs.back().end = 60;
    index.update(segs, segs.size() - 1, 1);
    require_same_bins(index.bins(0, 0, 60, 7), gb::lane_density(segs, 0, 0, 60, 7));
    segs.erase(segs.begin());
    index.update(segs, segs.size(), 2);
    require_same_bins(index.bins(0, 0, 60, 7), gb::lane_density(segs, 0, 0, 60, 7));
}
