// The kernel: processes (fork, wait, spawn, exit), threads and their
// states, cores, context switches, the heap and shared libraries.
#include "helpers.h"
#include "sim/asm/file_text.h"
#include "sim/isa/memlayout.h"
#include "sim/kernel/shared_lib.h"
#include "teach/loader.h"

#include "teach/event_words.h"
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iterator>

using namespace gbtest;
using gb::Machine;

namespace {

const std::string kPrograms = GLASSBOX_SOURCE_DIR "/programs/";

// Runs to the end and requires that everything ended normally.
void run_to_end(Machine& m, uint64_t budget = 1'000'000) {
    auto r = m.run(budget);
    INFO(gb::stop_text(m));
    REQUIRE(r.reason == gb::StopReason::AllDone);
}

} // namespace

// --- processes -------------------------------------------------------------

TEST_CASE("kernel: fork copies the address space; the same address then holds different values") {
    Machine m = boot(R"(
        .data
value:  .word 1
forked: .word -5            ; what fork returned, as each process saw it
kept:   .word 0             ; r7 as the child saw it
        .text
main:   li   r7, 1234
        li   r0, 55         ; fork must overwrite this in both processes
        sys  fork           ; parent: r0 = child pid; child: r0 = 0
        store r0, [forked]
        cmp  r0, 0
        bne  parent
        store r7, [kept]    ; the child continues with the parent's registers
        li   r1, 100
        store r1, [value]   ; only the child's copy changes
        li   r0, 9
        ret                 ; exit(9)
parent: li   r1, 0
        sys  wait           ; r0 = pid, r1 = exit code
        mov  r5, r0
        mov  r6, r1
        halt
)");
    run_to_end(m);
    REQUIRE(m.processes.size() == 2);
    const gb::Process& child = m.process(2);
    CHECK(child.parent == 1);
    CHECK(child.exit_code == 9);
    CHECK(child.state == gb::ProcessState::Reaped);
    // One virtual address, two values.
    CHECK(global(m, "value", 1) == 1);
    CHECK(global(m, "value", 2) == 100);
    CHECK(global(m, "forked", 1) == 2);
    CHECK(global(m, "forked", 2) == 0);
    CHECK(global(m, "kept", 2) == 1234);
    CHECK(global(m, "kept", 1) == 0);
    // wait told the parent who ended and how.
    CHECK(reg(m, 5, 1) == 2);
    CHECK(reg(m, 6, 1) == 9);
    // The child's thread used the same stack slot (same stack addresses).
    CHECK(m.thread(2).slot == m.thread(1).slot);
    CHECK(m.thread(2).pid == 2);
}

TEST_CASE("kernel: fork copies only the calling thread, and its stack contents") {
    Machine m = boot(R"(
        .data
depth:  .word 0
        .text
main:   li   r1, worker
        li   r2, 0
        sys  thread_create
        mov  r1, r0
        sys  thread_join
        halt
worker: li   r3, 77
        push r3             ; something on this thread's stack
        sys  fork
        cmp  r0, 0
        bne  done
        pop  r4             ; the child pops the copied stack word
        store r4, [depth]
        sys  gettid
        halt
done:   li   r1, 0
        sys  wait
        pop  r4
        ret
)");
    run_to_end(m);
    REQUIRE(m.processes.size() == 2);
    const gb::Process& child = m.process(2);
    REQUIRE(child.threads.size() == 1);
    CHECK(global(m, "depth", 2) == 77);
    CHECK(global(m, "depth", 1) == 0);
    // The child's single thread is a copy of the worker (tid 2), not of main.
    CHECK(m.thread(child.threads[0]).slot == m.thread(2).slot);
    CHECK(m.thread(child.threads[0]).name == m.thread(2).name);
}

TEST_CASE("kernel: wait collects a child that already ended, and returns -1 without children") {
    Machine m = boot(R"(
main:   sys  fork
        cmp  r0, 0
        beq  child
        li   r1, 1000
        sys  sleep          ; the child ends meanwhile (a zombie until waited for)
        li   r1, 0
        sys  wait
        mov  r5, r0
        mov  r6, r1
        li   r1, 0
        sys  wait           ; no children left
        mov  r7, r0
        halt
child:  li   r1, 3
        sys  exit
)");
    run_to_end(m);
    CHECK(reg(m, 5) == 2);
    CHECK(reg(m, 6) == 3);
    CHECK(reg(m, 7) == -1);
    CHECK(m.process(2).state == gb::ProcessState::Reaped);
}

TEST_CASE("kernel: spawn assembles and starts another program file") {
    Machine m = boot(R"(
        .data
path:   .string "hello.s"
nope:   .string "no_such_program.s"
        .text
main:   li   r1, nope
        sys  spawn
        mov  r7, r0         ; -1: no such file
        li   r1, path
        sys  spawn
        mov  r5, r0
        mov  r1, r0
        sys  wait
        mov  r6, r1
        halt
)");
    gb::install_file_loaders(m, kPrograms + "test.s");
    run_to_end(m);
    CHECK(reg(m, 7) == -1);
    CHECK(reg(m, 5) == 2);
    CHECK(reg(m, 6) == 0);
    CHECK(m.process(2).name == "hello.s");
    CHECK(m.process(2).parent == 1);
    CHECK(m.console == "Hello, world!\n");
    // The child has its own image: nothing is shared with the parent.
    CHECK(m.process(2).image != m.process(1).image);
}

TEST_CASE("kernel: spawn without a loader returns -1") {
    Machine m = boot(R"(
        .data
path:   .string "hello.s"
        .text
main:   li   r1, path
        sys  spawn
        halt
)");
    run_to_end(m);
    CHECK(reg(m, 0) == -1);
    CHECK(m.processes.size() == 1);
}

// --- threads ---------------------------------------------------------------

TEST_CASE("kernel: returning from a thread's function or halting ends only that thread") {
    Machine m = boot(R"(
main:   li   r1, returns
        li   r2, 5
        sys  thread_create
        mov  r1, r0
        sys  thread_join    ; r0 ← 6, the value the thread returned
        mov  r5, r0
        li   r1, halts
        sys  thread_create
        mov  r1, r0
        sys  thread_join    ; r0 ← 42, r0 at its halt
        mov  r6, r0
        li   r0, 3
        ret                 ; main returns: exit(3)
returns: add r0, r1, 1
        ret
halts:  li   r0, 42
        halt
)");
    run_to_end(m);
    CHECK(reg(m, 5) == 6);
    CHECK(reg(m, 6) == 42);
    CHECK(m.process(1).exit_code == 3);
    for (int tid : {1, 2, 3})
        CHECK(m.thread(tid).state == gb::ThreadState::Done);
    CHECK(m.thread(2).exit_value == 6);
}

TEST_CASE("kernel: a process ends when its last thread ends, or when any thread calls exit") {
    SUBCASE("last thread") {
        Machine m = boot(R"(
main:   li   r1, worker
        li   r2, 0
        sys  thread_create
        li   r1, 1
        sys  thread_exit    ; main ends, the worker runs on
worker: li   r1, 200
        sys  sleep
        li   r0, 8
        halt                ; the last thread: the process exits with 8
)");
        run_to_end(m);
        CHECK(m.process(1).exited);
        CHECK(m.process(1).exit_code == 8);
        CHECK(m.thread(1).exit_value == 1);
        CHECK(m.thread(2).finished > m.thread(1).finished);
    }
    SUBCASE("exit from any thread") {
        Machine m = boot(R"(
main:   li   r1, worker
        li   r2, 0
        sys  thread_create
        mov  r1, r0
        sys  thread_join    ; never returns: the worker ends the whole process
        li   r5, 99
        halt
worker: li   r1, 4
        sys  exit
)");
        run_to_end(m);
        CHECK(m.process(1).exit_code == 4);
        CHECK(reg(m, 5) == 0);
        CHECK(m.thread(1).state == gb::ThreadState::Done);
    }
}

TEST_CASE("kernel: thread states new → ready → running → blocked(reason) → done") {
    Machine m = boot(R"(
main:   li   r1, worker
        li   r2, 0
        sys  thread_create
        mov  r1, r0
        sys  thread_join
        halt
worker: li   r1, 500
        sys  sleep
        halt
)");
    CHECK(m.thread(1).state == gb::ThreadState::Ready);
    m.step();
    CHECK(m.thread(1).state == gb::ThreadState::Running);
    m.step();
    m.step(); // thread_create
    REQUIRE(m.threads.size() == 2);
    CHECK(m.thread(2).state == gb::ThreadState::Ready);
    m.step();
    m.step(); // thread_join: main blocks
    CHECK(m.thread(1).state == gb::ThreadState::Blocked);
    CHECK(m.thread(1).reason == gb::BlockReason::Join);
    CHECK(m.thread(1).wait_on == 2);
    m.step();
    m.step(); // the worker sleeps
    CHECK(m.thread(2).state == gb::ThreadState::Blocked);
    CHECK(m.thread(2).reason == gb::BlockReason::Sleep);
    run_to_end(m);
    CHECK(m.thread(2).state == gb::ThreadState::Done);
    CHECK(m.thread(2).cycles_blocked >= 500);
    CHECK(m.now >= 500);
    // A thread created to arrive later stays New until then.
    Machine late(gb::Config{});
    REQUIRE(late.load(assemble_ok("main: halt\n"), "late", 0, 1000) == 1);
    CHECK(late.thread(1).state == gb::ThreadState::New);
    run_to_end(late);
    CHECK(late.thread(1).arrival == 1000);
    CHECK(late.thread(1).first_run == 1000);
}

TEST_CASE("kernel: globals and the heap are shared; stacks and thread-local blocks are private") {
    Machine m = boot(R"(
        .data
shared: .word 0
block:  .word 0
sp2:    .word 0
sp3:    .word 0
        .tls
mine:   .word 5
        .text
main:   li   r1, 4
        li   r2, 0
        sys  malloc
        store r0, [block]
        li   r1, worker
        li   r2, 1
        sys  thread_create
        mov  r5, r0
        li   r1, worker
        li   r2, 2
        sys  thread_create
        mov  r6, r0
        mov  r1, r5
        sys  thread_join
        mov  r1, r6
        sys  thread_join
        load r7, [tp + mine]    ; main's own copy: still 5
        load r8, [block]
        load r8, [r8]           ; both workers' increments
        halt
worker: store r1, [tp + mine]   ; a private copy
        li   r2, shared
        fadd r3, r1, [r2]       ; shared += arg
        load r2, [block]
        li   r3, 1
        fadd r4, r3, [r2]       ; heap word += 1
        push r1                 ; something on the private stack
        sys  gettid
        shl  r4, r0, 2          ; tid 2 → sp2 (data + 8), tid 3 → sp3 (data + 12)
        li   r9, 0x10000
        add  r4, r4, r9
        store sp, [r4]
        pop  r1
        load r0, [tp + mine]
        ret
)");
    run_to_end(m);
    CHECK(global(m, "shared") == 3);
    CHECK(reg(m, 8) == 2);
    CHECK(reg(m, 7) == 5);
    // Each worker saw its own thread-local value and returned it.
    CHECK(m.thread(2).exit_value == 1);
    CHECK(m.thread(3).exit_value == 2);
    // Their stacks were in different places.
    int32_t s2 = global(m, "sp2"), s3 = global(m, "sp3");
    CHECK(s2 != s3);
    CHECK(static_cast<uint32_t>(s2) == gb::layout::stack_top(m.thread(2).slot) - 8);
    CHECK(static_cast<uint32_t>(s3) == gb::layout::stack_top(m.thread(3).slot) - 8);
    CHECK(m.thread(2).slot != m.thread(3).slot);
}

// --- cores and switches ----------------------------------------------------

namespace {
const char* kTwoWorkers = R"(
main:   li   r1, worker
        li   r2, 0
        sys  thread_create
        mov  r5, r0
        li   r1, worker
        sys  thread_create
        mov  r1, r5
        mov  r5, r0
        sys  thread_join
        mov  r1, r5
        sys  thread_join
        halt
worker: li   r2, 2000
again:  sub  r2, r2, 1
        cmp  r2, 0
        bne  again
        ret
)";
} // namespace

TEST_CASE("cores: two independent threads on two cores take about half the time") {
    gb::Config one;
    one.cores = 1;
    gb::Config two = one;
    two.cores = 2;
    Machine a = boot(kTwoWorkers, one);
    Machine b = boot(kTwoWorkers, two);
    run_to_end(a);
    run_to_end(b);
    CHECK(a.instructions == b.instructions); // the same work
    double ratio = static_cast<double>(b.now) / static_cast<double>(a.now);
    CAPTURE(a.now);
    CAPTURE(b.now);
    CHECK(ratio > 0.45);
    CHECK(ratio < 0.55);
    // Both cores did real work.
    CHECK(b.cores[0].busy_cycles > 4000);
    CHECK(b.cores[1].busy_cycles > 4000);
}

TEST_CASE("cores: the lowest clock runs next, ties to the lowest core") {
    gb::Config cfg;
    cfg.cores = 2;
    Machine m = boot(R"(
main:   li   r1, worker
        li   r2, 0
        sys  thread_create
        mul  r3, r3, r3     ; 3 cycles on core 0
        nop
        nop
        nop
        halt
worker: nop
        nop
        nop
        nop
        nop
        halt
)",
                     cfg);
    std::vector<int> order;
    for (int i = 0; i < 9; ++i)
        order.push_back(m.step().core);
    // main: li, li, sys (cycles 0-2, core 0 alone); the worker starts on core 1
    // at cycle 3; then they alternate, and the 3-cycle mul lets core 1 run 3.
    CHECK(order == std::vector<int>{0, 0, 0, 0, 1, 1, 1, 0, 1});
}

TEST_CASE("switches: each is logged with its reason and cycle; a process switch costs more") {
    gb::Config cfg;
    cfg.timer_period = 10;
    cfg.thread_switch_cost = 2;
    cfg.process_switch_cost = 10;
    Machine m = boot(R"(
        .data
lock:   .word 0
        .text
main:   sys  mutex_create
        store r0, [lock]
        li   r1, worker
        li   r2, 0
        sys  thread_create
        sys  yield              ; a yield switch
        load r1, [lock]
        sys  mutex_lock         ; the worker holds it: a block switch
        halt                    ; an exit switch
worker: load r1, [lock]
        sys  mutex_lock
        li   r2, 30
spin:   sub  r2, r2, 1          ; runs past timer ticks: timer switches
        cmp  r2, 0
        bne  spin
        load r1, [lock]
        sys  mutex_unlock
        halt
)",
                     cfg);
    run_to_end(m);
    std::set<gb::SwitchReason> seen;
    uint64_t last = 0;
    for (const gb::Event& e : m.log.events)
        if (e.kind == gb::EventKind::Switch) {
            seen.insert(e.reason);
            CHECK(e.cycle >= last);
            last = e.cycle;
        }
    CHECK(seen.count(gb::SwitchReason::Start));
    CHECK(seen.count(gb::SwitchReason::Yield));
    CHECK(seen.count(gb::SwitchReason::Block));
    CHECK(seen.count(gb::SwitchReason::Timer));
    CHECK(seen.count(gb::SwitchReason::Exit));

    // Switch costs: the overhead is exactly the cost of each switch.
    auto overhead = [](const Machine& x) {
        uint64_t run = 0;
        for (const gb::Thread& t : x.threads)
            run += t.cycles_running;
        return x.cores[0].busy_cycles - run;
    };
    auto switches = [](const Machine& x) {
        int n = 0;
        for (const gb::Event& e : x.log.events)
            if (e.kind == gb::EventKind::Switch && e.tid && e.other && e.tid != e.other) ++n;
        return n;
    };
    const char* spin = "main: li r2, 100\nagain: sub r2, r2, 1\ncmp r2, 0\nbne again\nhalt\n";
    Machine procs(cfg);
    REQUIRE(procs.load(assemble_ok(spin), "a") == 1);
    REQUIRE(procs.load(assemble_ok(spin), "b") == 2);
    run_to_end(procs);
    Machine thr = boot(
        "main: li r1, w\nli r2, 0\nsys thread_create\nw: li r2, 100\nagain: sub r2, r2, 1\ncmp r2, "
        "0\nbne again\nhalt\n",
        cfg);
    run_to_end(thr);
    REQUIRE(switches(procs) > 5);
    REQUIRE(switches(thr) > 5);
    CHECK(overhead(procs) == 10u * static_cast<uint64_t>(switches(procs)));
    CHECK(overhead(thr) == 2u * static_cast<uint64_t>(switches(thr)));
}

TEST_CASE("kernel: sleep blocks for the cycles asked; yield gives the core away") {
    Machine m = boot(R"(
main:   li   r1, 5000
        sys  sleep
        halt
)");
    run_to_end(m);
    CHECK(m.now >= 5000);
    CHECK(m.now < 5010);
    CHECK(m.thread(1).cycles_blocked == 5000); // from the end of the sys to the wake-up
}

// --- heap --------------------------------------------------------------------

TEST_CASE("heap: malloc records blocks; free makes them reusable; bad frees are faults") {
    Machine m = boot(R"(
        .data
la:     .string "node"
        .text
main:   li   r1, 10
        li   r2, la
        sys  malloc
        mov  r5, r0
        li   r1, 100
        li   r2, 0
        sys  malloc
        mov  r6, r0
        mov  r1, r5
        sys  free
        li   r1, 4
        li   r2, 0
        sys  malloc          ; reuses the first block's place
        mov  r7, r0
        mov  r1, r7
        sys  free
bad:    mov  r1, r7
        sys  free            ; a double free
        halt
)");
    auto r = m.run(1000);
    REQUIRE(r.reason == gb::StopReason::Fault);
    CHECK(reg(m, 5) == static_cast<int32_t>(gb::layout::kHeapBase));
    CHECK(reg(m, 6) == static_cast<int32_t>(gb::layout::kHeapBase + 16));
    CHECK(reg(m, 7) == reg(m, 5));
    CHECK(m.last_fault.fault == gb::Fault::BadSyscall);
    const gb::Process& p = m.process(1);
    REQUIRE(p.heap_blocks.size() >= 2);
    const gb::HeapBlock& b = p.heap_blocks[1];
    CHECK(b.addr == gb::layout::kHeapBase + 16);
    CHECK(b.size == 104);
    CHECK(b.tid == 1);
    CHECK_FALSE(b.free);
    bool saw_double_free = false;
    for (const gb::Event& e : m.log.events)
        if (gb::event_text(m, e).find("double free") != std::string::npos) saw_double_free = true;
    CHECK(saw_double_free);

    Machine labels = boot(R"(
        .data
la:     .string "node"
        .text
main:   li   r1, 10
        li   r2, la
        sys  malloc
        halt
)");
    run_to_end(labels);
    REQUIRE(labels.process(1).heap_blocks.size() == 1);
    CHECK(labels.process(1).heap_blocks[0].label == "node");
    CHECK(labels.process(1).heap_blocks[0].size == 16);
}

// --- shared libraries --------------------------------------------------------

TEST_CASE("shared library: assembled once, mapped read-only and shared by two processes") {
    const char* user = R"(
        .data
lib:    .string "libprint.s"
msg:    .string "hi from "
        .text
main:   li   r1, lib
        sys  load_library
        mov  r5, r0
        li   r1, msg
        sys  getpid
        mov  r2, r0
        li   r1, msg
        add  r6, r5, 4
        callr r6             ; print_labeled(msg, pid) through the jump table
        halt
)";
    Machine m(gb::Config{});
    gb::install_file_loaders(m, kPrograms + "test.s");
    REQUIRE(m.load(assemble_ok(user), "one") == 1);
    REQUIRE(m.load(assemble_ok(user), "two") == 2);
    run_to_end(m);
    CHECK(m.console == "hi from 1\nhi from 2\n");
    REQUIRE(m.libraries.size() == 1);
    const gb::SharedLibrary& lib = m.libraries[0];
    CHECK(lib.base == gb::layout::kLibBase);
    CHECK(lib.users == std::vector<int>{1, 2});
    const gb::Region* r1 = m.process(1).mem.find(gb::layout::kLibBase);
    const gb::Region* r2 = m.process(2).mem.find(gb::layout::kLibBase);
    REQUIRE(r1);
    REQUIRE(r2);
    CHECK(r1->kind == gb::RegionKind::SharedLib);
    CHECK(r1->shared);
    CHECK(r2->shared);
    CHECK(r1->perms == (gb::PermR | gb::PermX));
    CHECK(r1->bytes == r2->bytes);
    CHECK(reg(m, 5, 1) == static_cast<int32_t>(gb::layout::kLibBase));
    CHECK(reg(m, 5, 2) == static_cast<int32_t>(gb::layout::kLibBase));
    // Source lines of library code are known (for traces and the code panel).
    CHECK(m.source_line(1, gb::layout::kLibBase).find("libprint.s") != std::string::npos);
}

TEST_CASE("shared library: writing into it is a fault; a library with .data is refused") {
    Machine m = boot(R"(
        .data
lib:    .string "libprint.s"
        .text
main:   li   r1, lib
        sys  load_library
        li   r1, 1
bad:    store r1, [r0]
        halt
)");
    gb::install_file_loaders(m, kPrograms + "test.s");
    REQUIRE(m.run(100).reason == gb::StopReason::Fault);
    CHECK(m.last_fault.fault == gb::Fault::WriteToReadOnly);
    CHECK(m.last_fault.addr == gb::layout::kLibBase);

    auto dir = std::filesystem::temp_directory_path() / "glassbox_lib_test";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "withdata.s") << "main: jmp f\nf: ret\n        .data\nx: .word 1\n";
    std::string error;
    CHECK_FALSE(gb::assemble_library((dir / "withdata.s").string(), gb::layout::kLibBase, error));
    CHECK(error.find("only code and constants") != std::string::npos);
}

TEST_CASE("shared library: assembled for its own base, every code address points into it") {
    const char* src = "main: jmp f\nf: li r1, f\nli r2, 4096\ncall main\n.word f, 7\n";
    gb::AsmOptions opts = gbtest::test_asm_options();
    opts.text_base = 0x40000;
    opts.text_limit = gb::layout::kLibLimit;
    gb::AsmResult r = gb::assemble(src, "lib.s", opts);
    REQUIRE(r.ok());
    const gb::Image& img = *r.image;
    auto word = [&](size_t i) {
        const auto& t = img.text.bytes;
        return uint32_t(t[i]) | uint32_t(t[i + 1]) << 8 | uint32_t(t[i + 2]) << 16 |
               uint32_t(t[i + 3]) << 24;
    };
    CHECK(gb::decode(word(0))->imm == 0x40004);  // jmp f
    CHECK(gb::decode(word(4))->imm == 0x40004);  // li r1, f
    CHECK(gb::decode(word(8))->imm == 4096);     // a plain number stays
    CHECK(gb::decode(word(12))->imm == 0x40000); // call main
    CHECK(word(16) == 0x40004u);                 // .word f
    CHECK(word(20) == 7u);
    CHECK(img.find("f")->value == 0x40004);
    CHECK(img.text.base == 0x40000u);
    CHECK(img.entry == 0x40000u);
    CHECK(img.line_of(0x40004).has_value());
}

TEST_CASE(
    "kernel: a copy of the machine runs on exactly like the original (value semantics, one PRNG)") {
    gb::Config cfg;
    cfg.cores = 2;
    cfg.timer_period = 7;
    cfg.sched.policy = gb::Policy::Lottery;
    Machine a = boot_file("programs/counter_mutex.s", cfg);
    gb::install_file_loaders(a, kPrograms + "counter_mutex.s");
    a.run(3000);
    Machine b = a; // a snapshot
    a.run(1'000'000);
    b.run(1'000'000);
    CHECK(a.now == b.now);
    CHECK(a.instructions == b.instructions);
    CHECK(a.rng.state == b.rng.state);
    CHECK(a.log.events.size() == b.log.events.size());
    CHECK(a.mutexes[0].acquisitions == b.mutexes[0].acquisitions);
    CHECK(global(a, "count") == 2000);
    CHECK(global(b, "count") == 2000);
    // Another seed gives another (valid) interleaving.
    cfg.seed = 99;
    Machine c = boot_file("programs/counter_mutex.s", cfg);
    c.run(1'000'000);
    CHECK(global(c, "count") == 2000);
    CHECK(c.now != a.now);
}

TEST_CASE("docs/kernel.md lists every system call with its number") {
    gb::FileText file = gb::read_file_text(GLASSBOX_SOURCE_DIR "/docs/kernel.md");
    REQUIRE_MESSAGE(file.ok(), file.error);
    const std::string& doc = file.text;
    REQUIRE(!doc.empty());
    for (const gb::SyscallInfo& s : gb::syscall_table()) {
        CAPTURE(s.name);
        CHECK(doc.find(fmt::format("| {:<2} | `{}`", s.number, s.name)) != std::string::npos);
    }
}
