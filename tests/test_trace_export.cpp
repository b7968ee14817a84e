// Taking a run out of the app (teach/trace_export.h): the Chrome trace-event
// JSON is valid, has one instant event per context switch and a track per
// core and per thread; the CSV has one line per event.
#include "helpers.h"

#include "teach/trace_export.h"
#include "teach/viewmodel.h"

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

TEST_CASE("the trace export: valid trace-event JSON, one event per switch, tracks per core and "
          "thread") {
    gb::Config cfg;
    cfg.timer_period = 7;
    gb::Machine m = gbtest::boot_file("programs/lessons/09_race.s", cfg);
    m.run(2000);
    gb::view::Timeline tl = gb::view::build_timeline(m);
    REQUIRE(tl.switches.size() > 50);
    nlohmann::json j = nlohmann::json::parse(gb::chrome_trace_json(m)); // throws if not JSON
    REQUIRE(j["traceEvents"].is_array());
    size_t switches = 0;
    std::set<std::pair<int, int>> slice_tracks;
    std::set<std::string> thread_names;
    for (const auto& e : j["traceEvents"]) {
        REQUIRE(e.contains("ph"));
        REQUIRE(e.contains("pid"));
        REQUIRE(e.contains("tid"));
        std::string ph = e["ph"];
        if (ph == "i" && e["cat"] == "switch") ++switches;
        if (ph == "X") {
            CHECK(e["dur"].get<uint64_t>() > 0);
            slice_tracks.insert({e["pid"].get<int>(), e["tid"].get<int>()});
        }
        if (ph == "M" && e["name"] == "thread_name") thread_names.insert(e["args"]["name"]);
    }
    CHECK(switches == tl.switches.size());
    CHECK(slice_tracks.count({0, 0}) == 1); // core 0
    for (int tid : tl.thread_lanes)
        CHECK(slice_tracks.count({m.thread(tid).pid, tid}) == 1);
    CHECK(thread_names.count("core 0") == 1);
    CHECK(thread_names.count("t2 worker") == 1);
}

TEST_CASE("the CSV export: a header and one line per event, quotes doubled") {
    gb::Machine m = gbtest::boot_file("programs/lessons/09_race.s");
    m.run(500);
    std::string csv = gb::events_csv(m);
    std::istringstream in(csv);
    std::string line;
    std::getline(in, line);
    CHECK(line == "cycle,kind,core,pid,tid,other,reason,text");
    size_t lines = 0;
    while (std::getline(in, line))
        ++lines;
    CHECK(lines == m.log.events.size());
}
