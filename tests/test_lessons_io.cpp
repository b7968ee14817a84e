// The I/O lessons 12-14 (assets/lessons/12-*, 13-*, 14-*): each test runs the
// lesson's programs with the lesson's own settings on the real machine and
// asserts its teaching point; the figures quoted in the lesson texts come
// from gb::io_stats, as here.
#include "helpers.h"

#include "teach/event_words.h"
#include "teach/io_stats.h"
#include "teach/lesson.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace gbtest;
using gb::Machine;

namespace {

const std::string kRoot = GLASSBOX_SOURCE_DIR;

gb::Lesson io_lesson(int order) {
    std::vector<std::string> errors;
    auto lessons = gb::load_lessons(kRoot + "/assets", errors);
    std::string all;
    for (const auto& e : errors)
        all += e + "\n";
    INFO(all);
    REQUIRE(errors.empty());
    for (auto& l : lessons)
        if (l.order == order) return l;
    FAIL("no lesson ", order);
    return {};
}

Machine run_program(const std::string& rel, const gb::Config& cfg) {
    Machine m = boot_file(rel, cfg);
    auto r = m.run(5'000'000);
    INFO(rel, ": ", gb::stop_text(m));
    REQUIRE(r.reason == gb::StopReason::AllDone);
    return m;
}

uint32_t symbol(const Machine& m, const std::string& name, int pid = 1) {
    const gb::Symbol* s = m.process(pid).image->find(name);
    REQUIRE(s != nullptr);
    return static_cast<uint32_t>(s->value);
}

// A pizza program, run to the end, counting the chores (calls of do_chore)
// main started before the pizzeria wrote into the pipe.
struct PizzaRun {
    int chores_before_pizza = 0;
    uint64_t pizza_cycle = 0;
    uint64_t main_blocked = 0, would_blocks = 0;
    std::string console;
};

PizzaRun run_pizza(const std::string& rel, const gb::Config& cfg) {
    Machine m = boot_file(rel, cfg);
    const uint32_t chore = symbol(m, "do_chore");
    PizzaRun out;
    bool arrived = false;
    for (int i = 0; i < 100000; ++i) {
        gb::StepResult s = m.step();
        if (!s.executed) break;
        if (!arrived && m.processes.size() >= 2) {
            uint32_t v = 0; // the pizzeria stores the cycle it calls at, then writes it
            REQUIRE(m.process(2).mem.peek32(symbol(m, "called", 2), v));
            if (v != 0) {
                arrived = true;
                out.pizza_cycle = v;
            }
        }
        if (!arrived && s.pid == 1 && s.before.pc == chore) ++out.chores_before_pizza;
    }
    REQUIRE(m.live_threads() == 0);
    REQUIRE(arrived);
    gb::IoStats st = gb::io_stats(m);
    out.main_blocked = st.threads[0].blocked;
    out.would_blocks = st.would_blocks;
    out.console = m.console;
    return out;
}

} // namespace

TEST_CASE("lessons 12-14: the I/O lessons load, with their programs and panels") {
    for (int order : {12, 13, 14}) {
        CAPTURE(order);
        gb::Lesson l = io_lesson(order);
        CHECK(!l.title_ko.empty());
        CHECK(l.text_en.find("## Predict") != std::string::npos);
        CHECK(l.text_ko.find("## Answer (정답)") != std::string::npos);
        CHECK(std::find(l.panels.begin(), l.panels.end(), "timeline") != l.panels.end());
        CHECK(std::find(l.panels.begin(), l.panels.end(), "io") != l.panels.end());
        for (const auto& p : l.programs)
            boot_file(p, gb::lesson_config(l)); // each assembles and loads
    }
}

TEST_CASE("lesson 12: the same requests served synchronously, with a callback and with coroutines; "
          "the asynchronous main threads are blocked far fewer cycles") {
    gb::Lesson l = io_lesson(12);
    REQUIRE(l.programs.size() == 3);
    gb::Config cfg = gb::lesson_config(l);
    std::vector<gb::IoStats> st;
    for (const auto& p : l.programs)
        st.push_back(gb::io_stats(run_program(p, cfg)));
    const gb::IoStats &sync = st[0], &callback = st[1], &coro = st[2];
    for (const auto& s : st) {
        CHECK(s.answered == s.planned);
        CHECK(s.answered == 20);
        CHECK(s.lost == 0);
        CHECK(s.threads.size() == 1); // one thread in every version
    }
    // The synchronous loop sleeps through every disk read.
    CHECK(sync.threads[0].blocked > 2 * sync.threads[0].running);
    for (const gb::IoStats* a : {&callback, &coro}) {
        CHECK(a->threads[0].blocked * 2 < sync.threads[0].blocked);
        CHECK(a->throughput > sync.throughput);
        CHECK(a->latency.mean < sync.latency.mean);
        CHECK(a->cycles < sync.cycles);
    }
    // The figures of the lesson text (seed 1, the default load).
    CHECK(sync.threads[0].blocked == 7922);
    CHECK(callback.threads[0].blocked == 3850);
    MESSAGE("blocked: sync ", sync.threads[0].blocked, ", callback ", callback.threads[0].blocked,
            ", coroutines ", coro.threads[0].blocked, "; throughput ", sync.throughput, " / ",
            callback.throughput, " / ", coro.throughput);
}

TEST_CASE(
    "lesson 13: blocking waits without calling; polling calls in vain but does chores meanwhile; "
    "asynchronous neither waits nor calls") {
    gb::Lesson l = io_lesson(13);
    REQUIRE(l.programs.size() == 3);
    gb::Config cfg = gb::lesson_config(l);
    PizzaRun blocking = run_pizza(l.programs[0], cfg);
    PizzaRun polling = run_pizza(l.programs[1], cfg);
    PizzaRun async = run_pizza(l.programs[2], cfg);

    // Blocking: no call in vain, but the thread sleeps until the pizza and
    // not one chore is done before it.
    CHECK(blocking.would_blocks == 0);
    CHECK(blocking.main_blocked >= 400);
    CHECK(blocking.chores_before_pizza == 0);
    // Polling: several calls answered WOULD_BLOCK before the pizza, never
    // blocked, and chores done between the calls.
    CHECK(polling.would_blocks >= 3);
    CHECK(polling.console.find("call 3: not yet (WOULD_BLOCK)") != std::string::npos);
    CHECK(polling.main_blocked == 0);
    CHECK(polling.chores_before_pizza > blocking.chores_before_pizza + 3);
    // Asynchronous is not the same as non-blocking: no calls at all, the
    // kernel brings the pizza and the handler runs later.
    CHECK(async.would_blocks == 0);
    CHECK(async.main_blocked == 0);
    CHECK(async.chores_before_pizza >= polling.chores_before_pizza);
    CHECK(async.console.find("on_pizza:") != std::string::npos);
    MESSAGE("chores before the pizza: blocking ", blocking.chores_before_pizza, ", polling ",
            polling.chores_before_pizza, " (", polling.would_blocks, " would-blocks), async ",
            async.chores_before_pizza);
}

TEST_CASE("lesson 14: process, thread, event-loop, reactor and coroutine servers all serve the "
          "same load; "
          "the throughputs come from io_stats") {
    gb::Lesson l = io_lesson(14);
    REQUIRE(l.programs.size() == 5);
    gb::Config cfg = gb::lesson_config(l);
    std::vector<gb::IoStats> st;
    std::vector<Machine> ms;
    for (const auto& p : l.programs) {
        CAPTURE(p);
        ms.push_back(run_program(p, cfg));
        st.push_back(gb::io_stats(ms.back()));
        CHECK(st.back().answered == 20);
        CHECK(st.back().lost == 0);
        CHECK(st.back().throughput > 0);
        CHECK(ms.back().process(1).exit_code == 0);
    }
    // Multi-process: a child per connection, each serving its client's 5
    // requests on the descriptor copied by fork.
    const Machine& fork = ms[0];
    REQUIRE(fork.processes.size() == 5);
    for (int pid = 2; pid <= 5; ++pid)
        CHECK(fork.process(pid).exit_code == 5);
    CHECK(fork.console.find("20 requests served by 4 child processes") != std::string::npos);
    // Threads of execution: 5 threads, 1 loop, 1 + 3 workers, 1 loop.
    CHECK(st[1].threads.size() == 5);
    CHECK(st[2].threads.size() == 1);
    CHECK(st[3].threads.size() == 4);
    CHECK(st[4].threads.size() == 1);
    // Light requests on one core: the event loop keeps up with a thread or
    // a process per client (within 10%), with one thread.
    CHECK(st[2].throughput > 0.9 * st[0].throughput);
    CHECK(st[2].throughput > 0.9 * st[1].throughput);
    // The lesson's table.
    const double table[] = {3.50, 3.53, 3.45, 3.01, 2.32};
    for (size_t i = 0; i < 5; ++i) {
        CAPTURE(l.programs[i]);
        CHECK(st[i].throughput == doctest::Approx(table[i]).epsilon(0.01));
        MESSAGE(l.programs[i], ": throughput ", st[i].throughput, ", mean latency ",
                st[i].latency.mean);
    }
}
