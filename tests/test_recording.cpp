// Saved sessions (teach/recording.h): a saved session reopens to an equal
// machine — program, settings, seed, console input, breakpoints,
// watchpoints and the moment shown — and a bad file is refused with a
// message, leaving the session as it was.
#include "helpers.h"

#include "teach/machine_compare.h"
#include "teach/recording.h"

#include <filesystem>

using gb::Session;

namespace {

const std::vector<gb::Lesson>& lessons() {
    static std::vector<gb::Lesson> all = [] {
        std::vector<std::string> errors;
        return gb::load_lessons(GLASSBOX_SOURCE_DIR "/assets", errors);
    }();
    return all;
}

std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / name).string();
}

} // namespace

TEST_CASE("recording: a saved session reopens to an equal machine") {
    gb::Config cfg;
    cfg.timer_period = 7;
    cfg.cores = 2;
    cfg.seed = 42;
    cfg.sched.policy = gb::Policy::Lottery;
    Session s(cfg);
    REQUIRE(s.load(GLASSBOX_SOURCE_DIR "/programs/race.s"));
    std::string error;
    auto w = gb::parse_watchpoint("count:w:==300", *s.image(), error);
    REQUIRE(w);
    s.set_watchpoints({*w});
    s.set_breakpoint(s.image()->entry + 8, true);
    s.continue_run(); // the breakpoint, early
    s.step_n(3000);
    s.continue_run(); // the watchpoint
    REQUIRE(s.last_stop() == gb::StopReason::Watchpoint);
    s.step_back(); // a moment that no plain run would stop at

    std::string path = temp_path("glassbox_recording_test.json");
    REQUIRE(gb::save_session(s, path, error));
    Session opened;
    REQUIRE(gb::open_session(opened, path, lessons(), error));
    CHECK(gb::machine_difference(opened.machine(), s.machine()) == "");
    CHECK(opened.config().seed == 42);
    CHECK(opened.config().sched.policy == gb::Policy::Lottery);
    CHECK(opened.breakpoints() == s.breakpoints());
    REQUIRE(opened.watchpoints().size() == 1);
    CHECK(opened.watchpoints()[0] == s.watchpoints()[0]);
    // Both run on identically.
    s.step_n(500);
    opened.step_n(500);
    CHECK(gb::machine_difference(opened.machine(), s.machine()) == "");
    std::filesystem::remove(path);
}

TEST_CASE("recording: console input and a lesson's program are part of the session") {
    const char* reader = R"(
        .data
buf:    .space 16
        .text
main:   li r1, 0
        li r2, buf
        li r3, 5
        sys read
        li r1, buf
        sys print_str
        halt
)";
    Session s;
    REQUIRE(s.load_source(reader, "reader.s"));
    s.set_console_input("hello");
    s.step_n(100);
    REQUIRE(s.machine().console == "hello");
    gb::Recording r = gb::record_session(s);
    std::string error;
    gb::Recording back;
    REQUIRE(gb::recording_from_json(gb::recording_to_json(r), back, error));
    CHECK(back.console_input == "hello");
    Session opened;
    REQUIRE(gb::apply_recording(opened, back, lessons(), error));
    CHECK(opened.machine().console == "hello");
    CHECK(gb::machine_difference(opened.machine(), s.machine()) == "");

    const gb::Lesson* race = nullptr;
    for (const gb::Lesson& l : lessons())
        if (l.id == "09-thread-safety") race = &l;
    REQUIRE(race);
    Session lesson_session;
    REQUIRE(lesson_session.open_lesson(*race, 0));
    lesson_session.step_n(2500);
    REQUIRE(gb::recording_from_json(gb::recording_to_json(gb::record_session(lesson_session)), back,
                                    error));
    CHECK(back.lesson_id == "09-thread-safety");
    Session reopened;
    REQUIRE(gb::apply_recording(reopened, back, lessons(), error));
    REQUIRE(reopened.lesson() != nullptr);
    CHECK(gb::machine_difference(reopened.machine(), lesson_session.machine()) == "");
}

TEST_CASE("recording: a bad file is refused with a reason and the session stays") {
    Session s;
    REQUIRE(s.load(GLASSBOX_SOURCE_DIR "/programs/hello.s"));
    s.step_n(3);
    gb::Machine before = s.machine();
    gb::Recording r;
    std::string error;
    CHECK(!gb::recording_from_json("{not json", r, error));
    CHECK(error.find("not valid JSON") != std::string::npos);
    CHECK(!gb::recording_from_json("{\"x\": 1}", r, error));
    CHECK(error.find("not a saved Glassbox session") != std::string::npos);
    CHECK(!gb::recording_from_json("{\"glassbox_session\": 1, \"program\": {}}", r, error));
    CHECK(error.find("missing") != std::string::npos);

    gb::Recording good = gb::record_session(s);
    gb::Recording bad = good;
    bad.program_text = "main: frob r1\n";
    CHECK(!gb::apply_recording(s, bad, lessons(), error));
    CHECK(error.find("does not assemble") != std::string::npos);
    bad = good;
    bad.instruction = 1'000'000;
    CHECK(!gb::apply_recording(s, bad, lessons(), error));
    CHECK(error.find("before the saved moment") != std::string::npos);
    CHECK(gb::machine_difference(s.machine(), before) == "");
    CHECK(!gb::open_session(s, "/nonexistent/x.json", lessons(), error));
    CHECK(error.find("cannot read") != std::string::npos);
}
