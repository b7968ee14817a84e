// Benchmarks: print figures, assert nothing (tests never time anything).
// Run: build/bench/glassbox-bench
#include "sim/asm/assembler.h"
#include "sim/kernel/machine.h"
#include "teach/program.h"

#include <chrono>
#include <cstdio>
#include <fmt/format.h>
#include <memory>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::shared_ptr<const gb::Image> build(const std::string& src) {
    gb::AsmResult r = gb::assemble(src, "bench.s", gb::default_asm_options("bench.s"));
    if (!r.ok()) {
        for (auto& e : r.errors)
            fmt::print(stderr, "{}\n", e.to_string());
        std::exit(1);
    }
    return std::make_shared<const gb::Image>(std::move(*r.image));
}

// A tight loop of loads, adds and stores on one thread.
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

void bench_run(const char* title, int cores, int threads_src, uint32_t timer) {
    (void)threads_src;
    gb::Config cfg;
    cfg.cores = cores;
    cfg.timer_period = timer;
    gb::Machine m(cfg);
    m.load(build(kLoop), "loop");
    const uint64_t n = 20'000'000;
    auto t0 = Clock::now();
    m.run(n);
    double s = seconds_since(t0);
    fmt::print("{:<44} {:>8.1f} M instructions/s  ({} instructions in {:.2f} s)\n", title,
               n / s / 1e6, n, s);
}

void bench_copy() {
    gb::Machine m;
    m.load(build(kLoop), "loop");
    m.run(1000);
    const int n = 2000;
    auto t0 = Clock::now();
    size_t sink = 0;
    for (int i = 0; i < n; ++i) {
        gb::Machine copy = m; // a snapshot, as step-back and reset use
        // Touch the copy's memory so the copy cannot be optimised away.
        copy.process(1).mem.poke32(0x10000, static_cast<uint32_t>(i));
        uint32_t v = 0;
        copy.process(1).mem.peek32(0x10000, v);
        sink += v + copy.process(1).mem.regions.back().bytes[static_cast<size_t>(i) % 64];
    }
    double s = seconds_since(t0);
    fmt::print("{:<44} {:>8.1f} µs per snapshot  ({} copies, sink {})\n", "machine snapshot (copy)",
               s / n * 1e6, n, sink);
}

void bench_assemble() {
    std::string src = ".text\nmain:\n";
    for (int i = 0; i < 4000; ++i)
        src +=
            fmt::format("l{}: add r1, r1, {}\n    load r2, [sp + 4]\n    bne l{}\n", i, i % 100, i);
    src += "halt\n";
    auto t0 = Clock::now();
    gb::AsmResult r = gb::assemble(src, "big.s");
    double s = seconds_since(t0);
    if (!r.ok()) fmt::print(stderr, "{}\n", r.errors.front().to_string());
    fmt::print("{:<44} {:>8.1f} k lines/s  ({} lines in {:.3f} s, ok={})\n", "assembler",
               12001 / s / 1e3, 12001, s, r.ok());
}

} // namespace

int main() {
    bench_run("1 core, timer 100 (no other threads)", 1, 1, 100);
    bench_run("1 core, timer 1 (an interrupt per cycle)", 1, 1, 1);
    bench_run("8 cores, 1 thread (7 idle cores)", 8, 1, 100);
    bench_copy();
    bench_assemble();
    return 0;
}
