// Lessons: one per section of the syllabus, in assets/lessons/ (docs/lessons.md
// lists them). No GUI dependency: the dashboard, the CLI and the tests all
// read lessons through this file.
//
// A lesson is three files with the same stem NN-slug:
//
//   NN-slug.json    {"id": "NN-slug", "order": NN,
//                    "title": {"en": "...", "ko": "..."},
//                    "programs": ["programs/lessons/NN_slug.s", ...],   (the first one opens)
//                    "config": {"cores": 1, "policy": "rr", "quantum": 1, "timer": 100,
//                               "thread_switch_cost": 2, "process_switch_cost": 10, "seed": 1},
//                    "panels": ["cpu", "code", ...],                    (the panels it opens with)
//                    "screenshot_steps": N,                             (a telling moment)
//                    "watches": [...], "result": {...}}                 (lesson_watch.h)
//   NN-slug.en.md   the English text
//   NN-slug.ko.md   the Korean text
//
// Program paths are relative to the source tree (the folder that holds
// assets/). Every key of "config" is optional (the defaults of gb::Config);
// "max_threads_per_process", "max_processes" and "max_memory_per_process"
// set Config::limits. A lesson may also describe containers (lesson 16):
//   "containers": [{"name": "web", "program": "programs/...", "memory_quota": 65536,
//                   "cpu_quota": 300, "cpu_period": 1000}]
// A thread-pool lesson (06) names its program's queue for the pool picture
// (pool_view.h): "pool": {"queue": "queue", "head": "head", "tail": "tail",
//   "done": "done", "worker": "worker", "task_register": "r2",
//   "holds_from": "run_task", "holds_to": "task_end",
//   "sizing": {"constant": "WORKERS", "from": 1, "to": 11, "wait": "WT"}}
// A coroutine lesson (10) says how its coroutine records look, for the
// coroutine picture (coroutine_view.h): "coroutines": {"heap_label":
//   "coroutine", "sp_offset": 0, "done_offset": 8, "saved": ["r7", "r6", "r5", "fp"]}
//
// The text is Markdown. It must have a heading that starts with "## Predict"
// (a question for the student) and, after it, one that starts with
// "## Answer": everything from the answer heading on is hidden until the
// student asks (split_answer). The Korean text writes them as
// "## Predict (예측)" and "## Answer (정답)".
#pragma once

#include "sim/kernel/machine.h"
#include "teach/lesson_watch.h"
#include "teach/markdown.h" // a lesson's text is Markdown

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gb {

// The panels a lesson may open with (the dashboard's names, from panels.h).
const std::vector<std::string>& lesson_panel_names();

// A container the lesson starts (see container.h).
struct LessonContainer {
    std::string name;
    std::string program;        // relative to the source tree
    uint32_t memory_quota = 0;  // bytes, 0 = none
    uint32_t cpu_quota = 0;     // cycles per period, 0 = none
    uint32_t cpu_period = 1000; // cycles
};

// Where a thread-pool program keeps its queue (symbols of its data and code).
struct LessonPool {
    std::string queue;                // the array of task numbers (words)
    std::string head, tail;           // words: the next slot to take, the next slot to fill
    std::string done;                 // word: tasks finished
    std::string worker;               // the workers' entry label (their thread name)
    std::string task_register;        // the register a worker holds its task in ("r2")
    std::string holds_from, holds_to; // code labels: it holds the task while from <= pc < to
    // The sizing experiment (pool_sizing.h): the program's `.equ` of the pool
    // size, run for sizes from..to; `wait` is the .equ of the I/O wait per task.
    std::string size_constant, wait_constant;
    int size_from = 1, size_to = 0; // to = 0: no experiment
};

// How a program's user-level coroutines keep their state: each is a heap
// block (malloc'd with `heap_label`) holding its saved SP at `sp_offset`, a
// done flag at `done_offset`, and its own stack; a suspended coroutine's
// stack holds, from its saved SP up, the `saved` registers, then the
// address it will resume at.
struct LessonCoroutines {
    std::string heap_label;
    uint32_t sp_offset = 0, done_offset = 0;
    std::vector<std::string> saved; // register names, from the saved SP upwards
};

struct Lesson {
    std::string id; // "03-processes", the file stem
    int order = 0;  // its place in the list (the section number)
    std::string title_en, title_ko;
    std::vector<std::string> programs;      // as written in the JSON (relative paths)
    std::vector<std::string> program_paths; // the same, resolved against the source tree
    // Dashboard settings (lesson_config turns them into a gb::Config).
    int cores = 1;
    std::string policy = "rr";
    uint32_t quantum = 1;
    uint32_t timer = 100;
    uint32_t thread_switch_cost = 2;
    uint32_t process_switch_cost = 10;
    uint64_t seed = 1;
    Limits limits;
    std::vector<std::string> panels;
    uint64_t screenshot_steps = 0;
    std::vector<LessonContainer> containers;
    std::optional<LessonPool> pool;             // the pool picture's symbols
    std::optional<LessonCoroutines> coroutines; // the coroutine picture's layout
    std::vector<LessonWatch> watches;           // pinned on screen (lesson_watch.h)
    LessonResult result;                        // the sentence stated when the program ends
    std::string text_en, text_ko;               // the whole Markdown of each language
    std::string json_path;                      // where it was read from
    std::string root;                           // the source tree its program paths are relative to

    const std::string& title(const std::string& lang) const {
        return lang == "ko" ? title_ko : title_en;
    }
    const std::string& text(const std::string& lang) const {
        return lang == "ko" ? text_ko : text_en;
    }
};

// Reads every lesson in `assets_dir`/lessons, sorted by order. A lesson file
// that is malformed (bad JSON, a missing or mistyped field, a missing text
// or program, no Predict or Answer heading, a duplicate order) is left out
// and each problem goes into `errors` as "FILE: what is wrong". Never throws.
std::vector<Lesson> load_lessons(const std::string& assets_dir, std::vector<std::string>& errors);

// Parses one lesson from its JSON text (`json_path` names it in errors;
// `root` is the source tree that program paths are relative to). The texts
// are read from the .en.md/.ko.md files next to json_path. Returns false
// and appends to `errors` when the lesson is unusable.
bool parse_lesson(const std::string& json_text, const std::string& json_path,
                  const std::string& root, Lesson& out, std::vector<std::string>& errors);

// The machine settings the lesson opens with.
Config lesson_config(const Lesson& lesson);

// The lesson a user names: its id ("09-thread-safety"), a unique prefix of
// it ("09", "09-thread"), or its order as a number ("9"). Returns nullptr
// and sets `error` (which names the choices) when none or several match.
const Lesson* find_lesson(const std::vector<Lesson>& lessons, const std::string& name,
                          std::string& error);

// A lesson text split at its "## Answer" heading: what the student sees, and
// the answer hidden until asked (which starts with the heading itself; empty
// when the text has none).
struct LessonText {
    std::string visible;
    std::string answer;
};
LessonText split_answer(const std::string& markdown);

} // namespace gb
