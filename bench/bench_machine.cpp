// Benchmarks: print figures, assert nothing (tests never time anything).
// Run: build/bench/glassbox-bench [--quick]
//
// What each line measures is in docs/engine.md: the tight loop beside the
// same loop compiled natively, the timer every cycle, 8 cores, the race
// runner, a server under load, step back after 10 million instructions, a
// snapshot copy, and the exact path (step) for comparison.
#include "sim/asm/assembler.h"
#include "sim/kernel/machine.h"
#include "teach/event_words.h"
#include "teach/loader.h"
#include "teach/program.h"
#include "teach/session.h"
#include "teach/timeline_density.h"
#include "teach/viewmodel.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <memory>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Figures are per second of this process's CPU time: the machine the
// benchmark runs on may be shared, and waiting for a CPU is not the
// simulator's time. The wall-clock time is printed beside them.
struct Timer {
    Clock::time_point wall = Clock::now();
    std::clock_t cpu = std::clock();
    double cpu_seconds() const { return static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC; }
    double wall_seconds() const { return seconds_since(wall); }
};

std::shared_ptr<const gb::Image> build(const std::string& src) {
    gb::AsmResult r = gb::assemble(src, "bench.s", gb::default_asm_options("bench.s"));
    if (!r.ok()) {
        for (auto& e : r.errors)
            fmt::print(stderr, "{}\n", e.to_string());
        std::exit(1);
    }
    return std::make_shared<const gb::Image>(std::move(*r.image));
}

std::shared_ptr<const gb::Image> build_file(const std::string& path) {
    gb::AsmResult r = gb::assemble_file(path, gb::default_asm_options(path));
    if (!r.ok()) {
        for (auto& e : r.errors)
            fmt::print(stderr, "{}\n", e.to_string());
        std::exit(1);
    }
    return std::make_shared<const gb::Image>(std::move(*r.image));
}

// A tight loop of loads, adds and stores on one thread: 6 instructions a pass.
constexpr int kLoopInstructions = 6;
const char* kLoop = R"(
        .data
count:  .word 0
        .text
main:   li   r2, 100000000
again:  load  r3, [count]
        add   r3, r3, 1
        store r3, [count]
        sub   r2, r2, 1
        cmp   r2, 0
        bne   again
        halt
)";

void line(const std::string& title, const std::string& figure, const std::string& detail) {
    fmt::print("{:<46} {:>24}  {}\n", title, figure, detail);
}

// The same loop in C++: the counter lives in memory (volatile), as the guest's does.
double native_loop_seconds(uint64_t passes) {
    static volatile uint32_t count = 0;
    Timer t;
    for (uint64_t r2 = passes; r2 != 0; --r2) {
        uint32_t r3 = count;
        r3 += 1;
        count = r3;
    }
    return t.cpu_seconds();
}

// Runs `m` for `n` instructions with run(); returns instructions per CPU second.
double run_rate(gb::Machine& m, uint64_t n, double* wall = nullptr) {
    Timer t;
    uint64_t done = 0;
    while (done < n) {
        gb::RunResult r = m.run(n - done);
        done += r.steps;
        if (r.reason == gb::StopReason::AllDone || r.reason == gb::StopReason::Deadlock ||
            (r.steps == 0 && r.reason != gb::StopReason::Budget))
            break;
    }
    if (wall) *wall = t.wall_seconds();
    return static_cast<double>(done) / t.cpu_seconds();
}

std::string mips(double per_second) {
    return fmt::format("{:.1f} M instr/s", per_second / 1e6);
}

void bench_loop(uint64_t n) {
    gb::Machine m;
    m.load(build(kLoop), "loop");
    double wall = 0;
    double rate = run_rate(m, n, &wall);
    uint64_t passes = n / kLoopInstructions;
    double native = native_loop_seconds(passes);
    double native_rate = static_cast<double>(passes * kLoopInstructions) / native;
    line("1 core, timer 100: load/add/store loop", mips(rate),
         fmt::format("{} instructions, {:.2f} s wall", n, wall));
    line("  the same loop compiled natively (C++)", mips(native_rate),
         fmt::format("{} passes in {:.3f} s", passes, native));
    line("  native / simulated", fmt::format("{:.0f}x", native_rate / rate), "");
}

void bench_timer_every_cycle(uint64_t n) {
    gb::Config cfg;
    cfg.timer_period = 1;
    gb::Machine m(cfg);
    m.load(build(kLoop), "loop");
    line("1 core, timer 1 (an interrupt every cycle)", mips(run_rate(m, n)),
         fmt::format("{} instructions", n));
}

void bench_exact_path(uint64_t n) {
    gb::Machine m;
    m.load(build(kLoop), "loop");
    Timer t;
    for (uint64_t i = 0; i < n; ++i)
        m.step();
    double s = t.cpu_seconds();
    line("1 core, timer 100, one step() at a time", mips(static_cast<double>(n) / s),
         fmt::format("{} instructions (the exact path)", n));
}

// 8 cores, 8 threads each counting in a word of its own stack.
void bench_eight_cores(uint64_t n) {
    const char* src = R"(
        .text
main:   li   r6, 7
spawn:  li   r1, worker
        sys  thread_create
        sub  r6, r6, 1
        cmp  r6, 0
        bne  spawn
worker: push r0
        li   r2, 100000000
again:  load  r3, [sp + 0]
        add   r3, r3, 1
        store r3, [sp + 0]
        sub   r2, r2, 1
        cmp   r2, 0
        bne   again
        halt
)";
    gb::Config cfg;
    cfg.cores = 8;
    gb::Machine m(cfg);
    m.load(build(src), "eight");
    line("8 cores, 8 threads, timer 100", mips(run_rate(m, n)), fmt::format("{} instructions", n));
}

// The race runner: two threads running the tight loop on one counter, switched every 7 cycles.
void bench_race(uint64_t n) {
    gb::Config cfg;
    cfg.timer_period = 7;
    gb::Machine m(cfg);
    m.load_threads(build(kLoop), "race", 2, {});
    line("race runner: 2 threads, timer 7", mips(run_rate(m, n)),
         fmt::format("{} instructions", n));
    // Timer 1 with a rival: every instruction ends a slice and switches.
    cfg.timer_period = 1;
    gb::Machine every(cfg);
    every.load_threads(build(kLoop), "race", 2, {});
    line("race runner: 2 threads, timer 1", mips(run_rate(every, n / 10)),
         fmt::format("{} instructions (a switch after each)", n / 10));
    // A switch of 10 million cycles at timer 1: its ticks are taken in
    // closed form, so the host's time follows the instructions, not the cycles.
    cfg.thread_switch_cost = 10'000'000;
    gb::Machine costly(cfg);
    costly.load_threads(build(kLoop), "race", 2, {});
    Timer t;
    run_rate(costly, 1000);
    line("  the same, switch cost 10 M cycles", fmt::format("{:.2f} ms", t.cpu_seconds() * 1e3),
         fmt::format("1000 instructions, {} cycles", costly.now));
}

// A thread-per-connection server under the seeded load generator.
void bench_server(const std::string& root) {
    std::string path = root + "/programs/servers/thread_per_connection.s";
    if (!std::filesystem::exists(path)) return;
    gb::Config cfg;
    cfg.io.load.clients = 6; // with main, 7 threads: a process may have 8
    cfg.io.load.requests = 2000;
    cfg.io.load.think = 50;
    gb::Machine m(cfg);
    gb::install_file_loaders(m, path);
    m.load(build_file(path), "server");
    Timer t;
    uint64_t done = 0;
    for (int i = 0; i < 1000 && done < 20'000'000; ++i) {
        gb::RunResult r = m.run(20'000'000 - done);
        done += r.steps;
        if (r.reason != gb::StopReason::Budget && r.reason != gb::StopReason::Breakpoint &&
            r.reason != gb::StopReason::Watchpoint && r.reason != gb::StopReason::Fault)
            break;
    }
    double s = t.cpu_seconds();
    line("server under load (6 clients, thread each)", mips(static_cast<double>(done) / s),
         fmt::format("{} instructions, {} events, cycle {}", done, m.log.events.size(), m.now));
}

// Step back by one instruction after 10 million, through the session.
void bench_step_back(const std::string& root) {
    (void)root;
    std::filesystem::path tmp = std::filesystem::temp_directory_path() / "glassbox_bench_loop.s";
    {
        std::ofstream f(tmp);
        f << kLoop;
    }
    gb::Session s;
    if (!s.load(tmp.string())) return;
    Timer t;
    s.step_n(10'000'000);
    double run = t.cpu_seconds();
    Clock::time_point t0 = Clock::now(); // wall time: what a user waits
    s.step_back();
    double back = seconds_since(t0);
    line("session: 10 M instructions (with checkpoints)",
         mips(static_cast<double>(s.machine().instructions + 1) / run),
         fmt::format("{} checkpoints", s.checkpoints()));
    line("session: step back one instruction after 10 M", fmt::format("{:.3f} ms wall", back * 1e3),
         fmt::format("now at {}", s.machine().instructions));
    line("session: the checkpoints' own bytes",
         fmt::format("{:.1f} KiB", static_cast<double>(s.checkpoint_bytes()) / 1024),
         fmt::format("{} checkpoints of a machine mapping {} bytes", s.checkpoints(),
                     s.machine().process(1).mem.mapped_bytes()));
    std::filesystem::remove(tmp);
}

void bench_copy() {
    gb::Machine m;
    m.load(build(kLoop), "loop");
    m.run(1000);
    const int n = 2000;
    Timer t;
    size_t sink = 0;
    for (int i = 0; i < n; ++i) {
        gb::Machine copy = m; // a snapshot, as step-back and reset use
        // Touch the copy's memory so the copy cannot be optimised away.
        copy.process(1).mem.poke32(0x10000, static_cast<uint32_t>(i));
        uint32_t v = 0;
        copy.process(1).mem.peek32(0x10000, v);
        sink += v + copy.process(1).mem.regions.back().bytes[static_cast<size_t>(i) % 64];
    }
    double s = t.cpu_seconds();
    line("machine snapshot (copy)", fmt::format("{:.1f} us", s / n * 1e6),
         fmt::format("{} copies, sink {}", n, sink));
}

// A snapshot of a machine whose event log holds 100,000 events: the log's
// full chunks are shared with the copy, only its tail is copied.
void bench_copy_big_log() {
    gb::Machine m;
    m.load(build(kLoop), "loop");
    m.run(1000);
    for (int i = 0; i < 100000; ++i) {
        gb::Event e;
        e.cycle = static_cast<uint64_t>(i);
        e.msg = gb::Msg::ThreadArrives;
        e.args[0] = i;
        m.log.add(e);
    }
    const int n = 500;
    Timer t;
    size_t sink = 0;
    for (int i = 0; i < n; ++i) {
        gb::Machine copy = m;
        sink += copy.log.events.size() + copy.log.events.tail_size();
    }
    double s = t.cpu_seconds();
    size_t shared = 0;
    for (const auto& c : m.log.events.chunks())
        shared += c->size() * sizeof(gb::Event);
    line("machine snapshot, 100 k events in the log", fmt::format("{:.1f} us", s / n * 1e6),
         fmt::format("{} events: {:.1f} MB shared in {} chunks, {} events copied; sink {}",
                     m.log.events.size(), static_cast<double>(shared) / 1e6,
                     m.log.events.chunks().size(), m.log.events.tail_size(), sink));
}

// Wording the events of a server run (what the dashboard's filter and the
// CLI's --events do): events per second, English and Korean.
void bench_event_words(const std::string& root) {
    std::string path = root + "/programs/servers/event_loop.s";
    if (!std::filesystem::exists(path)) return;
    gb::Config cfg;
    cfg.io.load.clients = 6;
    cfg.io.load.requests = 500;
    gb::Machine m(cfg);
    gb::install_file_loaders(m, path);
    m.load(build_file(path), "server");
    m.run(50'000'000);
    for (gb::Lang lang : {gb::Lang::En, gb::Lang::Ko}) {
        Timer t;
        size_t bytes = 0;
        for (const gb::Event& e : m.log.events)
            bytes += gb::event_text(e, m.log, lang).size();
        double s = t.cpu_seconds();
        line(lang == gb::Lang::En ? "event words (English)" : "event words (Korean)",
             fmt::format("{:.2f} M events/s", static_cast<double>(m.log.events.size()) / s / 1e6),
             fmt::format("{} events, {} bytes of text", m.log.events.size(), bytes));
    }
}

// The dashboard's timeline in "fit" view: every lane's density bins over
// the whole run, as each frame at full speed asks for them, read from every
// segment (lane_density) and from running totals (DensityIndex).
void bench_density() {
    gb::Machine m;
    m.load_threads(build(kLoop), "race", 2, {});
    while (m.log.events.size() < 190'000 && !m.all_done())
        m.run(1'000'000);
    gb::view::TimelineBuilder builder;
    const gb::view::Timeline& tl = builder.update(m);
    Timer build_t;
    gb::DensityIndex cores, threads;
    cores.update(tl.cores, builder.closed_cores(), builder.epoch());
    threads.update(tl.threads, builder.closed_threads(), builder.epoch());
    double index_ms = build_t.cpu_seconds() * 1e3;
    const int columns = 1100, frames = 50;
    auto v0 = static_cast<double>(tl.start), v1 = static_cast<double>(tl.end);
    size_t sink = 0;
    auto frame = [&](bool fast) {
        for (size_t ci = 0; ci < m.cores.size(); ++ci)
            sink += fast ? cores.bins(static_cast<int>(ci), v0, v1, columns).size()
                         : gb::lane_density(tl.cores, static_cast<int>(ci), v0, v1, columns).size();
        for (int tid : tl.thread_lanes)
            sink += fast ? threads.bins(tid, v0, v1, columns).size()
                         : gb::lane_density(tl.threads, tid, v0, v1, columns).size();
    };
    for (bool fast : {false, true}) {
        Timer t;
        for (int i = 0; i < frames; ++i)
            frame(fast);
        line(fast ? "  the same from running totals" : "timeline bins, fit view, every lane",
             fmt::format("{:.3f} ms/frame", t.cpu_seconds() * 1e3 / frames),
             fmt::format("{} segments, {} lanes, {} columns{}", tl.cores.size() + tl.threads.size(),
                         m.cores.size() + tl.thread_lanes.size(), columns,
                         fast ? fmt::format("; index built in {:.1f} ms", index_ms) : ""));
    }
    if (sink == 0) fmt::print("(no bins)\n");
}

void bench_assemble() {
    std::string src = ".text\nmain:\n";
    for (int i = 0; i < 4000; ++i)
        src +=
            fmt::format("l{}: add r1, r1, {}\n    load r2, [sp + 4]\n    bne l{}\n", i, i % 100, i);
    src += "halt\n";
    Timer t;
    gb::AsmResult r = gb::assemble(src, "big.s");
    double s = t.cpu_seconds();
    if (!r.ok()) fmt::print(stderr, "{}\n", r.errors.front().to_string());
    line("assembler", fmt::format("{:.1f} k lines/s", 12001 / s / 1e3),
         fmt::format("{} lines in {:.3f} s, ok={}", 12001, s, r.ok()));
}

} // namespace

int main(int argc, char** argv) {
    bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    const uint64_t n = quick ? 20'000'000 : 200'000'000;
    const std::string root = GLASSBOX_SOURCE_DIR;
    bench_loop(n);
    bench_timer_every_cycle(n / 4);
    bench_exact_path(n / 20);
    bench_eight_cores(n / 2);
    bench_race(n / 4);
    bench_server(root);
    bench_step_back(root);
    bench_copy();
    bench_copy_big_log();
    bench_event_words(root);
    bench_density();
    bench_assemble();
    return 0;
}
