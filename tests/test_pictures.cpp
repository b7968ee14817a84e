// The lesson pictures (teach/*_view.h): each lesson's program run through
// the session, and the picture's figures checked against the machine.
#include "helpers.h"

#include "sim/kernel/io/io.h"
#include "sim/kernel/io/poll.h"
#include "teach/container_view.h"
#include "teach/coroutine_view.h"
#include "teach/event_loop_view.h"
#include "teach/lesson.h"
#include "teach/pipe_view.h"
#include "teach/pool_sizing.h"
#include "teach/pool_view.h"
#include "teach/session.h"

#include <algorithm>
#include <string>

namespace {

const std::vector<gb::Lesson>& all_lessons() {
    static const std::vector<gb::Lesson> all = [] {
        std::vector<std::string> errors;
        auto l = gb::load_lessons(GLASSBOX_SOURCE_DIR "/assets", errors);
        REQUIRE(errors.empty());
        return l;
    }();
    return all;
}

const gb::Lesson& lesson(const std::string& name) {
    std::string error;
    const gb::Lesson* l = gb::find_lesson(all_lessons(), name, error);
    INFO(error);
    REQUIRE(l != nullptr);
    return *l;
}

const gb::view::ContainerBox& box(const std::vector<gb::view::ContainerBox>& boxes,
                                  const std::string& name) {
    auto it = std::find_if(boxes.begin(), boxes.end(),
                           [&](const gb::view::ContainerBox& b) { return b.name == name; });
    REQUIRE(it != boxes.end());
    return *it;
}

} // namespace

// [SECTION] Containers (lesson 16) ------------------------------------------------

TEST_CASE("pictures: lesson 16's containers, their processes, quotas and the OOM kill") {
    gb::Session s;
    REQUIRE(s.open_lesson(lesson("16")));

    // At the start: three boxes named as the lesson names them, one process each (its pid 1).
    auto boxes = gb::view::container_boxes(s.machine());
    REQUIRE(boxes.size() == 3);
    CHECK(boxes[0].name == "web");
    CHECK(boxes[1].name == "batch");
    CHECK(boxes[2].name == "tiny");
    for (const auto& b : boxes) {
        REQUIRE(b.processes.size() == 1);
        CHECK(b.processes[0].ns_pid == 1);
        CHECK(b.processes[0].pid == b.id); // started in order: host pids 1, 2, 3
        CHECK(b.memory == s.machine().process(b.processes[0].pid).mem.mapped_bytes());
    }
    CHECK(box(boxes, "batch").cpu_quota == 250);
    CHECK(box(boxes, "batch").cpu_period == 1000);
    CHECK(box(boxes, "tiny").memory_quota == 49152);
    CHECK(box(boxes, "web").cpu_quota == 0);
    CHECK(box(boxes, "web").memory_quota == 0);

    // While it runs, batch never uses more of a period than its quota plus the
    // one instruction that crosses it; and once it is throttled, its live
    // processes are all asleep.
    bool saw_throttled = false;
    for (int i = 0; i < 400 && !s.machine().all_done(); ++i) {
        s.step_n(25);
        auto now = gb::view::container_boxes(s.machine());
        const auto& batch = box(now, "batch");
        CHECK(batch.cpu_used <= batch.cpu_quota + 10);
        const auto& tiny = box(now, "tiny");
        CHECK(tiny.memory <= tiny.memory_quota);
        CHECK(tiny.memory_peak <= tiny.memory_quota);
        uint32_t sum = 0;
        for (const auto& p : tiny.processes)
            sum += p.memory;
        CHECK(sum == tiny.memory);
        if (batch.throttled && batch.live > 0) {
            saw_throttled = true;
            bool any_running = false;
            for (const auto& p : batch.processes)
                any_running = any_running || p.running;
            CHECK_FALSE(any_running);
        }
    }
    CHECK(saw_throttled);

    // At the end: tiny's pid 1 was killed by the OOM killer, and only it.
    s.step_n(5'000'000);
    REQUIRE(s.machine().all_done());
    boxes = gb::view::container_boxes(s.machine());
    const auto& tiny = box(boxes, "tiny");
    REQUIRE(tiny.processes.size() == 3);
    CHECK(tiny.oom_kills == 1);
    CHECK(tiny.processes[0].oom_killed);
    CHECK(tiny.processes[0].exit_code == gb::kOomExitCode);
    CHECK_FALSE(tiny.processes[1].oom_killed); // its children ended normally
    CHECK(tiny.processes[1].exit_code == 0);
    CHECK(tiny.memory == 0);
    CHECK(tiny.live == 0);
    for (const char* name : {"web", "batch"}) {
        CAPTURE(name);
        const auto& b = box(boxes, name);
        CHECK(b.processes.size() == 3);
        CHECK(b.oom_kills == 0);
        for (const auto& p : b.processes) {
            CHECK_FALSE(p.oom_killed);
            CHECK(p.exit_code == 0);
        }
    }
    CHECK(box(boxes, "batch").throttles > 0);
    CHECK(box(boxes, "batch").throttles == s.machine().container(2).throttles);
    CHECK(box(boxes, "web").throttles == 0);
    CHECK(box(boxes, "web").cpu_total == s.machine().container(1).cpu_total);
    CHECK(box(boxes, "web").cpu_total > box(boxes, "batch").cpu_quota);
}

// [SECTION] Thread pool (lesson 06) -----------------------------------------------

TEST_CASE("pictures: lesson 06's pool queue and which worker holds which task") {
    const gb::Lesson& l = lesson("06");
    REQUIRE(l.pool.has_value());
    gb::Session s;
    REQUIRE(s.open_lesson(l));
    constexpr int kTasks = 96, kWorkers = 4; // the program's TASKS and WORKERS

    bool saw_overlap = false; // one worker computes while another waits for its I/O
    size_t most_waiting = 0;
    while (!s.machine().all_done() && s.machine().instructions < 2'000'000) {
        s.step_n(97);
        gb::view::PoolPicture pic = gb::view::pool_picture(s.machine(), *l.pool);
        REQUIRE(pic.error.empty());
        REQUIRE(pic.pid == 1);
        CHECK(pic.head <= pic.tail);
        CHECK(pic.slots.size() == pic.tail);
        // main submits 0..95 in order, then one stop marker (-1) per worker.
        for (size_t i = 0; i < pic.slots.size(); ++i)
            CHECK(pic.slots[i] == (i < kTasks ? static_cast<int32_t>(i) : -1));
        CHECK(pic.stops == std::max(0, static_cast<int>(pic.tail) - kTasks));
        most_waiting = std::max(most_waiting, pic.waiting());

        // Each held task was taken from the queue (below head), by one worker only;
        // and every task taken is finished, held, or on its way (at most one per idle worker).
        std::vector<int32_t> held;
        int idle = 0, computing = 0, waiting = 0;
        for (const auto& w : pic.workers) {
            CHECK(s.machine().thread(w.tid).name == "worker");
            if (w.task) {
                CHECK(*w.task >= 0);
                CHECK(static_cast<uint32_t>(*w.task) < pic.head);
                CHECK(std::find(held.begin(), held.end(), *w.task) == held.end());
                held.push_back(*w.task);
            }
            idle += w.doing == gb::view::WorkerDoing::Idle;
            computing += w.doing == gb::view::WorkerDoing::Computing;
            waiting += w.doing == gb::view::WorkerDoing::Waiting;
        }
        int taken = static_cast<int>(std::min<uint32_t>(pic.head, kTasks));
        int accounted = pic.done + static_cast<int>(held.size());
        CHECK(accounted <= taken);
        CHECK(taken - accounted <= idle);
        saw_overlap = saw_overlap || (computing > 0 && waiting > 0);
    }
    REQUIRE(s.machine().all_done());
    CHECK(saw_overlap);
    CHECK(most_waiting > 50); // main fills the queue faster than the workers empty it

    gb::view::PoolPicture end = gb::view::pool_picture(s.machine(), *l.pool);
    REQUIRE(end.error.empty());
    CHECK(end.done == kTasks);
    CHECK(end.head == kTasks + kWorkers);
    CHECK(end.tail == kTasks + kWorkers);
    CHECK(end.waiting() == 0);
    REQUIRE(end.workers.size() == kWorkers);
    for (const auto& w : end.workers) {
        CHECK(w.doing == gb::view::WorkerDoing::Stopped);
        CHECK_FALSE(w.task.has_value());
    }
}

TEST_CASE("pictures: the pool picture says why there is none") {
    gb::Session s;
    REQUIRE(s.load(GLASSBOX_SOURCE_DIR "/programs/hello.s"));
    gb::LessonPool pool = *lesson("06").pool;
    gb::view::PoolPicture pic = gb::view::pool_picture(s.machine(), pool);
    CHECK(pic.pid == 0);
    CHECK(pic.error.find("no process has the pool's symbols") != std::string::npos);
    const gb::Lesson& l = lesson("06");
    REQUIRE(s.open_lesson(l));
    pool.task_register = "r99";
    CHECK(gb::view::pool_picture(s.machine(), pool).error == "'r99' is not a register");
}

// [SECTION] Pipes (lesson 13) ------------------------------------------------------

TEST_CASE("pictures: a pipe's buffer fills and drains; a writer waits when full, a reader when "
          "empty") {
    gb::Session s;
    REQUIRE(s.load(GLASSBOX_SOURCE_DIR "/programs/io/pipe_bounded.s"));
    // What the writer sends, in order: 48 bytes (its 47-character text and the NUL), then 8 more.
    const std::string stream =
        std::string("A pipe holds only sixteen bytes; we send it 48.") + '\0' + "goodbye!";
    bool saw_full_writer = false, saw_empty_reader = false;
    size_t most = 0;
    while (!s.machine().all_done() && s.machine().instructions < 200'000) {
        s.step();
        auto pipes = gb::view::pipe_boxes(s.machine());
        if (pipes.empty()) continue;
        REQUIRE(pipes.size() == 1);
        const auto& p = pipes[0];
        CHECK(p.capacity == 16);
        CHECK(p.bytes.size() == p.written - p.read); // the fill level
        CHECK(p.bytes.size() <= p.capacity);
        most = std::max(most, p.bytes.size());
        // The bytes in the buffer are the stream's next unread ones.
        REQUIRE(p.written <= stream.size());
        CHECK(std::string(p.bytes.begin(), p.bytes.end()) ==
              stream.substr(p.read, p.written - p.read));
        if (!p.writers.empty()) {
            CHECK(p.full()); // a writer waits only while the pipe is full
            CHECK(p.writers[0].left > 0);
            CHECK(s.machine().thread(p.writers[0].tid).state == gb::ThreadState::Blocked);
            saw_full_writer = true;
        }
        if (!p.readers.empty()) {
            CHECK(p.bytes.empty()); // a reader waits only while the pipe is empty
            CHECK(p.readers[0].asked == 8);
            saw_empty_reader = true;
        }
    }
    REQUIRE(s.machine().all_done());
    CHECK(saw_full_writer);
    CHECK(saw_empty_reader);
    CHECK(most == 16);
    auto end = gb::view::pipe_boxes(s.machine());
    CHECK(end[0].written == 56);
    CHECK(end[0].read == 56);
    CHECK(end[0].write_ends == 0);
}

// [SECTION] Event loop (lesson 14) -------------------------------------------------

TEST_CASE("pictures: lesson 14's event loop, its interest set and ready list") {
    const gb::Lesson& l = lesson("14");
    auto it = std::find_if(l.programs.begin(), l.programs.end(), [](const std::string& p) {
        return p.find("event_loop.s") != std::string::npos;
    });
    REQUIRE(it != l.programs.end());
    gb::Session s;
    REQUIRE(s.open_lesson(l, static_cast<size_t>(it - l.programs.begin())));
    size_t most_conns = 0, most_ready = 0;
    bool saw_waiting = false;
    while (!s.machine().all_done() && s.machine().instructions < 3'000'000) {
        s.step_n(7);
        auto sets = gb::view::interest_sets(s.machine());
        if (sets.empty()) continue;
        REQUIRE(sets.size() == 1);
        const auto& set = sets[0];
        // The listening socket on port 80 (until the loop closes it), and connections.
        size_t conns = 0, listeners = 0;
        for (const auto& row : set.rows) {
            CHECK(row.wanted == gb::kPollIn);
            if (row.kind == gb::FdKind::Listen) {
                ++listeners;
                CHECK(row.detail == 80);
            } else {
                CHECK(row.kind == gb::FdKind::Conn);
                CHECK(row.detail >= 1); // its client's number
                ++conns;
            }
        }
        CHECK(listeners <= 1);
        most_conns = std::max(most_conns, conns);
        // The ready list is exactly what the kernel would return now.
        auto ready = gb::poll_ready(s.machine(), set.id);
        REQUIRE(set.ready.size() == ready.size());
        for (size_t i = 0; i < ready.size(); ++i) {
            CHECK(set.ready[i].fd == ready[i].fd);
            CHECK(set.ready[i].ready == ready[i].events);
        }
        most_ready = std::max(most_ready, set.ready.size());
        // A thread sleeps in poll_wait only while nothing is ready (level-triggered).
        REQUIRE(set.threads.size() <= 1); // one thread (none once it has ended)
        if (!set.threads.empty() && set.threads[0].waiting) {
            saw_waiting = true;
            CHECK(set.ready.empty());
        }
    }
    REQUIRE(s.machine().all_done());
    CHECK(saw_waiting);
    CHECK(most_conns >= 2); // one thread kept several connections at once
    CHECK(most_ready >= 1);
    // Every poll_wait is counted: the loop's own count of turns.
    auto end = gb::view::interest_sets(s.machine());
    REQUIRE(end.size() == 1);
    CHECK(static_cast<int64_t>(end[0].waits) == gbtest::global(s.machine(), "turns"));
}

// [SECTION] Coroutines (lesson 10) -------------------------------------------------

TEST_CASE("pictures: lesson 10's coroutine frame, suspended and resumed") {
    const gb::Lesson& l = lesson("10");
    REQUIRE(l.coroutines.has_value());
    gb::Session s;
    REQUIRE(s.open_lesson(l));
    const gb::Image& img = *s.image();
    const uint32_t func = static_cast<uint32_t>(img.find("func")->value);
    auto source_of = [&](uint32_t addr) {
        auto loc = img.line_of(addr);
        REQUIRE(loc.has_value());
        return img.files[static_cast<size_t>(loc->file)].lines[static_cast<size_t>(loc->line - 1)];
    };
    // Each state the frame goes through, in order, with where it would resume.
    std::vector<gb::view::CoroutineState> states;
    std::vector<uint32_t> resume_points;
    while (!s.machine().all_done() && s.machine().instructions < 10'000) {
        s.step();
        auto frames = gb::view::coroutine_frames(s.machine(), *l.coroutines);
        if (s.machine().all_done()) break;
        REQUIRE(frames.size() <= 1);
        if (frames.empty()) continue;
        const auto& f = frames[0];
        CHECK(f.number == 1);
        CHECK(f.size >= 268); // CO_SIZE (12 bytes of record, a 256-byte stack), as malloc rounds it
        if (states.empty() || states.back() != f.state) {
            states.push_back(f.state);
            resume_points.push_back(f.resume_pc);
        }
        if (f.state == gb::view::CoroutineState::Running) {
            // The one thread's SP is on the coroutine's own stack, inside its heap block.
            uint32_t sp = s.machine().context_of(1).regs[gb::SP];
            CHECK(sp > f.record);
            CHECK(sp <= f.record + f.size);
            CHECK(f.tid == 1);
        } else {
            REQUIRE(f.saved.size() == 4);
            CHECK(f.saved[2].name == "r5");
            if (f.state == gb::view::CoroutineState::Suspended) {
                // Its r5 holds its own record (func keeps it there); it resumes just
                // after a `call yield` in func.
                CHECK(f.saved[2].value == f.record);
                CHECK(source_of(f.resume_pc - 4).find("call yield") != std::string::npos);
                CHECK(f.resume_at.rfind("func+", 0) == 0);
            }
        }
    }
    using St = gb::view::CoroutineState;
    // Made, then run and suspended twice: "a" then "b"; never finished ("c" never prints).
    REQUIRE(states.size() == 5);
    CHECK(states ==
          std::vector<St>{St::NotStarted, St::Running, St::Suspended, St::Running, St::Suspended});
    CHECK(resume_points[0] == func);
    CHECK(resume_points[2] > func);
    CHECK(resume_points[4] > resume_points[2]); // the second yield is further on
    CHECK(s.machine().console.find("c\n") == std::string::npos);

    // The same two resumes and two suspends, replayed from the start, in order, on thread 1.
    auto sw =
        gb::view::coroutine_switches(s.initial_machine(), s.machine().instructions, *l.coroutines);
    REQUIRE(sw.size() == 4);
    for (size_t i = 0; i < sw.size(); ++i) {
        CHECK(sw[i].resume == (i % 2 == 0));
        CHECK(sw[i].number == 1);
        CHECK(sw[i].tid == 1);
        if (i > 0) CHECK(sw[i].cycle > sw[i - 1].cycle);
    }
    // The replay's moments are real: after the first resume's instruction, "a" has not
    // been printed yet; at the first suspend it has.
    gb::Session t;
    REQUIRE(t.open_lesson(l));
    t.step_n(sw[0].instruction);
    CHECK(t.machine().console.find("a\n") == std::string::npos);
    t.step_n(sw[1].instruction - sw[0].instruction);
    CHECK(t.machine().console.find("a\n") != std::string::npos);
    CHECK(t.machine().console.find("b\n") == std::string::npos);
    // Carried on in pieces, the replay finds the same; one cut short, the first part only.
    gb::view::CoroutineReplay r;
    for (uint64_t n = 0; n <= s.machine().instructions; n += 7)
        gb::view::coroutine_replay_to(r, s.initial_machine(), n, *l.coroutines);
    gb::view::coroutine_replay_to(r, s.initial_machine(), s.machine().instructions, *l.coroutines);
    REQUIRE(r.switches.size() == sw.size());
    for (size_t i = 0; i < sw.size(); ++i)
        CHECK(r.switches[i].instruction == sw[i].instruction);
    gb::view::coroutine_replay_to(r, s.initial_machine(), sw[1].instruction, *l.coroutines);
    CHECK(r.switches.size() == 1); // going back starts over
    CHECK(gb::view::coroutine_switches(s.initial_machine(), s.machine().instructions, *l.coroutines,
                                       sw[1].instruction)
              .size() == 1);
}

TEST_CASE("pictures: lesson 10's resumes and suspends are marked on the main timeline") {
    const gb::Lesson& l = lesson("10");
    REQUIRE(l.coroutines.has_value());
    gb::Session s;
    REQUIRE(s.open_lesson(l));
    s.continue_run(10'000);
    REQUIRE(s.machine().all_done());
    const gb::Image& img = *s.image();
    auto line_after_yield = [&](int n) { // the line after func's n-th `call yield`
        int seen = 0;
        for (const gb::SourceFile& f : img.files)
            for (size_t i = 0; i < f.lines.size(); ++i)
                if (f.lines[i].find("call yield") != std::string::npos &&
                    f.lines[i].find(";") > f.lines[i].find("call yield") && ++seen == n)
                    return static_cast<int>(i) + 2;
        return 0;
    };
    const int func_line = img.line_of(static_cast<uint32_t>(img.find("func")->value))->line;

    auto tl = gb::view::build_timeline(s.machine());
    auto sw =
        gb::view::coroutine_switches(s.initial_machine(), s.machine().instructions, *l.coroutines);
    auto marks = gb::view::coroutine_marks(tl, sw);
    // main → coroutine ("a"), back, main → coroutine ("b"), back: one mark per resume and per
    // suspend, in order, at the cycle of the instruction that moved SP.
    REQUIRE(sw.size() == 4);
    REQUIRE(marks.size() == 4);
    for (size_t i = 0; i < marks.size(); ++i) {
        CHECK(marks[i].resume == (i % 2 == 0));
        CHECK(marks[i].number == 1);
        CHECK(marks[i].cycle == sw[i].cycle);
        // On thread 1's lane (the one thread), and that thread was running then.
        CHECK(marks[i].lane == 1);
        bool running = false;
        for (const gb::view::Segment& seg : tl.threads)
            if (seg.lane == 1 && seg.start <= marks[i].cycle && marks[i].cycle < seg.end)
                running = seg.state == gb::view::LaneState::Running;
        CHECK(running);
    }
    // Where it carries on: the first resume starts func; the first suspend will resume after
    // the first `call yield`, which is where the second resume carries on; the second suspend
    // after the second yield.
    CHECK(marks[0].line == func_line);
    CHECK(marks[0].at == "func");
    CHECK(marks[1].line == line_after_yield(1));
    CHECK(marks[2].line == line_after_yield(1));
    CHECK(marks[3].line == line_after_yield(2));
    CHECK(marks[1].source == "li   r1, m_b");
    CHECK(marks[3].source == "li   r1, m_c");
    // A timeline that does not reach a switch, or a thread without a lane, gets no mark there.
    gb::view::Timeline early = tl;
    early.end = sw[1].cycle - 1;
    CHECK(gb::view::coroutine_marks(early, sw).size() == 1);
    gb::view::Timeline other = tl;
    other.thread_lanes = {2};
    CHECK(gb::view::coroutine_marks(other, sw).empty());
}

// [SECTION] The pool sizing experiment (lesson 06) ---------------------------------

TEST_CASE("pictures: the pool sizing experiment runs every size in slices and finds the rule's "
          "peak") {
    const gb::Lesson& l = lesson("06");
    gb::PoolSizing exp;
    REQUIRE(exp.start(l));
    CHECK(exp.running());
    int slices = 0;
    double last = -1;
    while (!exp.advance(5'000)) {
        ++slices;
        CHECK(exp.progress() >= last);
        last = exp.progress();
        REQUIRE(slices < 10'000);
    }
    INFO(exp.error());
    REQUIRE(exp.error().empty());
    CHECK(slices > 11); // slices of 5,000 instructions: many frames, not one long wait
    CHECK(exp.progress() == 1.0);
    const auto& pts = exp.points();
    REQUIRE(pts.size() == 11);
    for (size_t i = 0; i < pts.size(); ++i) {
        CHECK(pts[i].workers == static_cast<int>(i) + 1);
        CHECK(pts[i].tasks == 96);
    }
    // The lesson's own program (4 workers), run through the session: the same cycle count.
    gb::Session s;
    REQUIRE(s.open_lesson(l));
    s.step_n(5'000'000);
    REQUIRE(s.machine().all_done());
    CHECK(pts[3].cycles == s.machine().now);
    // WT = 600 and CT measured near 200: the rule says about 4 workers, and the peak is there.
    CHECK(exp.wait_cycles() == 600);
    CHECK(exp.compute_cycles() > 180);
    CHECK(exp.compute_cycles() < 260);
    REQUIRE(exp.rule_of_thumb().has_value());
    double rule = *exp.rule_of_thumb();
    CHECK(rule > 3.0);
    CHECK(rule < 4.5);
    CHECK(std::abs(exp.best_workers() - rule) <= 1.0);
    for (int w = 1; w < 4; ++w)
        CHECK(pts[static_cast<size_t>(w)].throughput > pts[static_cast<size_t>(w - 1)].throughput);
    CHECK(pts[3].throughput > 2.5 * pts[0].throughput);
}

TEST_CASE("pictures: the sizing experiment's errors") {
    CHECK(gb::with_equ("  .equ WORKERS, 4   ; size\n", "WORKERS", 7) ==
          std::optional<std::string>("  .equ WORKERS, 7   ; size\n"));
    CHECK_FALSE(gb::with_equ("  .equ TASKS, 4\n", "WORKERS", 7).has_value());
    gb::PoolSizing exp;
    CHECK_FALSE(exp.start(lesson("09")));
    CHECK(exp.error() == "this lesson has no sizing experiment");
    CHECK(exp.finished());
    gb::Lesson l = lesson("06");
    l.pool->size_constant = "NO_SUCH";
    CHECK_FALSE(exp.start(l));
    CHECK(exp.error().find("no line '.equ NO_SUCH, ...' to change") != std::string::npos);
}
