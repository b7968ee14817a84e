// Scheduling policies, checked against hand-worked textbook examples
// (OSTEP chapters 7–9) through the scheduling lab, whose jobs are real
// processes on the kernel's scheduler.
#include "helpers.h"
#include "teach/sched_lab.h"

#include <cstdio>
#include <numeric>

using namespace gbtest;

namespace {

gb::LabResult lab(const std::string& spec, gb::Policy policy, uint32_t quantum = 1,
                  void (*tweak)(gb::LabOptions&) = nullptr,
                  const std::vector<int>& priorities = {}) {
    std::vector<gb::LabJob> jobs;
    std::string error;
    REQUIRE_MESSAGE(gb::parse_jobs(spec, jobs, error), error);
    for (size_t i = 0; i < priorities.size() && i < jobs.size(); ++i)
        jobs[i].priority = priorities[i];
    gb::LabOptions o;
    o.sched.policy = policy;
    o.sched.quantum_ticks = quantum;
    o.sched.mlfq_boost_ticks = 0;
    o.sched.mlfq_allotment_ticks = 1;
    if (tweak) tweak(o);
    gb::LabResult r = gb::run_sched_lab(jobs, o);
    REQUIRE_MESSAGE(r.ok(), r.error);
    // Every figure is a whole number of ticks, and wait = turnaround - run - I/O.
    for (const auto& j : r.jobs) {
        CHECK(j.ready_cycles % o.tick_cycles == 0);
        CHECK(j.wait == j.turnaround - j.job.length - j.io);
    }
    return r;
}

std::vector<uint32_t> field(const gb::LabResult& r, uint32_t gb::LabJobResult::*f) {
    std::vector<uint32_t> out;
    for (const auto& j : r.jobs)
        out.push_back(j.*f);
    return out;
}

// Which job ran in each tick ("-" for idle), e.g. "012012".
std::string runs(const gb::LabResult& r) {
    std::string s;
    for (const auto& t : r.timeline)
        s += t.running < 0 ? '-' : static_cast<char>('0' + t.running);
    return s;
}

using V = std::vector<uint32_t>;

} // namespace

TEST_CASE("sched lab: FIFO, jobs 100,10,10 at time 0 (OSTEP fig. 7.2): average turnaround 110") {
    auto r = lab("100,10,10", gb::Policy::Fifo);
    CHECK(field(r, &gb::LabJobResult::turnaround) == V{100, 110, 120});
    CHECK(field(r, &gb::LabJobResult::response) == V{0, 100, 110});
    CHECK(field(r, &gb::LabJobResult::wait) == V{0, 100, 110});
    CHECK(r.avg_turnaround == doctest::Approx(110));
    CHECK(r.avg_response == doctest::Approx(70));
    CHECK(r.ticks == 120);
    CHECK(runs(r) == std::string(100, '0') + std::string(10, '1') + std::string(10, '2'));
}

TEST_CASE("sched lab: SJF on the same jobs (fig. 7.3): average turnaround 50") {
    auto r = lab("100,10,10", gb::Policy::Sjf);
    CHECK(field(r, &gb::LabJobResult::turnaround) == V{120, 10, 20});
    CHECK(r.avg_turnaround == doctest::Approx(50));
    CHECK(r.avg_response == doctest::Approx(10));
    // SJF does not preempt: late short jobs wait for the long one (fig. 7.4).
    auto late = lab("0:100,10:10,10:10", gb::Policy::Sjf);
    CHECK(field(late, &gb::LabJobResult::turnaround) == V{100, 100, 110});
    CHECK(late.avg_turnaround == doctest::Approx(310.0 / 3));
}

TEST_CASE("sched lab: STCF preempts when short jobs arrive (fig. 7.5): average turnaround 50") {
    auto r = lab("0:100,10:10,10:10", gb::Policy::Stcf);
    CHECK(field(r, &gb::LabJobResult::turnaround) == V{120, 10, 20});
    CHECK(field(r, &gb::LabJobResult::response) == V{0, 0, 10});
    CHECK(r.avg_turnaround == doctest::Approx(50));
    CHECK(runs(r) == std::string(10, '0') + std::string(10, '1') + std::string(10, '2') +
                         std::string(90, '0'));
}

TEST_CASE("sched lab: round robin, quantum 1, three jobs of 5 (fig. 7.7): response 0, 1, 2") {
    auto r = lab("5,5,5", gb::Policy::RoundRobin, 1);
    CHECK(field(r, &gb::LabJobResult::response) == V{0, 1, 2});
    CHECK(field(r, &gb::LabJobResult::turnaround) == V{13, 14, 15});
    CHECK(r.avg_response == doctest::Approx(1));
    CHECK(runs(r) == "012012012012012");
    // A longer slice: better turnaround, worse response (fig. 7.6 and 7.7).
    auto q5 = lab("5,5,5", gb::Policy::RoundRobin, 5);
    CHECK(field(q5, &gb::LabJobResult::response) == V{0, 5, 10});
    CHECK(field(q5, &gb::LabJobResult::turnaround) == V{5, 10, 15});
    auto q2 = lab("5,5,5", gb::Policy::RoundRobin, 2);
    CHECK(runs(q2) == "001122001122012");
}

TEST_CASE("sched lab: STCF overlaps I/O with computation (fig. 7.9)") {
    // Job 0 does an I/O of 2 ticks after every tick of CPU; job 1 computes.
    // While job 0 waits for its I/O, job 1 runs, so the CPU is never idle.
    auto r = lab("0:3:1,0:6", gb::Policy::Stcf, 1, [](gb::LabOptions& o) { o.io_time = 2; });
    // Hand-worked: 0 runs first (3 < 6), then is in I/O during ticks 1-2 while
    // 1 runs; back at tick 3 with 2 left against 4 it preempts 1; and so on.
    CHECK(runs(r) == "011011011");
    CHECK(field(r, &gb::LabJobResult::turnaround) == V{7, 9});
    CHECK(field(r, &gb::LabJobResult::io) == V{4, 0});
    CHECK(r.timeline[0].events == std::vector<std::string>{"0 arrives", "1 arrives"});
    CHECK(r.timeline[1].states[0] == gb::LabState::Io);
}

TEST_CASE("sched lab: MLFQ, a long job sinks level by level (fig. 8.2)") {
    auto r = lab("20", gb::Policy::Mlfq, 1, [](gb::LabOptions& o) { o.sched.mlfq_levels = 3; });
    REQUIRE(r.timeline.size() == 20);
    CHECK(r.timeline[0].levels[0] == 0);
    CHECK(r.timeline[1].levels[0] == 1);
    CHECK(r.timeline[2].levels[0] == 2);
    CHECK(r.timeline[19].levels[0] == 2);
    CHECK(r.jobs[0].turnaround == 20);
}

TEST_CASE("sched lab: MLFQ, along came a short job (fig. 8.3): it runs at once and finishes fast") {
    auto r =
        lab("0:20,10:2", gb::Policy::Mlfq, 1, [](gb::LabOptions& o) { o.sched.mlfq_levels = 3; });
    // The long job is at the bottom by tick 2; the short one arrives at the
    // top at tick 10, preempts it, drops one level after a tick, and still
    // beats the long job, which sits two levels down.
    CHECK(runs(r) == std::string(10, '0') + "11" + std::string(10, '0'));
    CHECK(field(r, &gb::LabJobResult::response) == V{0, 0});
    CHECK(field(r, &gb::LabJobResult::turnaround) == V{22, 2});
    CHECK(r.timeline[10].levels[1] == 0);
    CHECK(r.timeline[11].levels[1] == 1);
}

TEST_CASE("sched lab: MLFQ with I/O, allotment and a boost, worked by hand") {
    auto r = lab("0:12,0:4:1", gb::Policy::Mlfq, 2, [](gb::LabOptions& o) {
        o.io_time = 1;
        o.sched.mlfq_allotment_ticks = 2;
        o.sched.mlfq_boost_ticks = 10;
    });
    // 0 uses its 2-tick allotment at q0 (ticks 0-1) and drops to q1; 1 runs
    // a tick, does I/O; 0 runs; 1 comes back at q0 and preempts it; after
    // its second tick 1 has used its allotment too (rule 4 counts every
    // tick, I/O or not) and drops to q1; the boost at tick 10 lifts 0 back up.
    CHECK(runs(r) == "0010101010000000");
    CHECK(field(r, &gb::LabJobResult::turnaround) == V{16, 9});
    CHECK(field(r, &gb::LabJobResult::response) == V{0, 2});
    CHECK(r.timeline[5].levels[1] == 1);
    CHECK(r.timeline[9].levels[0] == 2);
    CHECK(r.timeline[10].levels[0] == 0);
    CHECK(r.boosts == 1);
}

TEST_CASE("sched lab: MLFQ rule 4 stops a job from gaming the scheduler") {
    // Job 1 does I/O just before each quantum would end (after 1 tick of a
    // 2-tick quantum). With allotment accounting it still sinks; job 0 is
    // not starved.
    auto r = lab("0:30,0:30:1", gb::Policy::Mlfq, 2, [](gb::LabOptions& o) {
        o.io_time = 1;
        o.sched.mlfq_allotment_ticks = 2;
        o.sched.mlfq_levels = 2;
    });
    uint32_t job0_ticks_before_20 = 0;
    for (size_t t = 0; t < 20; ++t)
        job0_ticks_before_20 += r.timeline[t].running == 0;
    CHECK(job0_ticks_before_20 >=
          12); // 2 of every 3 ticks; a job that gamed the scheduler would leave it about 10
    bool job1_reached_bottom = false;
    for (const auto& t : r.timeline)
        job1_reached_bottom |= t.levels[1] == 1;
    CHECK(job1_reached_bottom);
}

TEST_CASE("sched lab: MLFQ per-level quanta") {
    auto r = lab("0:8,0:8", gb::Policy::Mlfq, 1, [](gb::LabOptions& o) {
        o.sched.mlfq_levels = 2;
        o.sched.mlfq_quantum_ticks = {1, 3};
        o.sched.mlfq_allotment_ticks = 1;
    });
    // One tick each at q0, then slices of 3 at q1.
    CHECK(runs(r) == "0100011100011101");
}

TEST_CASE("sched lab: priority runs the highest first and preempts on arrival") {
    auto r = lab("10,10,10", gb::Policy::Priority, 1, nullptr, {1, 3, 2});
    CHECK(runs(r) == std::string(10, '1') + std::string(10, '2') + std::string(10, '0'));
    CHECK(field(r, &gb::LabJobResult::turnaround) == V{30, 10, 20});
    auto pre = lab("0:10,5:5", gb::Policy::Priority, 1, nullptr, {1, 2});
    CHECK(runs(pre) == "000001111100000");
    // Equal priorities share round robin.
    auto eq = lab("3,3", gb::Policy::Priority, 1, nullptr, {4, 4});
    CHECK(runs(eq) == "010101");
}

TEST_CASE("sched lab: lottery is seeded, and tickets decide the odds") {
    auto tweak = [](gb::LabOptions& o) { o.seed = 7; };
    auto a = lab("50,50", gb::Policy::Lottery, 1, tweak, {1, 1});
    auto b = lab("50,50", gb::Policy::Lottery, 1, tweak, {1, 1});
    CHECK(runs(a) == runs(b)); // same seed, same run
    auto other =
        lab("50,50", gb::Policy::Lottery, 1, [](gb::LabOptions& o) { o.seed = 8; }, {1, 1});
    CHECK(runs(a) != runs(other));
    // 9 tickets against 1: job 0 wins about 90% of the draws while both run.
    auto skew = lab("100,100", gb::Policy::Lottery, 1, tweak, {9, 1});
    int zero = 0, both = 0;
    for (const auto& t : skew.timeline)
        if (t.states[1] != gb::LabState::Done && t.states[0] != gb::LabState::Done) {
            ++both;
            zero += t.running == 0;
        }
    REQUIRE(both > 50);
    CHECK(static_cast<double>(zero) / both > 0.8);
    CHECK(skew.jobs[0].completion < skew.jobs[1].completion);
}

TEST_CASE("sched lab: parse errors and the text report") {
    std::vector<gb::LabJob> jobs;
    std::string error;
    CHECK_FALSE(gb::parse_jobs("10,x", jobs, error));
    CHECK(error.find("job 1 'x'") != std::string::npos);
    CHECK_FALSE(gb::parse_jobs("1:2:3:4", jobs, error));
    CHECK_FALSE(gb::parse_jobs("0", jobs, error));
    REQUIRE(gb::parse_jobs("5, 3:4:2", jobs, error));
    CHECK(jobs[1].arrival == 3);
    CHECK(jobs[1].length == 4);
    CHECK(jobs[1].io_every == 2);

    gb::LabOptions o;
    o.sched.policy = gb::Policy::Fifo;
    auto r = gb::run_sched_lab({{0, 0, 2, 0, 0, {}}, {1, 1, 1, 0, 0, {}}}, o);
    std::string text = gb::format_lab_report(r, o);
    CHECK(text.find("    0  0   | RUN    .      | 0 arrives") != std::string::npos);
    CHECK(text.find("    1  0   | RUN    ready  | 1 arrives, 0 done") != std::string::npos);
    CHECK(text.find("average                     0.50        2.00   0.50") != std::string::npos);
}

TEST_CASE("sched lab: a job program takes exactly its length in cycles") {
    for (uint32_t len : {1u, 2u, 7u, 33u})
        for (uint32_t io : {0u, 1u, 3u}) {
            CAPTURE(len);
            CAPTURE(io);
            gb::LabJob j{0, 0, len, io, 0, {}};
            auto img = assemble_ok(gb::lab_job_program(j, 10, 2));
            gb::Config cfg;
            cfg.timer_period = 10;
            gb::Machine m(cfg);
            REQUIRE(m.load(img, "job") == 1);
            REQUIRE(m.run(100000).reason == gb::StopReason::AllDone);
            CHECK(m.thread(1).cycles_running == uint64_t{len} * 10);
            uint32_t ios = io ? (len - 1) / io : 0;
            CHECK(m.thread(1).cycles_blocked == uint64_t{ios} * 20);
        }
}

// --- the scheduler inside ordinary runs --------------------------------------

TEST_CASE("scheduler: set_priority under the priority policy") {
    gb::Config cfg;
    cfg.sched.policy = gb::Policy::Priority;
    cfg.timer_period = 10;
    gb::Machine m = boot(R"(
        .data
order:  .word 0
        .text
main:   li   r1, 0
        li   r2, 5
        sys  set_priority       ; main: 5, above the workers it creates
        li   r1, worker
        li   r2, 1
        sys  thread_create
        mov  r1, r0
        li   r2, 1
        sys  set_priority       ; worker 1: priority 1
        li   r1, worker
        li   r2, 2
        sys  thread_create
        mov  r1, r0
        li   r2, 3
        sys  set_priority       ; worker 2: priority 3, runs first
        li   r1, 0
        li   r2, 0
        sys  set_priority       ; main drops to 0: the workers go ahead of it
        mov  r5, r0             ; the old priority, 5
        halt
worker: load r2, [order]
        mul  r2, r2, 10
        add  r2, r2, r1
        store r2, [order]
        halt
)",
                         cfg);
    REQUIRE(m.run(10000).reason == gb::StopReason::AllDone);
    CHECK(global(m, "order") == 21);
    CHECK(reg(m, 5) == 5);
}

TEST_CASE("sched lab: the CLI prints the documented JSON shape") {
    std::string cmd = std::string("cd " GLASSBOX_SOURCE_DIR " && " GLASSBOX_CLI
                                  " sched --policy rr --jobs 5,5,5 --json");
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    pclose(p);
    CHECK(out ==
          "{\"jobs\":[{\"id\":0,\"arrival\":0,\"length\":5,\"response\":0,\"turnaround\":13,"
          "\"wait\":8},"
          "{\"id\":1,\"arrival\":0,\"length\":5,\"response\":1,\"turnaround\":14,\"wait\":9},"
          "{\"id\":2,\"arrival\":0,\"length\":5,\"response\":2,\"turnaround\":15,\"wait\":10}],"
          "\"average\":{\"response\":1.0,\"turnaround\":14.0,\"wait\":9.0}}\n");
}

TEST_CASE("sched lab: MLFQ, a thread preempted by a higher-level arrival is charged the tick it "
          "just ran (issue 14, bug 1)") {
    // Jobs 0:21, 0:100, 23:2; two levels, quantum 10, allotment 10 ticks.
    // Job 0 (level 1) runs ticks 20-22, job 2 arrives at 23 at level 0 and
    // takes the core for 23-24; job 0 has 7 ticks of its slice left, so it
    // runs 25-31 and job 1 gets tick 32 (before the fix it ran 25-32).
    gb::LabResult r = lab("0:21,0:100,23:2", gb::Policy::Mlfq, 10, [](gb::LabOptions& o) {
        o.sched.mlfq_levels = 2;
        o.sched.mlfq_allotment_ticks = 10;
    });
    std::string runs;
    for (uint32_t k = 20; k < 34; ++k)
        runs += std::to_string(r.timeline[k].running);
    CHECK(runs == "00022000000011");
}
