// Watched words (sim/kernel/watch.h): every write is recorded with its
// writer, and a stopping watch ends the run right after the write.
#include "helpers.h"

#include <set>

namespace {

const char* kTwoStores = R"(
        .data
x:      .word 5
        .text
main:   li    r1, 7
        store r1, [x]        ; write 1: 5 -> 7
        li    r1, 9
        li    r2, x
        storeb r1, [r2]      ; write 2: a byte store into x's low byte: 7 -> 9
        li    r0, 0
        ret
)";

gb::Watch watch_on(const gb::Machine& m, const std::string& symbol) {
    gb::Watch w;
    w.pid = 1;
    w.addr = m.process(1).image->find(symbol)->value;
    return w;
}

} // namespace

TEST_CASE("a watch records each write: writer, instruction, cycle, old and new value") {
    gb::Machine m = gbtest::boot(kTwoStores);
    gb::Watch w = watch_on(m, "x");
    w.keep_history = true;
    m.watches.push_back(w);
    gb::RunResult r = m.run(1000);
    CHECK(r.reason == gb::StopReason::AllDone);
    const gb::Watch& got = m.watches[0];
    REQUIRE(got.writes == 2);
    REQUIRE(got.history.size() == 2);
    CHECK(got.history[0].old_value == 5);
    CHECK(got.history[0].new_value == 7);
    CHECK(got.history[0].tid == 1);
    CHECK(m.source_line(1, got.history[0].pc).find("store r1, [x]") != std::string::npos);
    CHECK(got.history[1].old_value == 7);
    CHECK(got.history[1].new_value == 9);
    CHECK(got.history[1].cycle > got.history[0].cycle);
    CHECK(got.last.new_value == 9);
}

TEST_CASE("a stopping watch ends the run right after the write, and the run can go on") {
    gb::Machine m = gbtest::boot(kTwoStores);
    gb::Watch w = watch_on(m, "x");
    w.stop = true;
    m.watches.push_back(w);
    gb::RunResult r = m.run(1000);
    CHECK(r.reason == gb::StopReason::Watchpoint);
    CHECK(gbtest::global(m, "x") == 7);
    r = m.run(1000);
    CHECK(r.reason == gb::StopReason::Watchpoint);
    CHECK(gbtest::global(m, "x") == 9);
    CHECK(m.run(1000).reason == gb::StopReason::AllDone);
}

TEST_CASE("the race's counter: two writers, and every increment is a recorded write") {
    gb::Config cfg;
    cfg.timer_period = 7;
    gb::Machine m = gbtest::boot_file("programs/race.s", cfg);
    gb::Watch w = watch_on(m, "count");
    w.keep_history = true;
    m.watches.push_back(w);
    m.run(10'000'000);
    const gb::Watch& got = m.watches[0];
    CHECK(got.writes == 2000); // each worker stores 1000 times
    std::set<int> writers;
    for (const gb::WriteRecord& rec : got.history)
        writers.insert(rec.tid);
    CHECK(writers.size() == 2);
    CHECK(static_cast<int32_t>(got.last.new_value) == gbtest::global(m, "count"));
}
