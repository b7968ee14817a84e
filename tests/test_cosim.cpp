// Co-simulation: the fast path (Machine::run) must reach exactly the state
// that the exact path (one Machine::step at a time) reaches. Every program
// in programs/ and every lesson's programs, on 1, 2 and 8 cores with
// timers 1, 7 and 100, is run once with n steps and once with run() in
// chunks of several budgets; registers, memory, the event log, the
// statistics and the console must be equal.
#include "helpers.h"
#include "sim/kernel/watch.h"
#include "teach/lesson.h"
#include "teach/loader.h"
#include "teach/session.h"

#include "teach/event_words.h"
#include <doctest/doctest.h>
#include <filesystem>
#include <fmt/format.h>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using gb::Machine;

namespace {

// Instructions each program runs (bounded so the whole test takes seconds).
constexpr uint64_t kSteps = 3000;

std::string context_text(const gb::Context& c) {
    std::string s = fmt::format("pc={:x} z{}n{}c{}", c.pc, c.flags.z, c.flags.n, c.flags.c);
    for (uint32_t r : c.regs)
        s += fmt::format(" {:x}", r);
    return s;
}

// Everything of a machine a student or a test could see, one line per item.
std::vector<std::string> state_of(const Machine& m) {
    std::vector<std::string> out;
    auto add = [&](std::string line) { out.push_back(std::move(line)); };
    add(fmt::format("now={} instructions={} faults={} events={} dropped={}", m.now, m.instructions,
                    m.faults, m.log.events.size(), m.log.dropped));
    add("console=" + m.console);
    add("stop_message=" + gb::stop_text(m));
    for (const gb::Core& c : m.cores) {
        add(fmt::format("core {} tid={} clock={} next_timer={} parked={} last_pid={} prev_tid={} "
                        "busy={} idle={}",
                        c.index, c.tid, c.clock, c.next_timer, c.parked, c.last_pid, c.prev_tid,
                        c.busy_cycles, c.idle_cycles));
        add(fmt::format("core {} ctx {}", c.index, context_text(c.ctx)));
        add(fmt::format("core {} before {}", c.index, context_text(c.before)));
        const gb::StepOutcome& o = c.last;
        add(fmt::format("core {} last kind={} pc={:x} word={:x} op={} cycles={} fault={} "
                        "write={:x}/{:x}/{:x}/{}",
                        c.index, static_cast<int>(o.kind), o.pc, o.word,
                        static_cast<int>(o.instr.op), o.cycles, static_cast<int>(o.fault),
                        o.write.addr, o.write.old_value, o.write.new_value, o.write.width));
    }
    for (const gb::Thread& t : m.threads) {
        add(fmt::format("thread {} state={} reason={} wait_on={} core={} level={} slice={} "
                        "allot={} running={} ready={} blocked={} io={} since={} instr={} "
                        "first={} finished={} exit={}",
                        t.tid, static_cast<int>(t.state), static_cast<int>(t.reason), t.wait_on,
                        t.core, t.level, t.slice_used, t.allotment_used, t.cycles_running,
                        t.cycles_ready, t.cycles_blocked, t.cycles_blocked_io, t.state_since,
                        t.instructions, t.first_run, t.finished, t.exit_value));
        add(fmt::format("thread {} ctx {}", t.tid, context_text(m.context_of(t.tid))));
    }
    for (const gb::Process& p : m.processes) {
        add(fmt::format("process {} state={} exited={} code={} heap_end={:x} output={}", p.pid,
                        static_cast<int>(p.state), p.exited, p.exit_code, p.heap_end, p.output));
        for (const gb::Region& r : p.mem.regions) {
            uint64_t hash = 1469598103934665603ull; // FNV-1a of the bytes
            for (uint8_t b : r.bytes.to_vector())
                hash = (hash ^ b) * 1099511628211ull;
            add(fmt::format("process {} region {} {:x}+{:x} perms={} hash={:x}", p.pid, r.name,
                            r.base, r.size, r.perms, hash));
        }
    }
    for (const gb::Event& e : m.log.events)
        add(fmt::format("event {} {} core={} pid={} tid={} other={} reason={} msg={} args={} {}",
                        e.cycle, static_cast<int>(e.kind), e.core, e.pid, e.tid, e.other,
                        static_cast<int>(e.reason), static_cast<int>(e.msg), fmt::join(e.args, ","),
                        gb::event_text(e, m.log, gb::Lang::En)));
    for (const gb::Watch& w : m.watches)
        add(fmt::format("watch {:x} writes={} last={}/{}/{:x}/{}/{}", w.addr, w.writes,
                        w.last.cycle, w.last.tid, w.last.pc, w.last.old_value, w.last.new_value));
    add(fmt::format("sched boosts={} ready={}", m.sched.boosts, m.sched.ready_count()));
    return out;
}

// Fails with the first lines where the two machines differ.
void check_equal(const Machine& stepped, const Machine& ran, const std::string& what) {
    std::vector<std::string> a = state_of(stepped), b = state_of(ran);
    size_t n = std::min(a.size(), b.size());
    int shown = 0;
    for (size_t i = 0; i < n && shown < 3; ++i)
        if (a[i] != b[i]) {
            FAIL_CHECK(what << "\n  step(): " << a[i] << "\n  run():  " << b[i]);
            ++shown;
        }
    CHECK_MESSAGE(a.size() == b.size(), what);
}

// A stop that ends a comparison run: nothing more can happen without help.
bool final_stop(gb::StopReason r) {
    return r == gb::StopReason::AllDone || r == gb::StopReason::Deadlock ||
           r == gb::StopReason::Paused;
}

// n instructions one step at a time (as the dashboard's single step does).
void step_n(Machine& m, uint64_t n) {
    int stalls = 0;
    while (m.instructions < n && stalls < 100000) {
        gb::StepResult r = m.step();
        if (final_stop(r.stop)) break;
        if (!r.executed) ++stalls;
    }
}

// The same number of instructions with run(), `budget` at a time.
void run_n(Machine& m, uint64_t n, uint64_t budget) {
    int stalls = 0;
    while (m.instructions < n && stalls < 1000) {
        uint64_t before = m.instructions;
        gb::RunResult r = m.run(std::min(budget, n - m.instructions));
        if (final_stop(r.reason)) break;
        if (m.instructions == before) ++stalls;
    }
}

void compare(const Machine& start, const std::string& name) {
    Machine stepped = start;
    step_n(stepped, kSteps);
    for (uint64_t budget : {uint64_t{1}, uint64_t{7}, uint64_t{1000}, kSteps}) {
        Machine ran = start;
        run_n(ran, kSteps, budget);
        check_equal(stepped, ran, fmt::format("{}, run budget {}", name, budget));
    }
}

std::vector<std::string> program_files() {
    std::vector<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(GLASSBOX_SOURCE_DIR "/programs"))
        if (e.is_regular_file() && e.path().extension() == ".s" &&
            e.path().parent_path().filename() != "lib")
            files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

TEST_CASE("cosim: run(n) equals n x step() for every program, 1/2/8 cores, timers 1/7/100") {
    int compared = 0;
    for (const std::string& path : program_files()) {
        gb::AsmResult r = gb::assemble_file(path, gb::default_asm_options(path));
        if (!r.ok()) continue; // a program made to show an assembler error
        auto image = std::make_shared<const gb::Image>(std::move(*r.image));
        for (int cores : {1, 2, 8})
            for (uint32_t timer : {1u, 7u, 100u}) {
                gb::Config cfg;
                cfg.cores = cores;
                cfg.timer_period = timer;
                Machine m(cfg);
                gb::install_file_loaders(m, path);
                m.feed_console(0, "7\n3\nhello\n");
                REQUIRE(m.load(image, fs::path(path).filename().string()) == 1);
                compare(m, fmt::format("{} cores={} timer={}", path, cores, timer));
                ++compared;
            }
    }
    CHECK(compared >= 9 * 30);
}

TEST_CASE("cosim: every lesson's programs, in the lesson's settings, 1/2/8 cores") {
    std::vector<std::string> errors;
    auto lessons = gb::load_lessons(GLASSBOX_SOURCE_DIR "/assets", errors);
    REQUIRE(!lessons.empty());
    int compared = 0;
    for (const gb::Lesson& lesson : lessons)
        for (size_t i = 0; i < lesson.programs.size(); ++i)
            for (int cores : {1, 2, 8})
                for (uint32_t timer : {1u, 7u, 100u}) {
                    gb::Session s;
                    if (!s.open_lesson(lesson, i)) continue;
                    gb::Config cfg = s.config();
                    cfg.cores = cores;
                    cfg.timer_period = timer;
                    s.set_config(cfg);
                    compare(s.machine(), fmt::format("lesson {} program {} cores={} timer={}",
                                                     lesson.id, i, cores, timer));
                    ++compared;
                }
    CHECK(compared >= 9 * 16);
}

TEST_CASE("cosim: watched words, breakpoints and MLFQ on the fast path") {
    const std::string path = GLASSBOX_SOURCE_DIR "/programs/race.s";
    for (int cores : {1, 2, 8})
        for (uint32_t timer : {1u, 7u, 100u})
            for (bool mlfq : {false, true}) {
                gb::Config cfg;
                cfg.cores = cores;
                cfg.timer_period = timer;
                if (mlfq) {
                    cfg.sched.policy = gb::Policy::Mlfq;
                    cfg.sched.mlfq_allotment_ticks = 2;
                    cfg.sched.mlfq_boost_ticks = 9;
                }
                Machine m = gbtest::boot_file("programs/race.s", cfg);
                const gb::Symbol* count = m.process(1).image->find("count");
                REQUIRE(count != nullptr);
                gb::Watch keep;
                keep.addr = static_cast<uint32_t>(count->value);
                keep.keep_history = true;
                m.watches.push_back(keep);
                std::string name =
                    fmt::format("{} cores={} timer={} mlfq={}", path, cores, timer, mlfq);
                compare(m, name + " (recording watch)");
                m.watches.back().stop = true; // a watchpoint: every write stops the run
                compare(m, name + " (stopping watch)");
                m.watches.clear();
                // A breakpoint inside the loop stops run() at every pass.
                m.breakpoints.insert(static_cast<uint32_t>(m.process(1).image->entry) + 8);
                compare(m, name + " (breakpoint)");
            }
}

// A switch that costs S cycles at timer 1 leaves S timer ticks to take at
// once; most change nothing but a slice count and are skipped in closed
// form (Machine::take_timer_ticks). The result must be exactly that of
// taking every tick, for each policy, with the fast path and without.
TEST_CASE("cosim: a switch's dead time at timer 1, ticks in closed form equal ticks one by one") {
    struct Case {
        gb::Policy policy;
        uint32_t quantum;
    };
    const Case cases[] = {{gb::Policy::RoundRobin, 1}, {gb::Policy::RoundRobin, 3},
                          {gb::Policy::Mlfq, 2},       {gb::Policy::Stcf, 1},
                          {gb::Policy::Priority, 2},   {gb::Policy::Fifo, 1},
                          {gb::Policy::Lottery, 1}};
    int compared = 0;
    const uint64_t steps = 1500;
    for (const char* file :
         {"programs/race.s", "programs/fork_wait.s", "programs/producer_consumer.s"})
        for (const Case& c : cases)
            for (int cores : {1, 2})
                for (uint32_t cost : {0u, 37u, 1500u}) {
                    gb::Config cfg;
                    cfg.cores = cores;
                    cfg.timer_period = 1;
                    cfg.thread_switch_cost = cost;
                    cfg.process_switch_cost = cost * 5;
                    cfg.sched.policy = c.policy;
                    cfg.sched.quantum_ticks = c.quantum;
                    cfg.sched.mlfq_boost_ticks = 9;
                    cfg.sched.mlfq_allotment_ticks = 2;
                    Machine start = gbtest::boot_file(file, cfg);
                    Machine exact = start;
                    exact.ticks_one_by_one = true;
                    step_n(exact, steps);
                    std::string name =
                        fmt::format("{} policy={} quantum={} cores={} cost={}", file,
                                    gb::policy_name(c.policy), c.quantum, cores, cost);
                    Machine stepped = start;
                    step_n(stepped, steps);
                    check_equal(exact, stepped, name + " (step)");
                    Machine ran = start;
                    run_n(ran, steps, 1000);
                    check_equal(exact, ran, name + " (run)");
                    ++compared;
                }
    CHECK(compared == 3 * 7 * 2 * 3);
}

TEST_CASE("timer 1 with a switch of 10 million cycles: the host's work follows the guest's") {
    gb::Config cfg;
    cfg.timer_period = 1;
    cfg.thread_switch_cost = 10'000'000;
    Machine m = gbtest::boot_file("programs/race.s", cfg);
    run_n(m, 1000, 1000);
    CHECK(m.instructions == 1000);
    // Each switch between the two workers costs its 10 million cycles, and
    // the timer has fired on every one of them.
    const gb::Core& c = m.cores[0];
    CHECK(c.clock >= 10'000'000u * 100);
    CHECK(c.next_timer == c.clock + 1);
}
