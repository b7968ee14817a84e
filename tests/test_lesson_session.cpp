// Lessons through the session (what the dashboard does when a lesson opens):
// the lesson's settings are applied and its first program loaded; its other
// programs open with the same settings; lesson 16 runs its containers;
// a lesson is found by id, prefix or number; and the little Markdown the
// Lesson panel draws is parsed into blocks.
#include "helpers.h"

#include "teach/lesson.h"
#include "teach/session.h"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using gb::MdBlock;
using gb::Session;

namespace {

const std::vector<gb::Lesson>& lessons() {
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
    const gb::Lesson* l = gb::find_lesson(lessons(), name, error);
    INFO(error);
    REQUIRE(l != nullptr);
    return *l;
}

std::string file_name(const std::string& path) {
    return fs::path(path).filename().string();
}

} // namespace

// [SECTION] Opening a lesson ------------------------------------------------------

TEST_CASE("lesson session: opening a lesson applies its settings and loads its first program") {
    for (const gb::Lesson& l : lessons()) {
        CAPTURE(l.id);
        Session s; // default settings first, so every setting must come from the lesson
        REQUIRE(s.open_lesson(l));
        CHECK(s.loaded());
        CHECK(s.errors().empty());
        CHECK(s.path() == l.program_paths.front());
        CHECK(s.lesson() != nullptr);
        CHECK(s.lesson()->id == l.id);
        CHECK(s.lesson_program() == 0);
        const gb::Config& c = s.machine().config;
        CHECK(c.cores == l.cores);
        CHECK(s.machine().cores.size() == static_cast<size_t>(l.cores));
        CHECK(c.timer_period == l.timer);
        CHECK(c.sched.quantum_ticks == l.quantum);
        CHECK(gb::policy_name(c.sched.policy) == l.policy);
        CHECK(c.thread_switch_cost == l.thread_switch_cost);
        CHECK(c.process_switch_cost == l.process_switch_cost);
        CHECK(c.seed == l.seed);
        CHECK(c.limits.max_threads_per_process == l.limits.max_threads_per_process);
        CHECK(s.config().timer_period == l.timer);
        CHECK(s.machine().instructions == 0);
        CHECK(s.machine().processes.size() == (l.containers.empty() ? 1 : l.containers.size()));
        CHECK(s.contained() == !l.containers.empty());
    }
}

TEST_CASE("lesson session: the JSON's timer and cores are the machine's (lessons 9 and 6)") {
    Session s;
    REQUIRE(s.open_lesson(lesson("09-thread-safety")));
    CHECK(s.machine().config.timer_period == 7);
    CHECK(s.machine().cores.size() == 1);
    CHECK(file_name(s.path()) == "09_race.s");
    // The racing counter runs as the lesson says: 700, not 1000.
    s.step_n(5'000'000);
    CHECK(gbtest::global(s.machine(), "count") == 700);

    REQUIRE(s.open_lesson(lesson("06")));
    CHECK(s.machine().config.timer_period == 5000);
    CHECK(s.machine().config.limits.max_threads_per_process == 12);
    CHECK(file_name(s.path()) == "06_thread_pool.s");
}

TEST_CASE("lesson session: the lesson's other programs open with its settings") {
    const gb::Lesson& l = lesson("09");
    REQUIRE(l.programs.size() >= 2);
    Session s;
    REQUIRE(s.open_lesson(l, 1));
    CHECK(file_name(s.path()) == "09_mutex.s");
    CHECK(s.lesson_program() == 1);
    CHECK(s.machine().config.timer_period == 7);
    s.step_n(5'000'000);
    CHECK(gbtest::global(s.machine(), "count") == 1000); // the cure

    // A program number out of range changes nothing.
    CHECK_FALSE(s.open_lesson(l, l.programs.size()));
    CHECK(file_name(s.path()) == "09_mutex.s");

    // A plain load leaves the lesson (and keeps the settings it had).
    REQUIRE(s.load(GLASSBOX_SOURCE_DIR "/programs/race.s"));
    CHECK(s.lesson() == nullptr);
    CHECK(s.machine().config.timer_period == 7);
}

TEST_CASE("lesson session: settings changed after opening survive reset and reload") {
    Session s;
    REQUIRE(s.open_lesson(lesson("09")));
    gb::Config c = s.config();
    c.timer_period = 13;
    s.set_config(c);
    s.step_n(100);
    s.reset();
    CHECK(s.machine().config.timer_period == 13);
    REQUIRE(s.reload());
    CHECK(s.machine().config.timer_period == 13);
    CHECK(s.lesson() != nullptr);
    // Opening the lesson again brings its own settings back.
    REQUIRE(s.open_lesson(lesson("09")));
    CHECK(s.machine().config.timer_period == 7);
}

TEST_CASE("lesson session: a lesson whose program does not assemble leaves the session as it was") {
    fs::path root =
        fs::temp_directory_path() / fmt::format("glassbox_lesson_session_{}", ::getpid());
    fs::remove_all(root);
    fs::create_directories(root / "assets" / "lessons");
    fs::create_directories(root / "programs");
    std::ofstream(root / "programs" / "bad.s") << "main: frobnicate r1\n";
    std::ofstream(root / "assets" / "lessons" / "01-bad.json")
        << R"({"id":"01-bad","order":1,"title":{"en":"E","ko":"K"},"programs":["programs/bad.s"],)"
           R"("config":{"timer":3},"panels":["code","lesson"],"screenshot_steps":1})";
    for (const char* lang : {"en", "ko"})
        std::ofstream(root / "assets" / "lessons" / fmt::format("01-bad.{}.md", lang))
            << "# x\n## Predict\nq\n## Answer\na\n";
    std::vector<std::string> errors;
    auto bad = gb::load_lessons((root / "assets").string(), errors);
    REQUIRE(bad.size() == 1); // the lesson file is fine; its program is not

    Session s;
    REQUIRE(s.open_lesson(lesson("09")));
    s.step_n(50);
    CHECK_FALSE(s.open_lesson(bad[0]));
    CHECK_FALSE(s.errors().empty());
    CHECK(s.error_path() == bad[0].program_paths[0]);
    CHECK(file_name(s.path()) == "09_race.s");
    CHECK(s.lesson()->id == "09-thread-safety");
    CHECK(s.machine().config.timer_period == 7);
    CHECK(s.machine().instructions == 50);
    fs::remove_all(root);
}

TEST_CASE(
    "lesson session: lesson 16 runs its containers, and step back, reset and a plain load work") {
    const gb::Lesson& l = lesson("16");
    Session s;
    REQUIRE(s.open_lesson(l));
    REQUIRE(s.contained());
    CHECK(s.machine().containers.size() == l.containers.size());
    CHECK(s.machine().processes.size() == l.containers.size());

    s.step_n(700);
    const size_t procs = s.machine().processes.size();
    CHECK(procs > l.containers.size()); // the apps have forked
    gb::Machine after_699 = [&] {
        Session t;
        REQUIRE(t.open_lesson(l));
        t.step_n(699);
        return t.machine();
    }();
    REQUIRE(s.step_back());
    CHECK(s.machine().instructions == 699);
    CHECK(s.machine().now == after_699.now);
    CHECK(s.machine().processes.size() == after_699.processes.size());
    CHECK(s.machine().log.events.size() == after_699.log.events.size());
    CHECK(s.machine().console == after_699.console);

    // To the end: every app sees itself as pid 1 inside its container.
    s.step_n(2'000'000);
    CHECK(s.machine().all_done());
    for (const gb::Container& c : s.machine().containers) {
        CAPTURE(c.spec.name);
        CHECK(s.machine().process(c.pids[0]).output.find("I am pid 1") != std::string::npos);
    }

    s.reset();
    CHECK(s.machine().instructions == 0);
    CHECK(s.machine().processes.size() == l.containers.size());
    REQUIRE(s.contained());

    REQUIRE(s.load(GLASSBOX_SOURCE_DIR "/programs/race.s"));
    CHECK_FALSE(s.contained());
    CHECK(s.machine().processes.size() == 1);
}

// [SECTION] Finding a lesson by name ------------------------------------------------

TEST_CASE("lesson session: a lesson is named by its id, a unique prefix or its number") {
    std::string error;
    CHECK(gb::find_lesson(lessons(), "09-thread-safety", error)->order == 9);
    CHECK(gb::find_lesson(lessons(), "09", error)->id == "09-thread-safety");
    CHECK(gb::find_lesson(lessons(), "9", error)->id == "09-thread-safety");
    CHECK(gb::find_lesson(lessons(), "16-cont", error)->order == 16);
    CHECK(gb::find_lesson(lessons(), "1", error)->id ==
          "01-cpu"); // a number is the order, not a prefix
    error.clear();
    CHECK(gb::find_lesson(lessons(), "0", error) == nullptr); // no lesson 0, and a prefix of many
    CHECK(error.find("could be any of 01-cpu, 02-cpu-to-os") != std::string::npos);
    error.clear();
    CHECK(gb::find_lesson(lessons(), "threads", error) == nullptr);
    CHECK(error.find("no lesson 'threads'") != std::string::npos);
    CHECK(error.find("09-thread-safety") != std::string::npos); // the choices are listed
    error.clear();
    CHECK(gb::find_lesson({}, "09", error) == nullptr);
    CHECK(error.find("no lessons were found") != std::string::npos);
}

TEST_CASE("lesson session: an ambiguous prefix names the lessons it could be") {
    std::vector<gb::Lesson> ls(2);
    ls[0].id = "03-processes";
    ls[0].order = 3;
    ls[1].id = "03-pipes";
    ls[1].order = 30;
    std::string error;
    CHECK(gb::find_lesson(ls, "03-p", error) == nullptr);
    CHECK(error == "'03-p' could be any of 03-processes, 03-pipes: say which");
    CHECK(gb::find_lesson(ls, "03-pr", error)->id == "03-processes");
}

// [SECTION] Markdown ------------------------------------------------------------------

TEST_CASE("lesson markdown: headings, paragraphs, lists, code blocks and rules") {
    auto b = gb::parse_markdown(
        "# 9. Title\n\nOne line\nand the next.\n\n## What to look at\n\n"
        "- first item\n  continues here\n  - nested\n- second\n\n"
        "1. one\n2. two\n\n```\n## Answer (not a heading)\n  indented\n```\n---\nend\n");
    REQUIRE(b.size() == 11);
    CHECK(b[0].kind == MdBlock::Kind::Heading);
    CHECK(b[0].level == 1);
    CHECK(b[0].spans.at(0).text == "9. Title");
    CHECK(b[1].kind == MdBlock::Kind::Paragraph);
    CHECK(b[1].spans.at(0).text == "One line and the next.");
    CHECK(b[2].kind == MdBlock::Kind::Heading);
    CHECK(b[2].level == 2);
    CHECK(b[3].kind == MdBlock::Kind::Bullet);
    CHECK(b[3].level == 0);
    CHECK(b[3].spans.at(0).text == "first item continues here");
    CHECK(b[4].kind == MdBlock::Kind::Bullet);
    CHECK(b[4].level == 1);
    CHECK(b[5].level == 0);
    CHECK(b[6].kind == MdBlock::Kind::Numbered);
    CHECK(b[6].marker == "1.");
    CHECK(b[7].marker == "2.");
    CHECK(b[8].kind == MdBlock::Kind::Code);
    CHECK(b[8].code == "## Answer (not a heading)\n  indented");
    CHECK(b[9].kind == MdBlock::Kind::Rule);
    CHECK(b[10].spans.at(0).text == "end");
}

TEST_CASE("lesson markdown: inline code, bold, emphasis and links") {
    using S = gb::MdSpan;
    CHECK(gb::parse_md_spans("add `count = count + 1` now") ==
          std::vector<S>{{"add ", false, false, false},
                         {"count = count + 1", true, false, false},
                         {" now", false, false, false}});
    CHECK(gb::parse_md_spans("a **bold** and *soft* word") ==
          std::vector<S>{{"a ", false, false, false},
                         {"bold", false, true, false},
                         {" and ", false, false, false},
                         {"soft", false, false, true},
                         {" word", false, false, false}});
    // Underscores inside words, lone stars and `*` in code are plain text.
    CHECK(gb::parse_md_spans("thread_join and max_threads_per_process, 2 * 3") ==
          std::vector<S>{{"thread_join and max_threads_per_process, 2 * 3", false, false, false}});
    CHECK(gb::parse_md_spans("`[r1 * 4]`") == std::vector<S>{{"[r1 * 4]", true, false, false}});
    CHECK(gb::parse_md_spans("see [the docs](docs/lessons.md).") ==
          std::vector<S>{{"see the docs.", false, false, false}});
    CHECK(gb::parse_md_spans("`unclosed") == std::vector<S>{{"`unclosed", false, false, false}});
    CHECK(gb::parse_md_spans("a\\*b") == std::vector<S>{{"a*b", false, false, false}});
}

TEST_CASE("lesson markdown: every lesson text parses, with the answer only after the split") {
    for (const gb::Lesson& l : lessons())
        for (const std::string* text : {&l.text_en, &l.text_ko}) {
            CAPTURE(l.id);
            gb::LessonText t = gb::split_answer(*text);
            auto visible = gb::parse_markdown(t.visible);
            auto answer = gb::parse_markdown(t.answer);
            REQUIRE(!visible.empty());
            REQUIRE(!answer.empty());
            CHECK(visible.front().kind == MdBlock::Kind::Heading);
            CHECK(visible.front().level == 1);
            // The answer starts with its heading; no heading before it says "Answer".
            CHECK(answer.front().kind == MdBlock::Kind::Heading);
            CHECK(answer.front().spans.at(0).text.rfind("Answer", 0) == 0);
            for (const MdBlock& b : visible)
                if (b.kind == MdBlock::Kind::Heading)
                    CHECK(b.spans.at(0).text.rfind("Answer", 0) != 0);
            // Bold and emphasis are closed where they were meant to be: no
            // marker is left over, and none runs on for a whole paragraph.
            for (const auto* blocks : {&visible, &answer})
                for (const MdBlock& b : *blocks)
                    for (const gb::MdSpan& s : b.spans) {
                        CAPTURE(s.text);
                        CHECK(s.text.find("**") == std::string::npos);
                        if (s.bold || s.emphasis) CHECK(s.text.size() < 120);
                    }
        }
}
