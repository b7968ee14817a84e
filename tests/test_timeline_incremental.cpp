// The incremental timeline (teach/viewmodel.h, TimelineBuilder): extended
// chunk by chunk as a run grows, it equals a timeline built from scratch,
// segment for segment, and so do the density bins drawn from it.
#include "helpers.h"

#include "teach/timeline_density.h"
#include "teach/viewmodel.h"

namespace {

void require_same_segments(const std::vector<gb::view::Segment>& a,
                           const std::vector<gb::view::Segment>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        CAPTURE(i);
        CHECK(a[i].lane == b[i].lane);
        CHECK(a[i].start == b[i].start);
        CHECK(a[i].end == b[i].end);
        CHECK(a[i].tid == b[i].tid);
        CHECK(a[i].state == b[i].state);
        CHECK(a[i].why == b[i].why);
    }
}

void require_same_bins(const std::vector<gb::DensityBin>& a, const std::vector<gb::DensityBin>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].start == b[i].start);
        CHECK(a[i].end == b[i].end);
        CHECK(a[i].running == b[i].running);
        CHECK(a[i].ready == b[i].ready);
        CHECK(a[i].blocked == b[i].blocked);
        CHECK(a[i].tid == b[i].tid);
        CHECK(a[i].tid_share == b[i].tid_share);
    }
}

void require_same(const gb::view::Timeline& inc, const gb::view::Timeline& full) {
    CHECK(inc.start == full.start);
    CHECK(inc.end == full.end);
    require_same_segments(inc.cores, full.cores);
    require_same_segments(inc.threads, full.threads);
    REQUIRE(inc.switches.size() == full.switches.size());
    for (size_t i = 0; i < inc.switches.size(); ++i) {
        CHECK(inc.switches[i].cycle == full.switches[i].cycle);
        CHECK(inc.switches[i].core == full.switches[i].core);
        CHECK(inc.switches[i].from_tid == full.switches[i].from_tid);
        CHECK(inc.switches[i].to_tid == full.switches[i].to_tid);
        CHECK(inc.switches[i].reason == full.switches[i].reason);
    }
    CHECK(inc.thread_lanes == full.thread_lanes);
    double v0 = static_cast<double>(full.start), v1 = static_cast<double>(full.end);
    require_same_bins(gb::lane_density(inc.cores, 0, v0, v1, 400),
                      gb::lane_density(full.cores, 0, v0, v1, 400));
    for (int tid : full.thread_lanes)
        require_same_bins(gb::lane_density(inc.threads, tid, v0, v1, 400),
                          gb::lane_density(full.threads, tid, v0, v1, 400));
}

// Runs `file` in chunks of `chunk` steps, comparing after each chunk; returns the chunks run.
int run_and_compare(const char* file, gb::Config cfg, size_t log_limit, gb::Lang lang) {
    gb::Machine m = gbtest::boot_file(file, cfg);
    m.log.limit = log_limit;
    gb::view::TimelineBuilder builder;
    int chunks = 0;
    while (!m.all_done() && chunks < 60) {
        m.run(1000);
        ++chunks;
        CAPTURE(chunks);
        require_same(builder.update(m, lang), gb::view::build_timeline(m, lang));
    }
    return chunks;
}

} // namespace

TEST_CASE("the timeline extended every 1,000 steps equals one built from scratch") {
    gb::Config cfg;
    cfg.timer_period = 7; // a switch every few instructions: many segments per chunk
    SUBCASE("the race, one core") {
        CHECK(run_and_compare("programs/lessons/09_race.s", cfg, 200000, gb::Lang::En) > 5);
    }
    SUBCASE("the mutex on two cores, in Korean (blocked segments say why)") {
        cfg.cores = 2;
        CHECK(run_and_compare("programs/lessons/09_mutex.s", cfg, 200000, gb::Lang::Ko) > 3);
    }
    SUBCASE("a small log that drops its oldest half several times") {
        gb::Machine probe = gbtest::boot_file("programs/lessons/09_race.s", cfg);
        probe.log.limit = 600;
        probe.run(20000);
        REQUIRE(probe.log.dropped > 0); // the case under test happens
        CHECK(run_and_compare("programs/lessons/09_race.s", cfg, 600, gb::Lang::En) > 5);
    }
}

TEST_CASE("the timeline builder reads the new machine after reset") {
    gb::Config cfg;
    cfg.timer_period = 7;
    gb::Machine a = gbtest::boot_file("programs/lessons/09_race.s", cfg);
    a.run(5000);
    gb::view::TimelineBuilder builder;
    builder.update(a);
    gb::Machine b = gbtest::boot_file("programs/lessons/09_race.s", cfg);
    b.run(8000);
    builder.reset();
    require_same(builder.update(b), gb::view::build_timeline(b));
}
