// The run written down as text (the browser's "Download the run"): it names
// the program and settings, and carries the console and the event log of the
// run as it stands.
#include "teach/run_record.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

TEST_CASE("run record: program, settings, console and events of the run so far") {
    gb::Config cfg;
    cfg.timer_period = 7;
    gb::Session s(cfg);
    REQUIRE(s.load(GLASSBOX_SOURCE_DIR "/programs/race.s"));
    std::string before = gb::run_record(s);
    CHECK(before.find("race.s") != std::string::npos);
    CHECK(before.find("timer every 7 cycles") != std::string::npos);
    CHECK(before.find("instructions: 0\n") != std::string::npos);

    s.step_n(1'000'000);
    REQUIRE(s.machine().all_done());
    std::string after = gb::run_record(s);
    CHECK(after.find(s.machine().console) != std::string::npos); // what it printed
    CHECK(after.find(fmt::format("instructions: {}\n", s.machine().instructions)) !=
          std::string::npos);
    // One line per event, in order: the first thread's start and a context switch appear.
    CHECK(after.find("thread-start") != std::string::npos);
    CHECK(after.find("switch") != std::string::npos);
    size_t lines = 0;
    for (char ch : after.substr(after.find("## Event log")))
        lines += ch == '\n';
    CHECK(lines == s.machine().log.events.size() + 1);
}
