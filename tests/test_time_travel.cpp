// Time travel in the session (teach/time_travel.cpp): reverse-continue lands
// on exactly the state a forward run had at that hit (breakpoints and
// watchpoints, one core and two), go to instruction N equals a fresh run
// of N steps, and reverse step-out / step-over go back to the call.
#include "helpers.h"

#include "teach/machine_compare.h"
#include "teach/session.h"

#include <fstream>
#include <sstream>

using gb::Session;

namespace {

std::string file_text(const std::string& rel) {
    std::ifstream in(std::string(GLASSBOX_SOURCE_DIR "/") + rel);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The address of the first instruction on the source line containing `text`.
uint32_t address_of_line(const gb::Image& img, const std::string& text) {
    const auto& lines = img.files[0].lines;
    for (size_t i = 0; i < lines.size(); ++i)
        if (lines[i].find(text) != std::string::npos)
            for (const auto& [addr, loc] : img.lines)
                if (loc.file == 0 && loc.line == static_cast<int>(i) + 1) return addr;
    FAIL("no instruction on a line containing " << text);
    return 0;
}

// Runs forward hit by hit, keeping a copy of the machine at each; then
// reverse-continues from the last and checks each landing against the copy.
void check_reverse_continue(Session& s, int hits) {
    std::vector<gb::Machine> seen;
    for (int i = 0; i < hits; ++i) {
        gb::RunResult r = s.continue_run();
        REQUIRE((r.reason == gb::StopReason::Breakpoint || r.reason == gb::StopReason::Watchpoint));
        seen.push_back(s.machine());
    }
    for (int i = hits - 2; i >= 0; --i) {
        CAPTURE(i);
        REQUIRE(s.reverse_continue());
        CHECK(gb::machine_difference(s.machine(), seen[static_cast<size_t>(i)]) == "");
        CHECK(!s.travel_note().empty());
    }
    CHECK(!s.reverse_continue()); // nothing before the first hit
    CHECK(gb::machine_difference(s.machine(), seen.front()) == "");
    // Forward again from there reaches the same next hit.
    s.continue_run();
    CHECK(gb::machine_difference(s.machine(), seen[1]) == "");
}

} // namespace

TEST_CASE("time travel: the comparison of machines sees a one-register difference") {
    gb::Machine a = gbtest::boot_file("programs/race.s");
    gb::Machine b = a;
    CHECK(gb::machine_difference(a, b) == "");
    b.thread(1).ctx.regs[3] = 7;
    CHECK(gb::machine_difference(a, b) == "thread 1: r3 0 vs 7");
    b = a;
    b.step();
    CHECK(gb::machine_difference(a, b) != "");
}

TEST_CASE("time travel: reverse-continue lands on the forward run's state at each breakpoint") {
    for (int cores : {1, 2}) {
        CAPTURE(cores);
        gb::Config cfg;
        cfg.timer_period = 7;
        cfg.cores = cores;
        Session s(cfg);
        REQUIRE(s.load_source(file_text("programs/race.s"), "race.s"));
        s.set_breakpoint(address_of_line(*s.image(), "store r3, [count]"), true);
        check_reverse_continue(s, 8);
    }
}

TEST_CASE("time travel: reverse-continue to the previous watchpoint hit, with a condition") {
    gb::Config cfg;
    cfg.timer_period = 7;
    Session s(cfg);
    REQUIRE(s.load_source(file_text("programs/race.s"), "race.s"));
    std::string error;
    auto w = gb::parse_watchpoint("count:w", *s.image(), error);
    REQUIRE(w);
    s.set_watchpoints({*w});
    check_reverse_continue(s, 6);
    // Past the checkpoints: deep into the run, with a condition.
    auto big = gb::parse_watchpoint("count:w:>=600", *s.image(), error);
    REQUIRE(big);
    s.set_watchpoints({*big});
    s.reset();
    check_reverse_continue(s, 5);
    gbtest::global(s.machine(), "count"); // a readable machine after all the travel
}

TEST_CASE("time travel: go to instruction N equals a fresh machine stepped N times") {
    gb::Config cfg;
    cfg.timer_period = 5;
    Session s(cfg);
    REQUIRE(s.load_source(file_text("programs/race.s"), "race.s"));
    s.step_n(9000); // several checkpoints
    for (uint64_t n : {7000ull, 12ull, 4097ull, 9500ull, 0ull}) {
        CAPTURE(n);
        REQUIRE(s.go_to_instruction(n));
        gb::Machine fresh(cfg);
        REQUIRE(fresh.load(s.image() ? std::make_shared<const gb::Image>(*s.image()) : nullptr,
                           "race.s") == 1);
        while (fresh.instructions < n)
            fresh.step();
        CHECK(s.machine().instructions == n);
        CHECK(gb::machine_difference(s.machine(), fresh).find("instructions") == std::string::npos);
        CHECK(gb::machine_difference(s.machine(), fresh) == "");
    }
}

TEST_CASE("time travel: reverse step-out goes back to the call; step-over skips a call whole") {
    Session s;
    REQUIRE(s.load_source(file_text("programs/nested_calls.s"), "nested_calls.s"));
    const gb::Image& img = *s.image();
    uint32_t mul = address_of_line(img, "mul  r0, r1, r1");
    s.run_to(mul); // inside square, called from sum_of_squares, called from main
    REQUIRE(s.machine().context_of(1).pc == mul);
    REQUIRE(s.reverse_step_out());
    uint32_t first_call = address_of_line(img, "call square             ; r0 ← a*a");
    CHECK(s.machine().context_of(1).pc == first_call);
    REQUIRE(s.reverse_step_out());
    CHECK(s.machine().context_of(1).pc == address_of_line(img, "call sum_of_squares"));
    CHECK(!s.reverse_step_out()); // main is the outermost function

    // Forward past the first call of square, then step over it backwards.
    uint32_t after = address_of_line(img, "store r0, [fp - 8]");
    s.run_to(after);
    REQUIRE(s.machine().context_of(1).pc == after);
    REQUIRE(s.reverse_step_over());
    CHECK(s.machine().context_of(1).pc == first_call);
    REQUIRE(s.reverse_step_over());
    CHECK(s.machine().context_of(1).pc == address_of_line(img, "store r2, [fp - 4]"));
}

TEST_CASE("time travel: go to cycle N lands on the first moment at or after N") {
    gb::Config cfg;
    cfg.timer_period = 7;
    Session s(cfg);
    REQUIRE(s.load_source(file_text("programs/race.s"), "race.s"));
    s.step_n(8000);
    for (uint64_t cycle : {5000ull, 100ull, 9000ull, 12000ull}) {
        CAPTURE(cycle);
        REQUIRE(s.go_to_cycle(cycle));
        uint64_t n = s.machine().instructions;
        CHECK(s.machine().now >= cycle);
        REQUIRE(n > 0);
        gb::Machine before(cfg);
        REQUIRE(before.load(std::make_shared<const gb::Image>(*s.image()), "race.s") == 1);
        while (before.instructions < n - 1)
            before.step();
        CHECK(before.now < cycle); // one instruction earlier it was not yet that time
    }
}

TEST_CASE("time travel: a live run (the dashboard's F5) stops at a watchpoint's write") {
    Session s;
    REQUIRE(s.load_source(file_text("programs/counter_mutex.s"), "counter_mutex.s"));
    std::string error;
    auto w = gb::parse_watchpoint("count:w:==3", *s.image(), error);
    REQUIRE(w);
    s.set_watchpoints({*w});
    s.set_running(true);
    for (int frame = 0; frame < 100 && s.running(); ++frame)
        s.run_for_frame(1000);
    CHECK(!s.running());
    CHECK(s.last_stop() == gb::StopReason::Watchpoint);
    CHECK(gbtest::global(s.machine(), "count") == 3);
    CHECK(s.travel_note().find("wrote count: 2 -> 3") != std::string::npos);
}
