// The lessons (assets/lessons, docs/lessons.md): every lesson file loads in
// both languages with its question and hidden answer and programs that
// assemble, and one test per lesson asserts its teaching point on the real
// machine, with the lesson's own settings.
#include "helpers.h"

#include "sim/asm/file_text.h"
#include "sim/isa/memlayout.h"
#include "sim/kernel/container.h"
#include "teach/lesson.h"
#include "teach/loader.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace gbtest;
using gb::Machine;

namespace {

const std::string kRoot = GLASSBOX_SOURCE_DIR;

std::vector<gb::Lesson> all_lessons() {
    std::vector<std::string> errors;
    auto lessons = gb::load_lessons(kRoot + "/assets", errors);
    std::string all;
    for (const auto& e : errors)
        all += e + "\n";
    INFO(all);
    REQUIRE(errors.empty());
    return lessons;
}

gb::Lesson lesson(int order) {
    for (auto& l : all_lessons())
        if (l.order == order) return l;
    FAIL("no lesson ", order);
    return {};
}

std::string read_text(const fs::path& p) {
    gb::FileText f = gb::read_file_text(p);
    REQUIRE_MESSAGE(f.ok(), p.string(), ": ", f.error);
    return f.text;
}

// The program's source with some `.equ NAME, value` lines changed (the
// experiments of a lesson: "set WORKERS to 5 and run again").
std::string with_constants(std::string src, const std::map<std::string, std::string>& values) {
    for (const auto& entry : values) {
        // Plain names, not a structured binding: clang 14 (the wasm and fuzz
        // builds) cannot capture one in the lambda REQUIRE_MESSAGE makes.
        const std::string& name = entry.first;
        const std::string& value = entry.second;
        std::regex line("(\\.equ\\s+" + name + "\\s*,\\s*)[^;\\n]*?(\\s*(;|\\n))");
        REQUIRE_MESSAGE(std::regex_search(src, line), "no .equ ", name, " to change");
        src = std::regex_replace(src, line, "$01" + value + "$2",
                                 std::regex_constants::format_first_only);
    }
    return src;
}

std::shared_ptr<const gb::Image>
assemble_program(const std::string& rel, const std::map<std::string, std::string>& values = {}) {
    std::string path = kRoot + "/" + rel;
    std::string src = with_constants(read_text(path), values);
    gb::AsmResult r = gb::assemble(src, path, gb::default_asm_options(path));
    INFO(gb::format_errors(r));
    REQUIRE(r.ok());
    return std::make_shared<const gb::Image>(std::move(*r.image));
}

Machine boot_program(const std::string& rel, const gb::Config& cfg,
                     const std::map<std::string, std::string>& values = {}) {
    Machine m(cfg);
    gb::install_file_loaders(m, kRoot + "/" + rel);
    REQUIRE(m.load(assemble_program(rel, values), fs::path(rel).filename().string()) == 1);
    return m;
}

// Runs to the end as the CLI does: a fault ends only the faulting process.
gb::StopReason finish(Machine& m, uint64_t limit = 5'000'000) {
    uint64_t steps = 0;
    while (steps < limit) {
        gb::RunResult r = m.run(limit - steps);
        steps += r.steps;
        if (r.reason == gb::StopReason::Fault) continue;
        return r.reason;
    }
    return gb::StopReason::Budget;
}

// Lines of text, without the newlines.
std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string line;
    while (std::getline(ss, line))
        out.push_back(line);
    return out;
}

size_t find_line(const std::vector<std::string>& lines, const std::string& prefix) {
    for (size_t i = 0; i < lines.size(); ++i)
        if (lines[i].rfind(prefix, 0) == 0) return i;
    return std::string::npos;
}

uint32_t symbol(const Machine& m, const std::string& name, int pid = 1) {
    const gb::Symbol* s = m.process(pid).image->find(name);
    REQUIRE_MESSAGE(s != nullptr, "no symbol ", name);
    return static_cast<uint32_t>(s->value);
}

const gb::Region* region_at(const Machine& m, int pid, uint32_t addr) {
    return m.process(pid).mem.find(addr);
}

size_t switch_events(const Machine& m) {
    return static_cast<size_t>(
        std::count_if(m.log.events.begin(), m.log.events.end(),
                      [](const gb::Event& e) { return e.kind == gb::EventKind::Switch; }));
}

bool is_control_flow(gb::Op op) {
    return op >= gb::Op::Beq && op <= gb::Op::Ret;
}

} // namespace

// [SECTION] Loading ------------------------------------------------------------

TEST_CASE("lessons: every lesson loads, in both languages, with a question, a hidden answer and "
          "programs") {
    auto lessons = all_lessons();
    std::vector<int> orders;
    for (const auto& l : lessons)
        orders.push_back(l.order);
    // One lesson per section of the syllabus, in order.
    CHECK(orders == std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    for (const auto& l : lessons) {
        CAPTURE(l.id);
        CHECK(l.id.substr(0, 2) == fmt::format("{:02d}", l.order));
        CHECK(!l.title_en.empty());
        CHECK(!l.title_ko.empty());
        CHECK(l.title("ko") == l.title_ko);
        CHECK(!l.programs.empty());
        CHECK(std::find(l.panels.begin(), l.panels.end(), "lesson") != l.panels.end());
        CHECK(l.screenshot_steps > 0);
        for (const std::string* text : {&l.text_en, &l.text_ko}) {
            gb::LessonText t = gb::split_answer(*text);
            CHECK(t.visible.find("## Predict") != std::string::npos);
            CHECK(t.visible.find("## Answer") == std::string::npos); // hidden until asked
            CHECK(t.answer.rfind("## Answer", 0) == 0);
            CHECK(t.answer.size() > 40);
        }
        // The Korean text is Korean: Hangul syllables are U+AC00..U+D7A3 (UTF-8 lead bytes
        // 0xEA..0xED).
        size_t hangul = std::count_if(l.text_ko.begin(), l.text_ko.end(), [](char c) {
            auto b = static_cast<unsigned char>(c);
            return b >= 0xEA && b <= 0xED;
        });
        CHECK(hangul > 200);
        for (const std::string& p : l.programs) {
            CAPTURE(p);
            assemble_program(p);
        }
        gb::Config cfg = gb::lesson_config(l);
        CHECK(cfg.timer_period == l.timer);
        CHECK(cfg.cores == l.cores);
        CHECK(gb::policy_name(cfg.sched.policy) == l.policy);
    }
}

TEST_CASE("lessons: the answer is split off at its heading, outside code blocks") {
    gb::LessonText t = gb::split_answer(
        "# T\ntext\n```\n## Answer in code\n```\n## Predict\nq?\n## Answer (정답)\nyes\n");
    CHECK(t.visible == "# T\ntext\n```\n## Answer in code\n```\n## Predict\nq?\n");
    CHECK(t.answer == "## Answer (정답)\nyes\n");
    CHECK(gb::split_answer("no answer here").answer.empty());
}

TEST_CASE(
    "lessons: malformed lesson files are reported with the file and the problem, never a crash") {
    fs::path root = fs::temp_directory_path() / fmt::format("glassbox_lessons_{}", ::getpid());
    fs::remove_all(root);
    fs::path dir = root / "assets" / "lessons";
    fs::create_directories(dir);
    fs::create_directories(root / "programs");
    std::ofstream(root / "programs" / "p.s") << "main: halt\n";
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir / name) << text;
    };
    const std::string md = "# x\n## Predict\nq\n## Answer\na\n";
    auto good = [&](const std::string& id, int order) {
        return fmt::format(
            R"({{"id":"{}","order":{},"title":{{"en":"E","ko":"K"}},"programs":["programs/p.s"],)"
            R"("panels":["cpu","lesson"],"screenshot_steps":3}})",
            id, order);
    };
    write("01-good.json", good("01-good", 1));
    write("01-good.en.md", md);
    write("01-good.ko.md", md);
    write("02-badjson.json", "{\"id\": \"02-badjson\",\n  \"order\": 2,,\n}");
    write("03-nokorean.json", good("03-nokorean", 3));
    write("03-nokorean.en.md", md);
    write(
        "04-types.json",
        R"({"id":"04-types","order":"four","title":{"en":"E"},"programs":["programs/missing.s"],)"
        R"("config":{"timer":0,"policy":"fast","colour":1},"panels":["cpu","radar"],"screenshot_steps":-1})");
    write("04-types.en.md", md);
    write("04-types.ko.md", md);
    write("05-noanswer.json", good("05-noanswer", 5));
    write("05-noanswer.en.md", "# x\n## Predict\nq\n");
    write("05-noanswer.ko.md", "# x\n## Answer\na\n## Predict\nq\n");
    write("06-dup.json", good("06-dup", 1));
    write("06-dup.en.md", md);
    write("06-dup.ko.md", md);
    write("07-wrongid.json", good("seven", 7));
    write("07-wrongid.en.md", md);
    write("07-wrongid.ko.md", md);
    write("08-array.json", "[1, 2]");

    std::vector<std::string> errors;
    std::vector<gb::Lesson> lessons = gb::load_lessons((root / "assets").string(), errors);
    REQUIRE(lessons.size() == 1);
    CHECK(lessons[0].id == "01-good");
    CHECK(lessons[0].program_paths.size() == 1);
    std::string all;
    for (const auto& e : errors)
        all += e + "\n";
    INFO(all);
    auto has = [&](const std::string& file, const std::string& what) {
        return std::any_of(errors.begin(), errors.end(), [&](const std::string& e) {
            return e.find(file) != std::string::npos && e.find(what) != std::string::npos;
        });
    };
    CHECK(has("02-badjson.json", "not valid JSON"));
    CHECK(has("02-badjson.json", "line 2"));
    CHECK(has("03-nokorean.ko.md", "missing"));
    CHECK(has("04-types.json", "'order' must be a whole number"));
    CHECK(has("04-types.json", "title.'ko' is missing"));
    CHECK(has("04-types.json", "program 'programs/missing.s' does not exist"));
    CHECK(has("04-types.json", "'timer' is 0"));
    CHECK(has("04-types.json", "'config.policy' is 'fast'"));
    CHECK(has("04-types.json", "unknown setting 'config.colour'"));
    CHECK(has("04-types.json", "unknown panel \"radar\""));
    CHECK(has("04-types.json", "'screenshot_steps' is -1"));
    CHECK(has("05-noanswer.en.md", "no '## Answer' heading"));
    CHECK(has("05-noanswer.ko.md", "no '## Answer' heading after '## Predict'"));
    CHECK(has("06-dup.json", "order 1 is already used"));
    CHECK(has("07-wrongid.json", "'id' is 'seven'"));
    CHECK(has("08-array.json", "must be a JSON object"));
    errors.clear();
    CHECK(gb::load_lessons((root / "assets").string() + "/", errors).size() ==
          1); // a trailing slash is fine
    errors.clear();
    CHECK(gb::load_lessons((root / "nowhere").string(), errors).empty());
    CHECK(errors.size() == 1);
    fs::remove_all(root);
}

// [SECTION] 1. The CPU ---------------------------------------------------------

TEST_CASE("lesson 1: PC starts at main, fetches words stored in memory, and moves by 4 unless a "
          "jump moves it") {
    gb::Lesson l = lesson(1);
    Machine m = boot_program(l.programs[0], gb::lesson_config(l));
    uint32_t main_addr = symbol(m, "main");
    CHECK(main_addr != gb::layout::kCodeBase); // square comes first in memory...
    CHECK(m.thread(1).ctx.pc == main_addr);    // ...yet the CPU starts at main
    int sequential = 0, jumps = 0;
    while (true) {
        gb::StepResult s = m.step();
        if (!s.executed) break;
        uint32_t stored = 0;
        REQUIRE(m.process(1).mem.peek32(s.outcome.pc, stored));
        CHECK(s.outcome.word == stored); // what the CPU executed is the word in memory at PC
        if (s.outcome.kind != gb::StepKind::Executed) continue;
        if (is_control_flow(s.outcome.instr.op)) {
            if (s.after.pc != s.outcome.pc + 4) ++jumps;
        } else {
            CHECK(s.after.pc == s.outcome.pc + 4);
            ++sequential;
        }
    }
    CHECK(sequential > 50);
    CHECK(jumps >= 6); // the loop's 4 branches back, the call, the ret, print_hex's loop
    uint32_t first = 0;
    REQUIRE(m.process(1).mem.peek32(main_addr, first));
    CHECK(first == gb::encode({gb::Op::Li, 5, 0, 0, 0}));
    CHECK(m.console.find(fmt::format("= 0x{:08x}", first)) != std::string::npos);
    CHECK(m.console.find("= 15\n") != std::string::npos);
    CHECK(m.console.find("square(7) = 49") != std::string::npos);
}

// [SECTION] 2. From CPU to OS ----------------------------------------------------

namespace {
// Number of runs of equal letters in "AAAbbbAA": 3.
int runs(const std::string& s) {
    int n = 0;
    for (size_t i = 0; i < s.size(); ++i)
        if (s[i] != '\n' && (i == 0 || s[i] != s[i - 1])) ++n;
    return n;
}
} // namespace

TEST_CASE("lesson 2: two processes take turns on one core; each switch saves and restores the "
          "whole context") {
    gb::Lesson l = lesson(2);
    gb::Config cfg = gb::lesson_config(l);
    Machine m = boot_program(l.programs[0], cfg);
    // Watch thread 1: whenever the kernel switches it out, remember its saved
    // context; when it next runs, it must start from exactly that context.
    std::optional<gb::Context> saved;
    int restored = 0;
    size_t seen = m.log.events.size();
    while (true) {
        gb::StepResult s = m.step();
        if (!s.executed) break;
        if (s.tid == 1 && saved) {
            CHECK(s.before == *saved);
            ++restored;
            saved.reset();
        }
        for (; seen < m.log.events.size(); ++seen) {
            const gb::Event& e = m.log.events[seen];
            if (e.kind == gb::EventKind::Switch && e.other == 1 &&
                e.reason == gb::SwitchReason::Timer)
                saved = m.thread(1).ctx;
        }
    }
    CHECK(restored >= 3);
    int interleaved = runs(m.console);
    MESSAGE("timer ", cfg.timer_period, ": ", m.console);
    CHECK(interleaved >= 6);
    CHECK(m.console.find('A') < m.console.rfind('b'));

    // A timer that never fires in time: each process runs to its end before the other.
    cfg.timer_period = 1'000'000;
    Machine slow = boot_program(l.programs[0], cfg);
    finish(slow);
    CHECK(runs(slow.console) == 2);
}

// [SECTION] 3. Processes -------------------------------------------------------

TEST_CASE("lesson 3: fork copies the address space; processes pay more per switch than threads") {
    gb::Lesson l = lesson(3);
    gb::Config cfg = gb::lesson_config(l);
    Machine m = boot_program(l.programs[0], cfg);
    CHECK(finish(m) == gb::StopReason::AllDone);
    REQUIRE(m.processes.size() == 2);
    CHECK(m.process(2).parent == 1);
    // The same address, different memory.
    CHECK(global(m, "global", 1) == 1);
    CHECK(global(m, "global", 2) == 100);
    uint32_t heap = static_cast<uint32_t>(global(m, "heapptr", 1));
    CHECK(static_cast<uint32_t>(global(m, "heapptr", 2)) == heap);
    uint32_t v1 = 0, v2 = 0;
    REQUIRE(m.process(1).mem.peek32(heap, v1));
    REQUIRE(m.process(2).mem.peek32(heap, v2));
    CHECK(v1 == 1);
    CHECK(v2 == 100);
    CHECK(m.process(1).output.find("global = 1, heap = 1, stack = 1") != std::string::npos);
    CHECK(m.process(2).output.find("global = 100, heap = 100, stack = 100") != std::string::npos);

    // The ping-pong: the same 20 rounds, by two processes and by two threads.
    auto play = [&](const std::string& prog, const gb::Config& c) {
        Machine g = boot_program(prog, c);
        REQUIRE(finish(g) == gb::StopReason::AllDone);
        return g;
    };
    Machine procs = play(l.programs[1], cfg), threads = play(l.programs[2], cfg);
    CHECK(procs.console.find("parent sees ball = 0") != std::string::npos);  // nothing shared
    CHECK(threads.console.find("main sees ball = 20") != std::string::npos); // everything shared
    uint64_t extra = procs.now - threads.now;
    uint64_t expected = 2 * 20 * (cfg.process_switch_cost - cfg.thread_switch_cost);
    MESSAGE("ping-pong: processes ", procs.now, " cycles, threads ", threads.now, " cycles; ",
            extra, " extra, expected about ", expected);
    CHECK(procs.now > threads.now);
    CHECK(extra >= expected * 9 / 10);
    CHECK(extra <= expected * 11 / 10);
    // If changing address spaces cost nothing extra, the difference would vanish.
    gb::Config flat = cfg;
    flat.process_switch_cost = flat.thread_switch_cost;
    Machine procs_flat = play(l.programs[1], flat);
    CHECK(procs_flat.now - threads.now < expected / 10);
}

// [SECTION] 4. Threads ---------------------------------------------------------

TEST_CASE("lesson 4: threads share code, globals and heap; each has its own stack, SP, PC and "
          "registers") {
    gb::Lesson l = lesson(4);
    Machine m = boot_program(l.programs[0], gb::lesson_config(l));
    auto sleeping = [&](int tid) {
        return static_cast<int>(m.threads.size()) >= tid &&
               m.thread(tid).state == gb::ThreadState::Blocked &&
               m.thread(tid).reason == gb::BlockReason::Sleep;
    };
    uint64_t steps = 0;
    while (!(sleeping(2) && sleeping(3)) && steps++ < 10'000)
        m.step();
    REQUIRE(sleeping(2));
    REQUIRE(sleeping(3));
    const gb::Thread &a = m.thread(2), &b = m.thread(3);
    CHECK(a.pid == b.pid);
    // Private: the stack (a region of its own) and the registers.
    const gb::Region* sa = region_at(m, 1, a.ctx.regs[gb::SP]);
    const gb::Region* sb = region_at(m, 1, b.ctx.regs[gb::SP]);
    REQUIRE(sa);
    REQUIRE(sb);
    CHECK(sa->kind == gb::RegionKind::Stack);
    CHECK(sb->kind == gb::RegionKind::Stack);
    CHECK(sa->tid == 2);
    CHECK(sb->tid == 3);
    CHECK(a.ctx.regs[gb::FP] != b.ctx.regs[gb::FP]); // `mine` lives at fp - 4: two addresses
    CHECK(a.ctx.regs[5] == 10);
    CHECK(b.ctx.regs[5] == 20);
    CHECK(a.ctx.regs[gb::TP] != b.ctx.regs[gb::TP]);
    // Shared: the very same code (both stopped at the same instruction), the globals, the heap.
    CHECK(a.ctx.pc == b.ctx.pc);
    CHECK(region_at(m, 1, a.ctx.pc)->kind == gb::RegionKind::Code);
    CHECK(global(m, "total") == 30); // both already added to the one global
    int code_regions = 0, stacks = 0;
    for (const gb::Region& r : m.process(1).mem.regions) {
        code_regions += r.kind == gb::RegionKind::Code;
        stacks += r.kind == gb::RegionKind::Stack;
    }
    CHECK(code_regions == 1);
    CHECK(stacks == 3);
    finish(m);
    CHECK(m.console.find("main: total = 30") != std::string::npos);
    CHECK(m.console.find("the heap block holds 10 and 20") != std::string::npos);
    auto lines = lines_of(m.console);
    REQUIRE(lines.size() >= 2);
    // Two different addresses for `mine`, one address for `total`.
    CHECK(lines[0].substr(lines[0].find("is at"), 16) !=
          lines[1].substr(lines[1].find("is at"), 16));
    CHECK(lines[0].substr(lines[0].find("`total`")) == lines[1].substr(lines[1].find("`total`")));
}

// [SECTION] 5. Thread uses -----------------------------------------------------

TEST_CASE("lesson 5: a long task on its own thread keeps main responsive; a thread per short task "
          "costs more") {
    gb::Lesson l = lesson(5);
    gb::Config cfg = gb::lesson_config(l);
    auto ticks_before_done = [&](const std::string& dedicated) {
        Machine m = boot_program(l.programs[0], cfg, {{"DEDICATED", dedicated}});
        REQUIRE(finish(m) == gb::StopReason::AllDone);
        auto lines = lines_of(m.console);
        size_t done = find_line(lines, "long task: done");
        REQUIRE(done != std::string::npos);
        CHECK(std::count_if(lines.begin(), lines.end(),
                            [](auto& s) { return s.rfind("ui: tick", 0) == 0; }) == 12);
        return static_cast<int>(done);
    };
    int with_thread = ticks_before_done("1"), without = ticks_before_done("0");
    MESSAGE("ticks before the long task is done: ", with_thread, " with its own thread, ", without,
            " without");
    CHECK(with_thread >= 4);
    CHECK(without == 0);

    auto short_tasks = [&](const std::string& per_task) {
        Machine m = boot_program(l.programs[1], cfg, {{"PER_TASK", per_task}});
        REQUIRE(finish(m) == gb::StopReason::AllDone);
        CHECK(m.console.find("sum of all tasks = 544") != std::string::npos);
        return m;
    };
    Machine per_task = short_tasks("1"), reused = short_tasks("0");
    CHECK(per_task.threads.size() == 17); // main + one per task
    CHECK(reused.threads.size() == 2);    // main + one worker
    MESSAGE("16 short tasks: ", per_task.now, " cycles with a thread each, ", reused.now,
            " with one reused thread");
    CHECK(per_task.now > reused.now * 6 / 5);
}

// [SECTION] 6. Thread pools ----------------------------------------------------

namespace {
struct PoolRun {
    int workers;
    uint64_t cycles;
    double throughput; // tasks per 1000 cycles
};

// Sweeps the pool size for one workload; returns the runs and the measured CT.
std::vector<PoolRun> sweep_pool(const gb::Lesson& l, int cores, const std::string& ct_rounds,
                                const std::string& wt, int max_workers, double& ct) {
    gb::Config cfg = gb::lesson_config(l);
    cfg.cores = cores;
    std::vector<PoolRun> out;
    for (int w = 1; w <= max_workers; ++w) {
        Machine m =
            boot_program(l.programs[0], cfg,
                         {{"WORKERS", std::to_string(w)}, {"CT_ROUNDS", ct_rounds}, {"WT", wt}});
        REQUIRE(finish(m) == gb::StopReason::AllDone);
        int tasks = global(m, "done");
        REQUIRE(tasks == 96);
        if (w == 1)
            ct = static_cast<double>(m.thread(2).cycles_running) /
                 tasks; // CPU time per task, measured
        out.push_back({w, m.now, 1000.0 * tasks / static_cast<double>(m.now)});
    }
    return out;
}
} // namespace

TEST_CASE("lesson 6: a thread pool's throughput peaks within one worker of N x (1 + WT/CT)") {
    gb::Lesson l = lesson(6);
    struct Workload {
        int cores;
        const char* ct_rounds;
        int wt;
    };
    for (Workload w : {Workload{1, "66", 600}, Workload{2, "66", 400}, Workload{2, "33", 100}}) {
        double ct = 0;
        auto runs = sweep_pool(l, w.cores, w.ct_rounds, std::to_string(w.wt), 11, ct);
        double rule = w.cores * (1.0 + w.wt / ct);
        auto best =
            std::max_element(runs.begin(), runs.end(), [](const PoolRun& a, const PoolRun& b) {
                return a.throughput < b.throughput;
            });
        std::string table = fmt::format(
            "N = {} cores, WT = {}, CT = {:.0f} (measured) → rule N×(1+WT/CT) = {:.2f}\n", w.cores,
            w.wt, ct, rule);
        for (const PoolRun& r : runs)
            table += fmt::format("  {:2} workers  {:6} cycles  {:5.2f} tasks/1000 cycles  {}\n",
                                 r.workers, r.cycles, r.throughput,
                                 std::string(static_cast<size_t>(r.throughput * 4), '#'));
        table += fmt::format("  peak at {} workers", best->workers);
        MESSAGE(table);
        CHECK(std::abs(best->workers - rule) <= 1.0);
        CHECK(best->throughput > 2.0 * runs.front().throughput); // the pool really helps
        CHECK(runs.back().throughput <= best->throughput); // and past the peak, more threads do not
    }
}

// [SECTION] 7. Thread-local storage --------------------------------------------

TEST_CASE("lesson 7: a .tls variable has one copy per thread, and only its own thread writes it") {
    gb::Lesson l = lesson(7);
    Machine m = boot_program(l.programs[0], gb::lesson_config(l));
    int tls_writes = 0;
    std::set<uint32_t> copies;
    while (true) {
        gb::StepResult s = m.step();
        if (!s.executed) break;
        const gb::MemWrite& w = s.outcome.write;
        if (!w.width) continue;
        const gb::Region* r = region_at(m, 1, w.addr);
        if (!r || r->kind != gb::RegionKind::Tls) continue;
        CHECK(r->tid == s.tid); // a thread's copy is written only by that thread
        copies.insert(w.addr);
        ++tls_writes;
    }
    CHECK(tls_writes == 3 + 5 + 7);
    CHECK(copies.size() == 3); // three threads, three addresses for one name
    for (const char* line :
         {"thread 2: my calls = 3", "thread 3: my calls = 5", "thread 4: my calls = 7",
          "main: my calls = 0", "main: all_calls = 15"})
        CHECK(m.console.find(line) != std::string::npos);
}

// [SECTION] 8. The stack is private by agreement ----------------------------------

TEST_CASE("lesson 8: another thread can write into a thread's stack; a stale pointer later kills "
          "the process") {
    gb::Lesson l = lesson(8);
    Machine m = boot_program(l.programs[0], gb::lesson_config(l));
    int intrusions = 0;
    while (true) {
        gb::StepResult s = m.step();
        if (!s.executed) break;
        const gb::MemWrite& w = s.outcome.write;
        if (!w.width) continue;
        const gb::Region* r = region_at(m, 1, w.addr);
        if (r && r->kind == gb::RegionKind::Stack && r->tid != s.tid) {
            CHECK(s.tid == 2);  // the intruder...
            CHECK(r->tid == 1); // ...writes into main's stack, and nothing stops it
            CHECK(w.new_value == 99);
            ++intrusions;
        }
    }
    CHECK(intrusions == 2);
    CHECK(m.console.find("main: my local x = 1\n") != std::string::npos);
    CHECK(m.console.find("after the intruder ran, x = 99") != std::string::npos);
    CHECK(m.console.find("never printed") == std::string::npos);
    const gb::FaultReport& f = m.process(1).fault;
    CHECK(f.fault != gb::Fault::None);
    CHECK(f.tid == 1);
    CHECK(f.pc == 99); // the "return address" the intruder wrote
}

// [SECTION] 9. Thread safety ---------------------------------------------------

TEST_CASE(
    "lesson 9: the racy counter loses updates for some timer periods; every fix always gets 1000") {
    gb::Lesson l = lesson(9);
    const std::vector<uint32_t> timers = {3, 5, 7, 11, 13, 17, 20, 29, 50, 100};
    auto count_for = [&](const std::string& prog, uint32_t timer) {
        gb::Config cfg = gb::lesson_config(l);
        cfg.timer_period = timer;
        Machine m = boot_program(prog, cfg);
        REQUIRE(finish(m) == gb::StopReason::AllDone);
        return global(m, "count");
    };
    std::string racy;
    int losing = 0;
    for (uint32_t t : timers) {
        int c = count_for(l.programs[0], t);
        racy += fmt::format(" timer {}: {}", t, c);
        CHECK(c <= 1000);
        losing += c < 1000;
    }
    MESSAGE("racy counter:", racy);
    CHECK(losing >= 3);
    for (size_t i = 1; i <= 4; ++i) {
        CAPTURE(l.programs[i]);
        for (uint32_t t : timers) {
            CAPTURE(t);
            CHECK(count_for(l.programs[i], t) == 1000);
        }
    }
    // Read-only sharing needs no lock.
    for (uint32_t t : timers) {
        gb::Config cfg = gb::lesson_config(l);
        cfg.timer_period = t;
        Machine m = boot_program(l.programs[5], cfg);
        finish(m);
        CHECK(m.console == "sum seen by thread 2 = 55\nsum seen by thread 3 = 55\n");
    }
}

TEST_CASE("lesson 9: instruction by instruction, each store of a stale value loses exactly the "
          "updates in between") {
    gb::Lesson l = lesson(9);
    Machine m = boot_program(l.programs[0], gb::lesson_config(l));
    uint32_t count = symbol(m, "count");
    std::map<int, uint32_t> loaded; // what each thread last read from count
    uint64_t lost = 0;
    int stale_stores = 0;
    while (true) {
        gb::StepResult s = m.step();
        if (!s.executed) break;
        const gb::Instr& in = s.outcome.instr;
        if (in.op == gb::Op::LoadA && static_cast<uint32_t>(in.imm) == count)
            loaded[s.tid] = s.after.regs[in.rd];
        const gb::MemWrite& w = s.outcome.write;
        if (w.width == 4 && w.addr == count && w.old_value != loaded[s.tid]) {
            // Someone stored since this thread's load: their updates are overwritten now.
            lost += w.old_value - loaded[s.tid];
            ++stale_stores;
        }
    }
    int final_count = global(m, "count");
    MESSAGE("timer ", m.config.timer_period, ": count = ", final_count, ", ", stale_stores,
            " stale stores lost ", lost, " updates");
    CHECK(stale_stores > 0);
    CHECK(lost == static_cast<uint64_t>(1000 - final_count));
}

// [SECTION] 10. Coroutines ----------------------------------------------------

TEST_CASE("lesson 10: the generator prints a, in function A, b; suspend and resume are user code "
          "on one thread") {
    gb::Lesson l = lesson(10);
    Machine m = boot_program(l.programs[0], gb::lesson_config(l));
    uint32_t func = symbol(m, "func"), resume = symbol(m, "resume"), yield = symbol(m, "yield");
    bool entered = false;
    int resumes = 0, yields = 0;
    while (true) {
        gb::StepResult s = m.step();
        if (!s.executed) break;
        if (s.outcome.pc == resume) ++resumes;
        if (s.outcome.pc == yield) ++yields;
        if (s.outcome.pc == func) {
            // The coroutine runs on a stack that lives in a heap block (from malloc).
            const gb::Region* r = region_at(m, 1, s.before.regs[gb::SP]);
            REQUIRE(r);
            CHECK(r->kind == gb::RegionKind::Heap);
            CHECK(m.process(1).heap_blocks.size() == 1);
            CHECK(m.process(1).heap_blocks[0].label == "coroutine");
            entered = true;
        }
    }
    CHECK(entered);
    CHECK(m.console == "a\nin function A\nb\n");
    CHECK(resumes == 2);
    CHECK(yields == 2);
    CHECK(m.threads.size() == 1); // the OS sees one thread...
    CHECK(switch_events(m) == 1); // ...switched in once, at the start
}

// [SECTION] 11. Callbacks and closures ------------------------------------------

TEST_CASE("lesson 11: closures carry data; a sync callback runs before return, an async one later "
          "on another thread") {
    gb::Lesson l = lesson(11);
    gb::Config cfg = gb::lesson_config(l);
    Machine m = boot_program(l.programs[0], cfg);
    REQUIRE(finish(m) == gb::StopReason::AllDone);
    auto lines = lines_of(m.console);
    CHECK(find_line(lines, "apply(twice, 21) = 42") != std::string::npos);
    CHECK(find_line(lines, "add10(5) = 15") != std::string::npos);
    CHECK(find_line(lines, "add100(5) = 105") != std::string::npos);
    size_t cb3 = find_line(lines, "for_each calls back with 3"),
           fe_ret = find_line(lines, "for_each has returned");
    size_t fa_ret = find_line(lines, "fetch_async has returned"),
           work1 = find_line(lines, "main: other work 1");
    size_t async = find_line(lines, "async callback (thread 2): the result is 42");
    size_t work5 = find_line(lines, "main: other work 5");
    REQUIRE(async != std::string::npos);
    CHECK(cb3 < fe_ret);   // synchronous: called back before for_each returned
    CHECK(fa_ret < async); // asynchronous: fetch_async returned first...
    CHECK(work1 < async);  // ...main went on with its work...
    CHECK(async < work5);  // ...and the callback arrived in the middle of it
    int closures = static_cast<int>(
        std::count_if(m.process(1).heap_blocks.begin(), m.process(1).heap_blocks.end(),
                      [](const gb::HeapBlock& b) { return b.label == "closure"; }));
    CHECK(closures == 4); // add10, add100, show_item, on_result: code + data on the heap

    // Callback hell and the coroutine style compute the same thing...
    Machine hell = boot_program(l.programs[1], cfg), coro = boot_program(l.programs[2], cfg);
    REQUIRE(finish(hell) == gb::StopReason::AllDone);
    REQUIRE(finish(coro) == gb::StopReason::AllDone);
    CHECK(hell.console.find("a, b, c = 10, 15, 30") != std::string::npos);
    CHECK(coro.console.find("a, b, c = 10, 15, 30") != std::string::npos);
    // ...but the callbacks run on three other threads, carrying a and b in closures,
    CHECK(hell.console.find("on_a on thread 2\non_b on thread 3\non_c on thread 4") !=
          std::string::npos);
    auto count_label = [](const Machine& g, const char* label) {
        return std::count_if(g.process(1).heap_blocks.begin(), g.process(1).heap_blocks.end(),
                             [&](const gb::HeapBlock& b) { return b.label == label; });
    };
    CHECK(count_label(hell, "closure") == 3);
    // while the coroutine keeps a and b in its own suspended frame, on the event loop's thread.
    CHECK(coro.console.find("handler runs on thread 1") != std::string::npos);
    CHECK(count_label(coro, "closure") == 0);
    CHECK(count_label(coro, "coroutine") == 1);
}

// [SECTION] 15. Who schedules what ---------------------------------------------

TEST_CASE("lesson 15: the kernel interleaves threads by the timer; the program alone orders its "
          "coroutines") {
    gb::Lesson l = lesson(15);
    std::vector<std::string> b_orders;
    std::set<std::string> whole_outputs;
    for (uint32_t timer : {13u, 29u, 50u, 100u, 1000u}) {
        gb::Config cfg = gb::lesson_config(l);
        cfg.timer_period = timer;
        Machine m = boot_program(l.programs[0], cfg);
        uint32_t resume = symbol(m, "resume"), yield = symbol(m, "yield");
        int b_tid = 3, user_switches = 0;
        while (true) {
            size_t events = m.log.events.size();
            gb::StepResult s = m.step();
            if (!s.executed) break;
            if (s.outcome.pc == resume || s.outcome.pc == yield) {
                ++user_switches;
                CHECK(s.tid == b_tid); // coroutines switch inside thread B, by plain instructions:
                for (size_t i = events; i < m.log.events.size(); ++i) {
                    const gb::Event& e = m.log.events[i];
                    CHECK(e.kind != gb::EventKind::Syscall); // no system call
                    if (e.kind ==
                        gb::EventKind::Switch) // a kernel switch only if the timer happens to fire
                        CHECK(e.reason == gb::SwitchReason::Timer);
                }
            }
        }
        CHECK(user_switches == 12);   // 6 resumes, 6 yields (the last one from co_finish)
        CHECK(m.threads.size() == 3); // main, A, B: the kernel knows no coroutines
        std::string b_order;
        for (const std::string& line : lines_of(m.console))
            if (line[0] != 'A') b_order += line + "|";
        b_orders.push_back(b_order);
        whole_outputs.insert(m.console);
        int ab_timer_switches = static_cast<int>(
            std::count_if(m.log.events.begin(), m.log.events.end(), [](const gb::Event& e) {
                return e.kind == gb::EventKind::Switch && e.reason == gb::SwitchReason::Timer;
            }));
        if (timer <= 50) CHECK(ab_timer_switches > 0);
    }
    for (const std::string& o : b_orders)
        CHECK(o == b_orders.front()); // user-level order: fixed
    CHECK(whole_outputs.size() >= 2); // kernel-level order: up to the timer
    CHECK(b_orders.front().find("x1|") < b_orders.front().find("y1|"));
    CHECK(b_orders.front().find("y1|") < b_orders.front().find("x2|"));
}

// [SECTION] 16. Containers ----------------------------------------------------

TEST_CASE("lesson 16: each container numbers its processes from 1 and cannot exceed its CPU and "
          "memory quotas") {
    gb::Lesson l = lesson(16);
    REQUIRE(l.containers.size() == 3);
    gb::Machine m(gb::lesson_config(l));
    std::string error;
    REQUIRE_MESSAGE(gb::apply_lesson_containers(m, l, kRoot, error), error);
    const int web = 1, batch = 2, tiny = 3;
    REQUIRE(m.container(batch).spec.cpu_quota > 0);
    REQUIRE(m.container(tiny).spec.memory_quota > 0);
    const auto& bspec = m.container(batch).spec;
    // Step, and account batch's CPU time per period (the quota allows one
    // instruction of overrun: the one that crosses it).
    std::map<uint64_t, uint64_t> batch_per_period, web_per_period;
    uint64_t steps = 0;
    while (steps++ < 2'000'000) {
        gb::StepResult s = m.step();
        if (!s.executed) {
            if (s.stop == gb::StopReason::Budget) continue;
            break;
        }
        uint64_t period = s.cycle / bspec.cpu_period;
        int c = m.process(s.pid).container;
        if (c == batch) batch_per_period[period] += s.outcome.cycles;
        if (c == web) web_per_period[period] += s.outcome.cycles;
        CHECK(gb::container_memory(m, tiny) <= m.container(tiny).spec.memory_quota);
    }
    REQUIRE(m.all_done());

    for (int c : {web, batch, tiny}) {
        CAPTURE(c);
        const gb::Container& con = m.container(c);
        REQUIRE(con.pids.size() == 3);
        const gb::Process& app = m.process(con.pids[0]);
        // Inside, it is pid 1 with children 2 and 3, whatever the host numbers are.
        CHECK(app.output.find("app: I am pid 1, my parent is pid 0") != std::string::npos);
        CHECK(app.output.find("collected child pid 2") != std::string::npos);
        CHECK(app.output.find("collected child pid 3") != std::string::npos);
        for (int i : {1, 2})
            CHECK(m.process(con.pids[static_cast<size_t>(i)]).output ==
                  fmt::format("  child: I am pid {}, my parent is pid 1\n", i + 1));
        for (int pid : con.pids)
            CHECK(m.process(pid).container == c);
        CHECK(gb::container_pid(m, con.pids[0]) == 1);
        CHECK(gb::container_host_pid(m, c, 1) == con.pids[0]);
    }
    std::set<int> host_pids;
    for (const auto& con : m.containers)
        host_pids.insert(con.pids.begin(), con.pids.end());
    CHECK(host_pids.size() == 9); // nine different processes on the machine
    CHECK(m.container(batch).pids[0] != 1);

    // Memory: tiny's app is killed by the OOM killer; the others allocate all 48 KiB.
    const gb::Process& tiny_app = m.process(m.container(tiny).pids[0]);
    CHECK(tiny_app.exit_code == 137);
    CHECK(tiny_app.output.find("allocated KiB: 32") != std::string::npos);
    CHECK(tiny_app.output.find("allocated KiB: 36") == std::string::npos);
    CHECK(m.container(tiny).oom_kills == 1);
    CHECK(m.container(tiny).memory_peak <= m.container(tiny).spec.memory_quota);
    for (int c : {web, batch}) {
        const gb::Process& app = m.process(m.container(c).pids[0]);
        CHECK(app.exit_code == 0);
        CHECK(app.output.find("allocated KiB: 48") != std::string::npos);
        CHECK(m.container(c).memory_peak > m.container(tiny).spec.memory_quota);
    }

    // CPU: batch never runs more than its quota in a period (+ the crossing instruction);
    // web, without a quota, takes more than that in some period.
    uint64_t batch_max = 0, web_max = 0;
    for (auto [p, cycles] : batch_per_period)
        batch_max = std::max(batch_max, cycles);
    for (auto [p, cycles] : web_per_period)
        web_max = std::max(web_max, cycles);
    MESSAGE("most CPU cycles in one period of ", bspec.cpu_period, ": batch ", batch_max,
            " (quota ", bspec.cpu_quota, "), web ", web_max, "; batch throttled ",
            m.container(batch).throttles, " times; batch's app ends at cycle ",
            m.thread(m.process(m.container(batch).pids[0]).threads[0]).finished,
            ", web's at cycle ", m.thread(m.process(m.container(web).pids[0]).threads[0]).finished);
    CHECK(batch_max <= bspec.cpu_quota + 8);
    CHECK(web_max > bspec.cpu_quota + 8);
    CHECK(m.container(batch).throttles > 0);
    CHECK(m.container(web).throttles == 0);
}
