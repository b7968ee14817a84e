// Containers as kernel features (container.h): pid namespaces and cgroup
// quotas applied by the Machine itself, with no runtime around it.
#include "helpers.h"

#include "sim/kernel/container.h"
#include "sim/kernel/machine.h"

#include "teach/event_words.h"
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>

using gbtest::assemble_ok;

namespace {

// Runs to the end; fails the test if it stops for another reason.
void run_all(gb::Machine& m, uint64_t budget = 100'000) {
    gb::RunResult r = m.run(budget);
    REQUIRE_MESSAGE(r.reason == gb::StopReason::AllDone, gb::stop_text(m));
}

bool logged(const gb::Machine& m, const std::string& text) {
    return std::any_of(m.log.events.begin(), m.log.events.end(), [&](const gb::Event& e) {
        return gb::event_text(m, e).find(text) != std::string::npos;
    });
}

} // namespace

TEST_CASE("containers: pids from 1 across fork and wait; a host process outside") {
    gb::Machine m;
    int c = m.create_container({"box", 0, 0, 1000});
    CHECK(c == 1);
    // The child sleeps, so the parent's wait blocks and its result is translated on wake-up;
    // the child exits with getppid + 2 (3 when getppid says 1).
    const char* prog = R"(
main:   sys  getppid
        mov  r8, r0
        sys  fork
        cmp  r0, 0
        beq  child
        mov  r5, r0
        mov  r1, r5
        sys  wait
        mov  r6, r0
        mov  r9, r1
        sys  getpid
        mov  r7, r0
        halt
child:  li   r1, 50
        sys  sleep
        sys  getppid
        add  r0, r0, 2
        ret
)";
    CHECK(m.load(assemble_ok("main: li r1, 1\n halt\n"), "outside") == 1); // host pid 1
    int pid = m.load_in_container(c, assemble_ok(prog), "inside");
    CHECK(pid == 2);
    run_all(m);
    CHECK(m.process(1).container == 0);
    CHECK(gb::container_pid(m, 1) == 1); // host processes keep their pids
    CHECK(m.container(c).pids == std::vector<int>{2, 3});
    CHECK(m.process(3).container == c); // the fork child joined its parent's container
    CHECK(gb::container_pid(m, 3) == 2);
    CHECK(gb::container_host_pid(m, c, 2) == 3);
    const gb::Thread& main_thread = m.thread(m.process(2).threads[0]);
    CHECK(main_thread.ctx.regs[8] == 0); // getppid of the container's pid 1
    CHECK(main_thread.ctx.regs[5] == 2); // fork said 2, not the host's 3
    CHECK(main_thread.ctx.regs[6] == 2); // the blocked wait(2) found it and said 2
    CHECK(main_thread.ctx.regs[9] == 3); // the child's getppid said 1
    CHECK(main_thread.ctx.regs[7] == 1); // getpid: 1
    CHECK(m.process(3).state == gb::ProcessState::Reaped);
    CHECK(logged(m, "process 3 joins container 'box' as its pid 2"));
}

TEST_CASE(
    "containers: wait for any child, already ended, and for a pid the container does not have") {
    gb::Machine m;
    int c = m.create_container({"box", 0, 0, 1000});
    const char* prog = R"(
main:   sys  fork
        cmp  r0, 0
        beq  child
        li   r1, 200
        sys  sleep           ; the child ends meanwhile: a zombie
        li   r1, 3
        sys  wait            ; pid 3 does not exist in this container
        mov  r5, r0          ; -1
        li   r1, 0
        sys  wait            ; any child: the zombie, pid 2
        mov  r6, r0
        halt
child:  li   r0, 0
        ret
)";
    // Host processes first, so the host pids and the container's differ.
    m.load(assemble_ok("main: halt\n"), "a");
    m.load(assemble_ok("main: halt\n"), "b");
    int pid = m.load_in_container(c, assemble_ok(prog), "inside");
    CHECK(pid == 3);
    run_all(m);
    const gb::Thread& t = m.thread(m.process(pid).threads[0]);
    CHECK(static_cast<int32_t>(t.ctx.regs[5]) == -1);
    CHECK(t.ctx.regs[6] == 2);
}

TEST_CASE("containers: a CPU quota throttles the container's threads, in the event log") {
    const char* spin = R"(
main:   li   r5, 400
loop:   sub  r5, r5, 1
        cmp  r5, 0
        bne  loop
        halt
)";
    gb::Machine m;
    int slow = m.create_container({"slow", 0, 100, 1000});
    int free = m.create_container({"free", 0, 0, 1000});
    int a = m.load_in_container(slow, assemble_ok(spin), "slow");
    int b = m.load_in_container(free, assemble_ok(spin), "free");
    // Per period of 1000 cycles, the cycles each one ran.
    std::map<uint64_t, uint64_t> slow_cycles, free_cycles;
    for (int i = 0; i < 100'000; ++i) {
        gb::StepResult s = m.step();
        if (!s.executed) {
            if (s.stop == gb::StopReason::Budget) continue;
            break;
        }
        (s.pid == a ? slow_cycles : free_cycles)[s.cycle / 1000] += s.outcome.cycles;
    }
    REQUIRE(m.all_done());
    for (auto [period, cycles] : slow_cycles)
        CHECK(cycles <= 100 + 8); // the quota, plus the instruction that crossed it
    CHECK(std::any_of(free_cycles.begin(), free_cycles.end(),
                      [](auto pc) { return pc.second > 200; }));
    CHECK(m.container(slow).throttles > 0);
    CHECK(m.container(free).throttles == 0);
    CHECK(m.container(slow).cpu_total >= 1200);
    CHECK(logged(m, "container 'slow' used its CPU quota"));
    CHECK(logged(m, "throttled until cycle 1000"));
    // Throttled means asleep: the slow one finishes well after the free one.
    CHECK(m.thread(m.process(a).threads[0]).finished > m.thread(m.process(b).threads[0]).finished);

    // Deterministic: a copy of the start runs the same way.
    gb::Machine again;
    int s2 = again.create_container({"slow", 0, 100, 1000});
    int f2 = again.create_container({"free", 0, 0, 1000});
    again.load_in_container(s2, assemble_ok(spin), "slow");
    again.load_in_container(f2, assemble_ok(spin), "free");
    run_all(again);
    CHECK(again.now == m.now);
    CHECK(again.log.events.size() == m.log.events.size());
}

TEST_CASE("containers: a memory quota is enforced where the memory is asked for") {
    // malloc 4 KiB blocks until it fails (it never returns: the OOM killer ends it).
    const char* hog = R"(
main:   li   r5, 0
more:   li   r1, 4096
        li   r2, 0
        sys  malloc
        add  r5, r5, 1
        mov  r1, r5
        sys  print_int
        li   r1, 32
        sys  print_char
        cmp  r5, 20
        blt  more
        halt
)";
    gb::Machine m;
    int small = m.create_container({"small", 24 * 1024, 0, 1000});
    int pid = m.load_in_container(small, assemble_ok(hog), "hog");
    REQUIRE(pid == 1);
    uint32_t start = gb::container_memory(m, small);
    uint64_t steps = 0;
    while (!m.all_done() && steps++ < 100'000) {
        m.step();
        CHECK(gb::container_memory(m, small) <= 24u * 1024u); // never over, not even for a step
    }
    const gb::Process& p = m.process(pid);
    CHECK(p.exit_code == gb::kOomExitCode);
    CHECK(m.container(small).oom_kills == 1);
    CHECK(m.container(small).memory_peak <= 24u * 1024u);
    // Every block that fitted was granted; the first that did not ended it.
    int granted = static_cast<int>((24 * 1024 - start) / 4096);
    CHECK(p.output == [&] {
        std::string s;
        for (int i = 1; i <= granted; ++i)
            s += std::to_string(i) + " ";
        return s;
    }());
    CHECK(logged(m, "the OOM killer ends process 1 (pid 1 in the container) with exit code 137"));
    CHECK(gb::stop_text(m).empty()); // a quota is not a machine limit: nothing paused

    // A process too big for its container does not start at all.
    gb::Machine m2;
    int none = m2.create_container({"none", 1024, 0, 1000});
    CHECK(m2.load_in_container(none, assemble_ok("main: halt\n"), "big") == 0);
    CHECK(gb::stop_text(m2).find("over its memory quota") != std::string::npos);

    // fork's copy counts: a fork that does not fit ends the process that forked.
    const char* forker = R"(
main:   sys  fork
        cmp  r0, 0
        beq  child
        li   r1, 0
        sys  wait
        halt
child:  halt
)";
    gb::Machine m3;
    int one = m3.create_container({"one", 0, 0, 1000});
    int p3 = m3.load_in_container(one, assemble_ok(forker), "forker");
    m3.container(one).spec.memory_quota =
        gb::container_memory(m3, one) + 1024; // room for one, not two
    run_all(m3);
    CHECK(m3.processes.size() == 1);
    CHECK(m3.process(p3).exit_code == gb::kOomExitCode);
    CHECK(logged(m3, "with fork's copy"));
}

TEST_CASE("containers: glassbox-cli run --container") {
    std::string cmd = std::string("cd " GLASSBOX_SOURCE_DIR " && " GLASSBOX_CLI
                                  " run programs/lessons/16_container_app.s --container web"
                                  " --container tiny:mem=49152 2>&1");
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    pclose(p);
    CAPTURE(out);
    CHECK(
        out.find("process 1 (16_container_app.s, pid 1 in container 'web') exited with status 0") !=
        std::string::npos);
    CHECK(out.find(
              "process 2 (16_container_app.s, pid 1 in container 'tiny') exited with status 137") !=
          std::string::npos);
}
