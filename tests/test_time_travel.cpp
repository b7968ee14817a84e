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

namespace {

// Two workers on two cores, each calling a function in a loop.
const char* kTwoWorkers = R"(
        .data
count:  .word 0
        .text
main:
        li   r1, worker
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
worker:
        li   r2, 40
loop:
        call bump
        sub  r2, r2, 1
        cmp  r2, 0
        bne  loop
        li   r0, 0
        ret
bump:
        load  r3, [count]
        add   r3, r3, 1
        store r3, [count]
        ret
)";

} // namespace

TEST_CASE("time travel: reverse step-over follows the selected thread across cores") {
    gb::Config cfg;
    cfg.cores = 2;
    cfg.timer_period = 13;
    Session s(cfg);
    REQUIRE(s.load_source(kTwoWorkers, "two_workers.s"));
    const gb::Image& img = *s.image();
    const uint32_t after_call = address_of_line(img, "sub  r2, r2, 1");
    const uint32_t call = address_of_line(img, "call bump");
    const uint32_t branch = address_of_line(img, "bne  loop");
    // Forward until a worker has just come back from bump (not the first
    // time) while the instruction that ran last was another thread's.
    int tid = 0, last = 0;
    for (int i = 0; i < 20000 && !tid; ++i) {
        gb::StepResult r = s.step();
        if (!r.executed) continue;
        for (int t = 2; t <= static_cast<int>(s.machine().threads.size()); ++t) {
            const gb::Thread& th = s.machine().thread(t);
            if (t != r.tid && th.state != gb::ThreadState::Done && th.instructions > 20 &&
                s.machine().context_of(t).pc == after_call) {
                tid = t;
                last = r.tid;
            }
        }
    }
    REQUIRE(tid);
    REQUIRE(last != tid);
    const uint64_t ran = s.machine().thread(tid).instructions;

    // Back over the call: the selected thread stands on it again, with the
    // five instructions of the call (call, load, add, store, ret) undone.
    REQUIRE(s.reverse_step_over(tid));
    CHECK(s.machine().context_of(tid).pc == call);
    CHECK(s.machine().thread(tid).instructions == ran - 5);
    gb::Machine forward(cfg);
    REQUIRE(forward.load(std::make_shared<const gb::Image>(img), "two_workers.s") == 1);
    while (forward.instructions < s.machine().instructions)
        forward.step();
    CHECK(gb::machine_difference(s.machine(), forward) == ""); // the forward run's state there

    // Once more: the line before, the loop's branch of the previous round.
    REQUIRE(s.reverse_step_over(tid));
    CHECK(s.machine().context_of(tid).pc == branch);
    CHECK(s.machine().thread(tid).instructions == ran - 6);
    gb::Machine forward2(cfg);
    REQUIRE(forward2.load(std::make_shared<const gb::Image>(img), "two_workers.s") == 1);
    while (forward2.instructions < s.machine().instructions)
        forward2.step();
    CHECK(gb::machine_difference(s.machine(), forward2) == "");

    // Step-out of bump for the selected thread: back to its call, wherever the
    // other threads are.
    s.go_to_instruction(s.machine().instructions + 400);
    for (int i = 0; i < 400 && s.machine().context_of(tid).pc != address_of_line(img, "add   r3");
         ++i)
        s.step();
    REQUIRE(s.machine().context_of(tid).pc == address_of_line(img, "add   r3"));
    const uint64_t in_bump = s.machine().thread(tid).instructions;
    REQUIRE(s.reverse_step_out(tid));
    CHECK(s.machine().context_of(tid).pc == call);
    CHECK(s.machine().thread(tid).instructions == in_bump - 2); // call and load undone

    CHECK(!s.reverse_step_over(99)); // no such thread: nothing changes
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
