// The density timeline (teach/timeline_density.h): a long run is drawn as
// a bounded number of bins whose shares add up to what the lane did.
#include "helpers.h"

#include "teach/timeline_density.h"
#include "teach/viewmodel.h"

namespace {

// The lesson 9 race with a short timer: thousands of switches.
gb::Machine long_race(uint64_t cycles) {
    gb::Config cfg;
    cfg.timer_period = 7;
    gb::Machine m = gbtest::boot_file("programs/lessons/09_race.s", cfg);
    while (m.now < cycles && !m.all_done())
        m.run(1000);
    return m;
}

} // namespace

TEST_CASE("a 100,000-cycle run: each lane is at most one bin per pixel column, and the shares add "
          "up to the lane's cycles") {
    gb::Config cfg;
    cfg.timer_period = 7;
    // Two workers of 50,000 increments: well past 100,000 cycles.
    std::string src = R"(
        .data
count:  .word 0
        .text
main:   li   r1, worker
        li   r2, 0
        sys  thread_create
        mov  r5, r0
        li   r1, worker
        sys  thread_create
        mov  r6, r0
        mov  r1, r5
        sys  thread_join
        mov  r1, r6
        sys  thread_join
        li   r0, 0
        ret
worker: li   r3, 50000
loop:   load r1, [count]
        add  r1, r1, 1
        store r1, [count]
        sub  r3, r3, 1
        cmp  r3, 0
        bne  loop
        ret
)";
    gb::Machine m = gbtest::boot(src, cfg);
    while (m.now < 100'000 && !m.all_done())
        m.run(1000);
    REQUIRE(m.now >= 100'000);
    gb::view::Timeline tl = gb::view::build_timeline(m);
    REQUIRE(tl.switches.size() > 5000); // far more stripes than pixels
    const int columns = 800;
    double v0 = static_cast<double>(tl.start), v1 = static_cast<double>(tl.end);
    size_t total_bins = 0;
    for (int tid : tl.thread_lanes) {
        auto bins = gb::lane_density(tl.threads, tid, v0, v1, columns);
        CHECK(bins.size() <= static_cast<size_t>(columns));
        total_bins += bins.size();
        // The running share, summed over the bins, is the lane's running time (to rounding).
        double running = 0, exact = 0;
        for (const gb::DensityBin& b : bins)
            running += b.running * (b.end - b.start);
        for (const gb::view::Segment& s : tl.threads)
            if (s.lane == tid && s.state == gb::view::LaneState::Running)
                exact += static_cast<double>(s.end - s.start);
        CAPTURE(tid);
        CHECK(std::abs(running - exact) <= (v1 - v0) / 32 + 1);
        for (const gb::DensityBin& b : bins) {
            CHECK(b.running + b.ready + b.blocked <= 1.0f + 3.0f / 16);
            CHECK(b.start < b.end);
        }
    }
    // Core 0 is busy nearly all the time, shared by the two workers.
    auto core = gb::lane_density(tl.cores, 0, v0, v1, columns);
    CHECK(core.size() <= static_cast<size_t>(columns));
    double busy = 0;
    for (const gb::DensityBin& b : core)
        busy += b.running * (b.end - b.start);
    CHECK(busy > 0.9 * (v1 - v0));
    MESSAGE("segments ", tl.threads.size() + tl.cores.size(), " drawn as ",
            total_bins + core.size(), " bins");
    CHECK(total_bins + core.size() <= static_cast<size_t>(columns) * (tl.thread_lanes.size() + 1));
}

TEST_CASE("zoomed in, each bin is one state: a lane's density is its segments") {
    gb::Machine m = long_race(300);
    gb::view::Timeline tl = gb::view::build_timeline(m);
    // One column per cycle over the first 100 cycles: every share is 0 or 1.
    for (int tid : tl.thread_lanes)
        for (const gb::DensityBin& b : gb::lane_density(tl.threads, tid, 0, 100, 100)) {
            CHECK((b.running == 0.0f || b.running == 1.0f));
            CHECK((b.blocked == 0.0f || b.blocked == 1.0f));
        }
}
