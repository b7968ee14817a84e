// The session's named commands: load (errors are values), step, step back
// (exact, by replay from checkpoints), run to, breakpoints, reset, config.
#include "helpers.h"
#include "teach/session.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

using gb::Session;
using gb::StopReason;

namespace {

const std::string kRace = GLASSBOX_SOURCE_DIR "/programs/race.s";
const std::string kNull = GLASSBOX_SOURCE_DIR "/programs/null_pointer.s";
const std::string kBad = GLASSBOX_SOURCE_DIR "/tests/data/bad_syntax.s";

// The parts of two machines a student could see differ.
void check_same(const gb::Machine& a, const gb::Machine& b) {
    REQUIRE(a.instructions == b.instructions);
    CHECK(a.now == b.now);
    REQUIRE(a.threads.size() == b.threads.size());
    for (size_t i = 0; i < a.threads.size(); ++i) {
        int tid = static_cast<int>(i) + 1;
        CHECK(a.context_of(tid) == b.context_of(tid));
        CHECK(a.threads[i].state == b.threads[i].state);
    }
    for (size_t c = 0; c < a.cores.size(); ++c)
        CHECK(a.cores[c].tid == b.cores[c].tid);
    CHECK(a.log.events.size() == b.log.events.size());
    CHECK(a.console == b.console);
    CHECK(gbtest::global(a, "count") == gbtest::global(b, "count"));
}

uint32_t symbol(const Session& s, const char* name) {
    const gb::Symbol* sym = s.image()->find(name);
    REQUIRE(sym != nullptr);
    return static_cast<uint32_t>(sym->value);
}

} // namespace

TEST_CASE("session: load a program and step it") {
    Session s;
    CHECK_FALSE(s.loaded());
    REQUIRE(s.load(kRace));
    CHECK(s.loaded());
    CHECK(s.errors().empty());
    CHECK(s.machine().processes.size() == 1);
    CHECK(s.machine().instructions == 0);
    gb::StepResult r = s.step();
    CHECK(r.executed);
    CHECK(s.machine().instructions == 1);
    gb::RunResult rr = s.step_n(99);
    CHECK(rr.steps == 99);
    CHECK(s.machine().instructions == 100);
}

TEST_CASE("session: a file with errors never replaces the current program") {
    Session s;
    REQUIRE(s.load(kRace));
    s.step_n(50);
    CHECK_FALSE(s.load(kBad));
    // Every error, with line and column.
    REQUIRE(s.errors().size() >= 3);
    CHECK(s.errors()[0].line == 7);
    CHECK(s.errors()[0].column == 9);
    CHECK(s.error_path() == kBad);
    CHECK(Session::line_of_file(kBad, 7).find("lod") != std::string::npos);
    // The race is still loaded, where it was.
    CHECK(s.path() == kRace);
    CHECK(s.machine().instructions == 50);
    // A missing file is an error too, not a crash.
    CHECK_FALSE(s.load("/nonexistent/nothing.s"));
    CHECK_FALSE(s.errors().empty());
    CHECK(s.machine().instructions == 50);
    // A good load clears the errors.
    REQUIRE(s.load(kNull));
    CHECK(s.errors().empty());
}

TEST_CASE("session: step back is exact, one instruction at a time") {
    Session a, b;
    REQUIRE(a.load(kRace));
    REQUIRE(b.load(kRace));
    a.step_n(300);
    REQUIRE(a.step_back());
    b.step_n(299);
    check_same(a.machine(), b.machine());
    // Far past several checkpoints.
    a.step_n(6000);
    for (int i = 0; i < 10; ++i)
        REQUIRE(a.step_back());
    Session c;
    REQUIRE(c.load(kRace));
    c.step_n(299 + 6000 - 10);
    check_same(a.machine(), c.machine());
    CHECK(a.checkpoints() <= Session::kMaxCheckpoints + 1);
    // Back to the very start, and no further.
    Session d;
    REQUIRE(d.load(kRace));
    d.step();
    REQUIRE(d.step_back());
    CHECK(d.machine().instructions == 0);
    CHECK_FALSE(d.step_back());
}

TEST_CASE("session: step back over a context switch restores the switched-out thread") {
    gb::Config cfg;
    cfg.timer_period = 7; // switches every few instructions
    Session a(cfg), b(cfg);
    REQUIRE(a.load(kRace));
    REQUIRE(b.load(kRace));
    a.step_n(120);
    for (int i = 0; i < 40; ++i)
        a.step_back();
    b.step_n(80);
    check_same(a.machine(), b.machine());
}

TEST_CASE("session: breakpoints and run to") {
    Session s;
    REQUIRE(s.load(kRace));
    uint32_t again = symbol(s, "again");
    s.set_breakpoint(again, true);
    CHECK(s.has_breakpoint(again));
    gb::RunResult r = s.step_n(100000);
    CHECK(r.reason == StopReason::Breakpoint);
    CHECK(s.last_stop() == StopReason::Breakpoint);
    bool at = false;
    for (const gb::Core& c : s.machine().cores)
        at |= c.tid && c.ctx.pc == again;
    CHECK(at);
    s.toggle_breakpoint(again);
    CHECK_FALSE(s.has_breakpoint(again));

    // Run to an address without leaving a breakpoint behind.
    Session t;
    REQUIRE(t.load(kRace));
    uint32_t worker = symbol(t, "again") + 8; // the store
    r = t.run_to(worker);
    CHECK(r.reason == StopReason::Breakpoint);
    CHECK(t.breakpoints().empty());
    CHECK(t.machine().breakpoints.empty());
    at = false;
    for (const gb::Core& c : t.machine().cores)
        at |= c.tid && c.ctx.pc == worker;
    CHECK(at);
}

TEST_CASE("session: reset keeps breakpoints; new settings rebuild the machine") {
    Session s;
    REQUIRE(s.load(kRace));
    uint32_t again = symbol(s, "again");
    s.set_breakpoint(again, true);
    s.step_n(20);
    uint64_t gen = s.generation();
    s.reset();
    CHECK(s.machine().instructions == 0);
    CHECK(s.has_breakpoint(again));
    CHECK(s.machine().breakpoints.count(again) == 1);
    CHECK(s.generation() > gen);

    gb::Config cfg = s.config();
    cfg.cores = 2;
    cfg.timer_period = 13;
    s.set_config(cfg);
    CHECK(s.machine().cores.size() == 2);
    CHECK(s.machine().config.timer_period == 13);
    CHECK(s.machine().instructions == 0);
}

TEST_CASE("session: a live run runs in frame budgets and pauses on a stop") {
    Session s;
    REQUIRE(s.load(kRace));
    CHECK(s.run_for_frame(100).steps == 0); // not running: nothing happens
    s.set_running(true);
    CHECK(s.running());
    CHECK(s.run_for_frame(100).steps == 100);
    CHECK(s.running());
    // To the end: the session pauses by itself.
    for (int i = 0; i < 10000 && s.running(); ++i)
        s.run_for_frame(5000);
    CHECK_FALSE(s.running());
    CHECK(s.last_stop() == StopReason::AllDone);
    CHECK(s.machine().all_done());
    CHECK_FALSE(s.last_stop_text().empty());
}

TEST_CASE("session: a guest fault stops the run and is reported") {
    Session s;
    REQUIRE(s.load(kNull));
    s.set_running(true);
    s.run_for_frame(1000);
    CHECK_FALSE(s.running());
    CHECK(s.last_stop() == StopReason::Fault);
    CHECK(s.machine().last_fault.fault == gb::Fault::BadAddress);
    CHECK(s.machine().last_fault.addr == 8);
}

TEST_CASE("session: reload picks up changes on disk, and keeps the session when they break it") {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / "glassbox_session_test";
    fs::create_directories(dir);
    fs::path file = dir / "prog.s";
    { std::ofstream(file) << "main:\n  li r1, 1\n  halt\n"; }
    Session s;
    REQUIRE(s.load(file.string()));
    CHECK_FALSE(s.source_changed_on_disk());
    auto t = fs::last_write_time(file);
    { std::ofstream(file) << "main:\n  li r1, 2\n  li r2, 3\n  halt\n"; }
    fs::last_write_time(file, t + std::chrono::seconds(2));
    CHECK(s.source_changed_on_disk());
    REQUIRE(s.reload());
    CHECK(s.image()->text.bytes.size() == 12);
    CHECK_FALSE(s.source_changed_on_disk());
    // Now break it: the reload fails, the working program stays.
    { std::ofstream(file) << "main:\n  bogus r1\n"; }
    fs::last_write_time(file, t + std::chrono::seconds(4));
    CHECK(s.source_changed_on_disk());
    CHECK_FALSE(s.reload());
    CHECK_FALSE(s.errors().empty());
    CHECK(s.image()->text.bytes.size() == 12);
    fs::remove_all(dir);
}
