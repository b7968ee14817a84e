// The race detector (teach/race_detector.h) and a value's history
// (teach/value_history.h): the racy counters are reported with the exact
// load/store pair, every correctly synchronised program is not, each kind
// of synchronisation orders accesses (the same program without it races),
// and the history of `count` marks exactly the lost updates.
#include "helpers.h"

#include "teach/loader.h"
#include "teach/race_detector.h"
#include "teach/session.h"
#include "teach/value_history.h"
#include "teach/watchpoint.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace gbtest;

namespace {

// The line number (1-based) of the first source line of process 1's image containing `text`.
int line_containing(const gb::Machine& m, const std::string& text) {
    const gb::Image& img = *m.process(1).image;
    REQUIRE(!img.files.empty());
    const auto& lines = img.files[0].lines;
    for (size_t i = 0; i < lines.size(); ++i)
        if (lines[i].find(text) != std::string::npos) return static_cast<int>(i) + 1;
    FAIL("no line contains " << text);
    return 0;
}

std::set<std::pair<int, int>> line_pairs(const std::vector<gb::Race>& races) {
    std::set<std::pair<int, int>> out;
    for (const gb::Race& r : races)
        out.insert({std::min(r.first.line, r.second.line), std::max(r.first.line, r.second.line)});
    return out;
}

gb::Machine boot_with_loaders(const std::string& rel, gb::Config cfg = {}) {
    gb::Machine m = boot_file(rel, cfg);
    gb::install_file_loaders(m, std::string(GLASSBOX_SOURCE_DIR "/") + rel);
    return m;
}

// The racy counter's report: races on `count` only, between its load and
// its store (and the two stores), both threads named, nothing else.
void check_counter_races(const gb::Machine& start, const std::string& load,
                         const std::string& store) {
    std::vector<gb::Race> races = gb::find_races(start);
    REQUIRE(!races.empty());
    int l = line_containing(start, load), s = line_containing(start, store);
    std::set<std::pair<int, int>> pairs = line_pairs(races);
    CHECK(pairs.count({std::min(l, s), std::max(l, s)}) == 1);
    for (const gb::Race& r : races) {
        CHECK(r.symbol == "count");
        CHECK(r.first.tid != r.second.tid);
        CHECK((r.first.write || r.second.write));
        CHECK(r.first.cycle <= r.second.cycle);
        CHECK((r.first.line == l || r.first.line == s));
        CHECK((r.second.line == l || r.second.line == s));
        CHECK(r.first.source.find(r.first.write ? "store" : "load") != std::string::npos);
    }
}

} // namespace

// [SECTION] The racy programs ---------------------------------------------------

TEST_CASE("races: race.s is reported at its load and its store of count") {
    for (uint32_t timer : {7u, 100u}) {
        gb::Config cfg;
        cfg.timer_period = timer;
        CAPTURE(timer);
        check_counter_races(boot_file("programs/race.s", cfg), "load  r3, [count]",
                            "store r3, [count]");
    }
}

TEST_CASE("races: the race lesson and the race runner's loop are reported at the exact lines") {
    check_counter_races(boot_file("programs/lessons/09_race.s"), "load  r3, [count]",
                        "store r3, [count]");
    gb::Machine m;
    std::string path = GLASSBOX_SOURCE_DIR "/programs/looping_race_nolock.s";
    gb::AsmResult r = gb::assemble_file(path, gb::default_asm_options(path));
    REQUIRE(r.ok());
    REQUIRE(m.load_threads(std::make_shared<const gb::Image>(std::move(*r.image)), "loop", 2,
                           {{{1, 20}}, {{1, 20}}}));
    check_counter_races(m, "load  r2, [count]", "store r2, [count]");
}

TEST_CASE("races: a race is found even when the timer never splits the update") {
    // With a long timer period each worker runs its whole loop in one
    // slice, so no update is lost; the accesses are still unordered.
    gb::Config cfg;
    cfg.timer_period = 1'000'000;
    gb::Machine m = boot_file("programs/race.s", cfg);
    gb::Machine end = m;
    end.run(1'000'000);
    CHECK(global(end, "count") == 2000);
    CHECK(!gb::find_races(m).empty());
}

// [SECTION] Correctly synchronised programs ---------------------------------------

TEST_CASE("races: no sample program other than the racy counters reports a race") {
    const std::set<std::string> racy = {"programs/race.s", "programs/lessons/09_race.s"};
    int checked = 0;
    for (const auto& e : fs::recursive_directory_iterator(GLASSBOX_SOURCE_DIR "/programs")) {
        if (e.path().extension() != ".s" || e.path().parent_path().filename() == "lib") continue;
        std::string rel = fs::relative(e.path(), GLASSBOX_SOURCE_DIR).string();
        CAPTURE(rel);
        gb::Config cfg;
        cfg.io.load.clients = 6; // the servers get clients to serve
        std::vector<gb::Race> races = gb::find_races(boot_with_loaders(rel, cfg), 5'000'000);
        if (racy.count(rel))
            CHECK(!races.empty());
        else
            CHECK(races.empty());
        for (const gb::Race& r : races)
            if (!racy.count(rel))
                MESSAGE(r.symbol << ": " << r.first.source << " / " << r.second.source);
        ++checked;
    }
    CHECK(checked >= 40);
}

TEST_CASE("races: every lesson program under its lesson's settings is race-free but the race") {
    std::vector<std::string> errors;
    std::vector<gb::Lesson> lessons = gb::load_lessons(GLASSBOX_SOURCE_DIR "/assets", errors);
    REQUIRE(lessons.size() >= 10);
    int racy = 0;
    for (const gb::Lesson& l : lessons)
        for (size_t i = 0; i < l.programs.size(); ++i) {
            gb::Session s;
            REQUIRE(s.open_lesson(l, i));
            CAPTURE(l.programs[i]);
            std::vector<gb::Race> races = gb::find_races(s.machine(), 5'000'000);
            bool expect = l.programs[i].find("09_race") != std::string::npos;
            CHECK(races.empty() == !expect);
            racy += !races.empty();
        }
    CHECK(racy == 1);
}

// [SECTION] Each kind of synchronisation orders accesses ----------------------------

namespace {

// Two threads: `main` and `other`. Each variant has the synchronised form
// and the same program with the synchronisation replaced by a long sleep,
// which orders the accesses in time but not by happens-before.
struct SyncCase {
    const char* kind;
    const char* synced;
    const char* unsynced;
};

const SyncCase kSyncCases[] = {
    {"thread create",
     R"(
        .data
x:      .word 0
        .text
main:   li r2, 5
        store r2, [x]          ; before the thread exists
        li r1, other
        li r2, 0
        sys thread_create
        mov r1, r0
        sys thread_join
        halt
other:  load r3, [x]
        ret
)",
     R"(
        .data
x:      .word 0
        .text
main:   li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
        li r2, 5
        store r2, [x]          ; after: the thread may already run
        mov r1, r5
        sys thread_join
        halt
other:  li r1, 300
        sys sleep
        load r3, [x]
        ret
)"},
    {"thread join",
     R"(
        .data
x:      .word 0
        .text
main:   li r1, other
        li r2, 0
        sys thread_create
        mov r1, r0
        sys thread_join
        load r3, [x]
        halt
other:  li r2, 5
        store r2, [x]
        ret
)",
     R"(
        .data
x:      .word 0
        .text
main:   li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
        li r1, 300
        sys sleep
        load r3, [x]
        mov r1, r5
        sys thread_join
        halt
other:  li r2, 5
        store r2, [x]
        ret
)"},
    {"mutex",
     R"(
        .data
x:      .word 0
m:      .word 0
        .text
main:   li r1, 0
        sys mutex_create
        store r0, [m]
        li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
        load r1, [m]
        sys mutex_lock
        load r3, [x]
        add r3, r3, 1
        store r3, [x]
        load r1, [m]
        sys mutex_unlock
        mov r1, r5
        sys thread_join
        halt
other:  load r1, [m]
        sys mutex_lock
        load r3, [x]
        add r3, r3, 1
        store r3, [x]
        load r1, [m]
        sys mutex_unlock
        ret
)",
     R"(
        .data
x:      .word 0
m:      .word 0
        .text
main:   li r1, 0
        sys mutex_create
        store r0, [m]
        li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
        load r3, [x]
        add r3, r3, 1
        store r3, [x]
        mov r1, r5
        sys thread_join
        halt
other:  li r1, 300
        sys sleep
        load r3, [x]
        add r3, r3, 1
        store r3, [x]
        ret
)"},
    {"semaphore",
     R"(
        .data
x:      .word 0
s:      .word 0
        .text
main:   li r1, 0
        li r2, 0
        sys sem_create
        store r0, [s]
        li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
        load r1, [s]
        sys sem_wait
        load r3, [x]
        mov r1, r5
        sys thread_join
        halt
other:  li r2, 5
        store r2, [x]
        load r1, [s]
        sys sem_post
        ret
)",
     R"(
        .data
x:      .word 0
s:      .word 0
        .text
main:   li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
        li r1, 300
        sys sleep
        load r3, [x]
        mov r1, r5
        sys thread_join
        halt
other:  li r2, 5
        store r2, [x]
        ret
)"},
    {"condition variable",
     R"(
        .data
x:      .word 0
ready:  .word 0
m:      .word 0
cv:     .word 0
        .text
main:   li r1, 0
        sys mutex_create
        store r0, [m]
        li r1, 0
        sys cond_create
        store r0, [cv]
        li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
        load r1, [m]
        sys mutex_lock
wait:   load r3, [ready]
        cmp r3, 0
        bne go
        load r1, [cv]
        load r2, [m]
        sys cond_wait
        jmp wait
go:     load r1, [m]
        sys mutex_unlock
        load r3, [x]           ; after the handoff, outside the lock
        mov r1, r5
        sys thread_join
        halt
other:  li r2, 5
        store r2, [x]
        load r1, [m]
        sys mutex_lock
        li r2, 1
        store r2, [ready]
        load r1, [cv]
        sys cond_signal
        load r1, [m]
        sys mutex_unlock
        ret
)",
     R"(
        .data
x:      .word 0
        .text
main:   li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
        li r1, 300
        sys sleep
        load r3, [x]
        mov r1, r5
        sys thread_join
        halt
other:  li r2, 5
        store r2, [x]
        ret
)"},
    {"pipe",
     R"(
        .data
x:      .word 0
w:      .word 0
buf:    .word 0
        .text
main:   sys pipe
        mov r6, r0             ; the read end
        store r1, [w]
        li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
        mov r1, r6
        li r2, buf
        li r3, 1
        sys read               ; blocks until the other thread writes
        load r3, [x]
        mov r1, r5
        sys thread_join
        halt
other:  li r2, 5
        store r2, [x]
        load r1, [w]
        li r2, buf
        li r3, 1
        sys write
        ret
)",
     R"(
        .data
x:      .word 0
        .text
main:   li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
        li r1, 300
        sys sleep
        load r3, [x]
        mov r1, r5
        sys thread_join
        halt
other:  li r2, 5
        store r2, [x]
        ret
)"},
    {"spinlock on xchg",
     R"(
        .data
x:      .word 0
lock:   .word 0
        .text
main:   li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
        call work
        mov r1, r5
        sys thread_join
        halt
other:  call work
        ret
work:   li r4, lock
spin:   li r1, 1
        xchg r1, [r4]
        cmp r1, 0
        bne spin
        load r3, [x]
        add r3, r3, 1
        store r3, [x]
        li r1, 0
        store r1, [lock]       ; release: a plain store
        ret
)",
     R"(
        .data
x:      .word 0
lock:   .word 0
        .text
main:   li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
        call work
        mov r1, r5
        sys thread_join
        halt
other:  li r1, 300
        sys sleep
        call work
        ret
work:   load r3, [x]
        add r3, r3, 1
        store r3, [x]
        ret
)"},
    {"fetch-and-add flag",
     R"(
        .data
x:      .word 0
flag:   .word 0
        .text
main:   li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
spin:   load r3, [flag]        ; a plain load of an atomic word acquires
        cmp r3, 0
        beq spin
        load r3, [x]
        mov r1, r5
        sys thread_join
        halt
other:  li r2, 5
        store r2, [x]
        li r4, flag
        li r2, 1
        fadd r3, r2, [r4]      ; publish
        ret
)",
     R"(
        .data
x:      .word 0
flag:   .word 0
        .text
main:   li r1, other
        li r2, 0
        sys thread_create
        mov r5, r0
spin:   load r3, [flag]
        cmp r3, 0
        beq spin
        load r3, [x]
        mov r1, r5
        sys thread_join
        halt
other:  li r2, 5
        store r2, [x]
        li r2, 1
        store r2, [flag]       ; a plain store: no atomic ever touches flag
        ret
)"},
};

} // namespace

TEST_CASE("races: each kind of synchronisation orders the accesses it separates") {
    for (const SyncCase& c : kSyncCases) {
        std::string kind = c.kind;
        CAPTURE(kind);
        gb::Config cfg;
        cfg.timer_period = 5; // interleave finely: the order in time is not what decides
        gb::Machine synced = boot(c.synced, cfg);
        std::vector<gb::Race> none = gb::find_races(synced, 1'000'000);
        for (const gb::Race& r : none)
            MESSAGE(r.first.source << " / " << r.second.source);
        CHECK(none.empty());
        gb::Machine end = synced;
        end.run(1'000'000);
        CHECK(end.all_done());

        std::vector<gb::Race> some = gb::find_races(boot(c.unsynced, cfg), 1'000'000);
        CHECK(std::any_of(some.begin(), some.end(),
                          [](const gb::Race& r) { return r.symbol == "x"; }));
    }
}

TEST_CASE("races: a new thread's stack that reuses a finished thread's slot does not race") {
    // Thread A uses its stack and ends unjoined; B gets the same slot later.
    const char* src = R"(
        .text
main:   li r1, work
        li r2, 0
        sys thread_create
        li r1, 400
        sys sleep              ; A ends; nobody joins it
        li r1, work
        li r2, 0
        sys thread_create
        mov r1, r0
        sys thread_join
        halt
work:   push r1
        push r2
        pop r2
        pop r1
        ret
)";
    CHECK(gb::find_races(boot(src)).empty());
}

// [SECTION] The history of a value -------------------------------------------------

TEST_CASE("history: the race lesson's count has 1000 writes and exactly 1000 - final lost") {
    gb::Machine start = boot_file("programs/lessons/09_race.s");
    uint32_t count = static_cast<uint32_t>(start.process(1).image->find("count")->value);
    int periods_with_losses = 0;
    for (uint32_t timer = 1; timer <= 50; ++timer) {
        CAPTURE(timer);
        gb::Config cfg;
        cfg.timer_period = timer;
        gb::Machine m = boot_file("programs/lessons/09_race.s", cfg);
        gb::ValueHistory h = gb::value_history(m, 1, count, "count");
        REQUIRE(h.writes.size() == 1000);
        int32_t final_value = static_cast<int32_t>(h.writes.back().new_value);
        gb::Machine end = m;
        end.run(10'000'000);
        CHECK(final_value == global(end, "count"));
        CHECK(h.lost() == static_cast<size_t>(1000 - final_value));
        periods_with_losses += h.lost() > 0;
        for (size_t i = 0; i < h.writes.size(); ++i) {
            const gb::HistoryEntry& e = h.writes[i];
            CHECK(e.old_value == (i ? h.writes[i - 1].new_value : 0u));
            if (e.lost) {
                // Erased by a later surviving, stale store of another thread's making.
                REQUIRE(e.erased_by > static_cast<int>(i));
                const gb::HistoryEntry& by = h.writes[static_cast<size_t>(e.erased_by)];
                CHECK(!by.lost);
                CHECK(by.stale());
                CHECK(by.from < static_cast<int>(i));
            }
            for (int o : e.overwrote)
                CHECK(h.writes[static_cast<size_t>(o)].tid != e.tid);
        }
    }
    CHECK(periods_with_losses >= 10); // the lesson's point: many timer periods lose updates
}

TEST_CASE("history: the locked and the atomic counters never lose or overwrite") {
    for (const char* rel : {"programs/lessons/09_mutex.s", "programs/lessons/09_fadd.s",
                            "programs/lessons/09_spinlock.s"}) {
        CAPTURE(rel);
        gb::Config cfg;
        cfg.timer_period = 3;
        gb::Machine m = boot_file(rel, cfg);
        uint32_t count = static_cast<uint32_t>(m.process(1).image->find("count")->value);
        gb::ValueHistory h = gb::value_history(m, 1, count, "count");
        CHECK(h.writes.size() == 1000);
        CHECK(h.lost() == 0);
        CHECK(h.stale() == 0);
        CHECK(h.writes.back().new_value == 1000);
    }
}

// [SECTION] Watchpoints ------------------------------------------------------------

TEST_CASE("watchpoints: parsing names, modes and conditions, with clear errors") {
    gb::Machine m = boot_file("programs/race.s");
    const gb::Image& img = *m.process(1).image;
    std::string error;
    auto w = gb::parse_watchpoint("count", img, error);
    REQUIRE(w);
    CHECK(w->on_write);
    CHECK(!w->on_read);
    CHECK(w->addr == static_cast<uint32_t>(img.find("count")->value));
    w = gb::parse_watchpoint("0x10000:rw", img, error);
    REQUIRE(w);
    CHECK(w->on_read);
    CHECK(w->on_write);
    CHECK(w->addr == 0x10000);
    w = gb::parse_watchpoint("count:w:>=100", img, error);
    REQUIRE(w);
    CHECK(w->cmp == gb::Watchpoint::Cmp::Ge);
    CHECK(w->value == 100);
    CHECK(!gb::parse_watchpoint("nosuch", img, error));
    CHECK(error.find("'nosuch' is neither a data label") != std::string::npos);
    CHECK(!gb::parse_watchpoint("count:x", img, error));
    CHECK(error.find("neither a mode") != std::string::npos);
    CHECK(!gb::parse_watchpoint("count:==abc", img, error));
}

TEST_CASE("watchpoints: a condition picks out the one write that meets it") {
    gb::Machine m = boot_file("programs/counter_mutex.s");
    std::string error;
    auto w = gb::parse_watchpoint("count:w:==500", *m.process(1).image, error);
    REQUIRE(w);
    int hits = 0;
    while (true) {
        gb::StepResult s = m.step();
        if (!s.executed) break;
        if (auto h = gb::watch_hit(*w, m, s)) {
            ++hits;
            CHECK(h->write);
            CHECK(h->new_value == 500);
            CHECK(h->old_value == 499);
            CHECK(global(m, "count") == 500);
        }
    }
    CHECK(hits == 1); // the locked counter goes 0, 1, ..., 2000: each value once
}

TEST_CASE("watchpoints: the dashboard's menu texts parse to the mode and condition they name") {
    gb::Machine m = boot_file("programs/race.s");
    const gb::Image& img = *m.process(1).image;
    std::string error;
    CHECK(gb::watchpoint_text("count", false, "") == "count");
    CHECK(gb::watchpoint_text("count", true, "") == "count:rw");
    CHECK(gb::watchpoint_text("count", false, " == 0") == "count:w:==0");
    CHECK(gb::watchpoint_text("count", true, "> 100") == "count:rw:>100");
    auto w = gb::parse_watchpoint(gb::watchpoint_text("count", false, "> 100"), img, error);
    REQUIRE(w);
    CHECK(w->on_write);
    CHECK(!w->on_read);
    CHECK(w->cmp == gb::Watchpoint::Cmp::Gt);
    CHECK(w->value == 100);
    w = gb::parse_watchpoint(gb::watchpoint_text("count", true, ""), img, error);
    REQUIRE(w);
    CHECK(w->on_read);
    CHECK(w->on_write);
    CHECK(w->cmp == gb::Watchpoint::Cmp::Any);
    // A condition without a number is refused, with what was expected.
    CHECK(!gb::parse_watchpoint(gb::watchpoint_text("count", false, "> "), img, error));
    CHECK(error.find("a condition") != std::string::npos);
}

TEST_CASE("watchpoints: the globals a code line names (the code panel's right-click)") {
    gb::Machine m = boot_file("programs/race.s");
    const gb::Image& img = *m.process(1).image;
    CHECK(gb::globals_named_in("load  r3, [count]       ; read the shared counter", img) ==
          std::vector<std::string>{"count"});
    CHECK(gb::globals_named_in("store r3, [count]  ; count again in the comment", img) ==
          std::vector<std::string>{"count"});
    // Code labels and constants are not globals; neither are words in a comment.
    CHECK(gb::globals_named_in("li   r1, worker", img).empty());
    CHECK(gb::globals_named_in("li   r2, TIMES ; count", img).empty());
    CHECK(gb::globals_named_in("load r1, [counter]", img).empty()); // a longer word
}

TEST_CASE("watchpoints: a session's stop names the watchpoint, the access and the thread") {
    gb::Session s;
    REQUIRE(s.load(GLASSBOX_SOURCE_DIR "/programs/counter_mutex.s"));
    std::string error;
    auto w = gb::parse_watchpoint("count:rw:==2", *s.image(), error);
    REQUIRE(w);
    s.set_watchpoints({*w});
    gb::RunResult r = s.continue_run();
    REQUIRE(r.reason == gb::StopReason::Watchpoint);
    REQUIRE(s.watch_stop());
    const gb::WatchStop& hit = *s.watch_stop();
    CHECK(hit.watch == *w);
    CHECK(hit.hit.new_value == 2);
    CHECK(hit.tid > 1); // a worker
    CHECK(hit.pid == 1);
    CHECK(s.machine().source_line(hit.pid, hit.pc).find("count") != std::string::npos);
    // Going back to it again names it too.
    s.continue_run();
    REQUIRE(s.reverse_continue());
    REQUIRE(s.watch_stop());
    CHECK(s.watch_stop()->watch == *w);
    CHECK(s.last_stop() == gb::StopReason::Watchpoint);
}

// [SECTION] The CLI ------------------------------------------------------------------

namespace {

// Runs glassbox-cli with `args` in the source tree; stdout, and the exit status.
std::pair<std::string, int> cli(const std::string& args) {
    std::string cmd = std::string("cd " GLASSBOX_SOURCE_DIR " && " GLASSBOX_CLI " ") + args;
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        out.append(buf, n);
    int status = pclose(p);
    return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

} // namespace

TEST_CASE("races: the CLI reports races with exit status 6, and JSON with both lines") {
    auto [text, code] = cli("run programs/race.s --races --timer 7");
    CHECK(code == 6);
    CHECK(text.find("race on count (0x10000)") != std::string::npos);
    CHECK(text.find("race.s:35: load  r3, [count]  (cycle") != std::string::npos);
    CHECK(text.find("race.s:37: store r3, [count]") != std::string::npos);

    auto [clean, ok] = cli("run programs/counter_mutex.s --races");
    CHECK(ok == 0);
    CHECK(clean.find("no data races") != std::string::npos);

    auto [json, jcode] = cli("run programs/race.s --races --json");
    CHECK(jcode == 6);
    nlohmann::json j = nlohmann::json::parse(json);
    REQUIRE(j["races"].size() == 2);
    std::set<int> lines;
    for (const auto& r : j["races"]) {
        CHECK(r["symbol"] == "count");
        lines.insert(r["first"]["line"].get<int>());
        lines.insert(r["second"]["line"].get<int>());
    }
    CHECK(lines == std::set<int>{35, 37});

    auto [bad, bad_code] = cli("run programs/race.s --watch nosuch 2>&1");
    CHECK(bad_code == 1);
    CHECK(bad.find("'nosuch' is neither a data label") != std::string::npos);
}

TEST_CASE("history: the CLI lists every write of count and its lost updates") {
    auto [text, code] = cli("run programs/lessons/09_race.s --timer 7 --history count --json");
    CHECK(code == 0);
    nlohmann::json j = nlohmann::json::parse(text);
    const auto& h = j["histories"][0];
    REQUIRE(h["writes"].size() == 1000);
    int final_value = h["writes"].back()["new"].get<int>();
    CHECK(final_value < 1000);
    CHECK(h["lost_updates"].get<int>() == 1000 - final_value);
    int lost = 0;
    for (const auto& w : h["writes"])
        lost += w["lost"].get<bool>();
    CHECK(lost == 1000 - final_value);

    auto [watch, wcode] = cli("run programs/counter_mutex.s --watch count:w:==7 --watch-stop");
    CHECK(wcode == 0);
    CHECK(watch.find("watch count:w:==7: thread") != std::string::npos);
    CHECK(watch.find("wrote count: 6 -> 7") != std::string::npos);
    CHECK(watch.find("stopped at the watch") != std::string::npos);
}
