// The race lessons as properties: context switches are invisible to
// programs that share nothing; a locked counter never loses an update, on
// any timer period and any number of cores, while the racy one does.
#include "helpers.h"

#include <cstdio>
#include <sys/wait.h>

using namespace gbtest;
using gb::Machine;

namespace {

// Three threads that share nothing: each works on its own stack and writes
// only its own result slot.
const char* kPrivateWork = R"(
        .data
results: .space 12
        .text
main:   li   r1, fib
        li   r2, 20
        sys  thread_create
        mov  r5, r0
        li   r1, sum
        li   r2, 300
        sys  thread_create
        mov  r6, r0
        li   r1, fact
        li   r2, 10
        sys  thread_create
        mov  r7, r0
        mov  r1, r5
        sys  thread_join
        mov  r1, r6
        sys  thread_join
        mov  r1, r7
        sys  thread_join
        halt
fib:    li   r2, 0              ; fib(20) iteratively, values kept on the stack
        li   r3, 1
again:  push r2
        push r3
        pop  r3
        pop  r2
        add  r4, r2, r3
        mov  r2, r3
        mov  r3, r4
        sub  r1, r1, 1
        cmp  r1, 1
        bgt  again
        li   r5, results
        store r3, [r5]
        ret
sum:    li   r2, 0
s_loop: add  r2, r2, r1
        sub  r1, r1, 1
        cmp  r1, 0
        bgt  s_loop
        li   r5, results
        store r2, [r5 + 4]
        ret
fact:   li   r2, 1
f_loop: mul  r2, r2, r1
        sub  r1, r1, 1
        cmp  r1, 0
        bgt  f_loop
        li   r5, results
        store r2, [r5 + 8]
        ret
)";

struct Outcome {
    std::vector<int32_t> results;
    std::vector<uint32_t> exit_values;
    uint64_t instructions = 0;
    bool operator==(const Outcome&) const = default;
};

Outcome private_work(uint32_t timer, int cores) {
    gb::Config cfg;
    cfg.timer_period = timer;
    cfg.cores = cores;
    Machine m = boot(kPrivateWork, cfg);
    REQUIRE(m.run(1'000'000).reason == gb::StopReason::AllDone);
    Outcome o;
    const gb::Process& p = m.process(1);
    for (uint32_t a = 0; a < 12; a += 4) {
        uint32_t v = 0;
        REQUIRE(p.mem.peek32(0x10000 + a, v));
        o.results.push_back(static_cast<int32_t>(v));
    }
    for (const gb::Thread& t : m.threads)
        o.exit_values.push_back(t.exit_value);
    o.instructions = m.instructions;
    return o;
}

int switches(const Machine& m) {
    int n = 0;
    for (const gb::Event& e : m.log.events)
        if (e.kind == gb::EventKind::Switch && e.tid && e.other && e.tid != e.other) ++n;
    return n;
}

// Runs a race-runner program: `threads` threads at main, each with r1 = loops.
Machine race(const std::string& file, int threads, int loops, uint32_t timer, int cores) {
    std::string path = std::string(GLASSBOX_SOURCE_DIR "/programs/") + file;
    gb::AsmResult r = gb::assemble_file(path, gb::default_asm_options(path));
    REQUIRE(r.ok());
    gb::Config cfg;
    cfg.timer_period = timer;
    cfg.cores = cores;
    cfg.thread_switch_cost = 0;
    Machine m(cfg);
    std::vector<std::vector<std::pair<int, uint32_t>>> regs(static_cast<size_t>(threads),
                                                            {{1, static_cast<uint32_t>(loops)}});
    REQUIRE(m.load_threads(std::make_shared<const gb::Image>(std::move(*r.image)), file, threads,
                           regs) == 1);
    REQUIRE(m.run(10'000'000).reason == gb::StopReason::AllDone);
    return m;
}

std::string run_cli(const std::string& args) {
    std::string cmd =
        std::string("cd " GLASSBOX_SOURCE_DIR " && " GLASSBOX_CLI " ") + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    pclose(p);
    return out;
}

} // namespace

TEST_CASE("context switches are invisible: programs that share nothing end the same for timer "
          "periods 1..50") {
    Outcome reference = private_work(1000000, 1); // practically no preemption
    CHECK(reference.results == std::vector<int32_t>{6765, 45150, 3628800});
    for (uint32_t timer = 1; timer <= 50; ++timer)
        for (int cores : {1, 2}) {
            CAPTURE(timer);
            CAPTURE(cores);
            CHECK(private_work(timer, cores) == reference);
        }
    // ... and the switches really happened.
    gb::Config cfg;
    cfg.timer_period = 3;
    Machine m = boot(kPrivateWork, cfg);
    REQUIRE(m.run(1'000'000).reason == gb::StopReason::AllDone);
    CHECK(switches(m) > 300);
}

TEST_CASE("context switches are invisible between processes too") {
    const char* prog = R"(
        .data
out:    .word 0
        .text
main:   li   r1, 500
        li   r2, 0
again:  mul  r3, r1, r1
        add  r2, r2, r3
        sub  r1, r1, 1
        cmp  r1, 0
        bgt  again
        store r2, [out]
        mov  r0, r2
        ret
)";
    for (uint32_t timer : {1u, 2u, 5u, 13u, 50u}) {
        gb::Config cfg;
        cfg.timer_period = timer;
        Machine m(cfg);
        auto img = assemble_ok(prog);
        REQUIRE(m.load(img, "a") == 1);
        REQUIRE(m.load(img, "b") == 2);
        REQUIRE(m.run(1'000'000).reason == gb::StopReason::AllDone);
        CHECK(global(m, "out", 1) == 41791750);
        CHECK(global(m, "out", 2) == 41791750);
        if (timer < 50) CHECK(switches(m) > 10);
    }
}

TEST_CASE("race: the locked counters never lose an update (timer 1..50, cores 1..4)") {
    const int loops = 40;
    for (int cores = 1; cores <= 4; ++cores)
        for (uint32_t timer = 1; timer <= 50; ++timer) {
            CAPTURE(cores);
            CAPTURE(timer);
            Machine spin = race("looping_race_lock.s", 3, loops, timer, cores);
            CHECK(global(spin, "count") == 3 * loops);
            CHECK(global(spin, "lock") == 0);
        }
}

TEST_CASE(
    "race: the mutex and fetch-and-add counters never lose an update (timer 1..50, cores 1..4)") {
    for (const char* file : {"programs/counter_mutex.s", "programs/counter_fadd.s"})
        for (int cores = 1; cores <= 4; ++cores)
            for (uint32_t timer = 1; timer <= 50; timer += 1) {
                CAPTURE(file);
                CAPTURE(cores);
                CAPTURE(timer);
                gb::Config cfg;
                cfg.cores = cores;
                cfg.timer_period = timer;
                Machine m = boot_file(file, cfg);
                REQUIRE(m.run(10'000'000).reason == gb::StopReason::AllDone);
                CHECK(global(m, "count") == 2000);
            }
}

TEST_CASE("race: the racy counter loses updates for some timer periods, and never gains any") {
    const int loops = 40;
    int lossy = 0, exact = 0;
    for (int cores = 1; cores <= 4; ++cores)
        for (uint32_t timer = 1; timer <= 50; ++timer) {
            Machine m = race("looping_race_nolock.s", 2, loops, timer, cores);
            int32_t count = global(m, "count");
            CHECK(count <= 2 * loops);
            CHECK(count >= 2);
            (count < 2 * loops ? lossy : exact)++;
        }
    CHECK(lossy > 20);
    CHECK(exact > 0); // with a long enough slice, each thread finishes in one go
    // The textbook cases: 2 threads × 3 loops, timer 1 alternates instruction by instruction.
    CHECK(global(race("looping_race_nolock.s", 2, 3, 1, 1), "count") == 3);
    CHECK(global(race("looping_race_nolock.s", 2, 3, 100, 1), "count") == 6);
    // race.s under its own comment's suggestion.
    gb::Config cfg;
    cfg.timer_period = 7;
    Machine m = boot_file("programs/race.s", cfg);
    REQUIRE(m.run(10'000'000).reason == gb::StopReason::AllDone);
    CHECK(global(m, "count") < 2000);
}

TEST_CASE("race runner: thread i gets the i-th register list") {
    Machine m(gb::Config{});
    auto img = assemble_ok("main: halt\n");
    REQUIRE(m.load_threads(img, "t", 3, {{{1, 7}, {2, 8}}, {{1, 9}}}) == 1);
    REQUIRE(m.threads.size() == 3);
    CHECK(m.thread(1).ctx.regs[1] == 7);
    CHECK(m.thread(1).ctx.regs[2] == 8);
    CHECK(m.thread(2).ctx.regs[1] == 9);
    CHECK(m.thread(3).ctx.regs[1] == 0);
    for (int t = 1; t <= 3; ++t)
        CHECK(m.thread(t).ctx.pc == img->entry);
    REQUIRE(m.run(100).reason == gb::StopReason::AllDone);
}

TEST_CASE("race runner: the CLI prints the final values and the interleaving") {
    std::string base =
        "run programs/looping_race_nolock.s --threads 2 --regs \"r1=3;r1=3\" --quantum 1 "
        "--switch-cost 0 --show count";
    CHECK(run_cli(base + " --timer 1").find("count = 3\n") != std::string::npos);
    CHECK(run_cli(base + " --timer 3").find("count = 6\n") != std::string::npos);
    std::string trace = run_cli(base + " --timer 4 --trace");
    CHECK(trace.find("  cycle     count  | thread 1                    | thread 2") !=
          std::string::npos);
    CHECK(trace.find("      4            | ------ timer ------         | ------ timer ------") !=
          std::string::npos);
    CHECK(
        trace.find("      4         1  |                             | 0x01000 load r2, [count]") !=
        std::string::npos);
    CHECK(run_cli("run programs/hello.s --regs r1=3").find("--regs needs --threads") !=
          std::string::npos);
    CHECK(run_cli("run programs/looping_race_nolock.s --threads 2 --show nothing")
              .find("'nothing' is not a label") != std::string::npos);
}
