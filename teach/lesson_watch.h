// A lesson's watches and its result sentence: the values the dashboard
// pins on screen for the whole class (with the expected value, where the
// lesson has one, and the last writer), and the one sentence it states when
// the lesson's program has ended. No GUI here: the dashboard, the CLI and
// the tests read the same rows.
//
// In the lesson JSON (all optional):
//
//   "watches": [
//     {"name": "count", "symbol": "count", "expected": 1000,
//      "label": {"en": "count (shared)", "ko": "count (공유)"}},
//     {"name": "calls", "kind": "tls", "symbol": "calls"},       one row per thread
//     {"name": "x", "kind": "stack", "thread": 0, "offset": 8},   the word at the
//                                                  thread's stack top - offset
//     {"name": "r1", "kind": "register", "register": "r1"},      one row per thread
//     {"name": "served", "kind": "kernel", "figure": "requests_answered"}],
//   "result": {"en": "count = {count}, expected {count.expected}: {count.missing}
//                     updates were lost", "ko": "..."},      (or a list of such sentences)
//   "result_as_expected": {"en": "count = {count}, as expected", "ko": "..."}
//
// A watch's "kind" is global (the default), tls, stack, register or kernel.
// The result sentence fills {name} with a watch's value, {name.expected}
// with its expected value and {name.missing} with expected - value; when
// every watch with an expected value has it, "result_as_expected" is used
// instead (if given). Given a list, the first sentence whose placeholders
// all have values is used.
#pragma once

#include "sim/kernel/machine.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gb {

struct Lesson;

// The kernel figures a "kernel" watch may show.
const std::vector<std::string>& kernel_figure_names();

struct LessonWatch {
    enum class Kind { Global, Tls, Stack, Register, Kernel };
    std::string name; // what the result sentence calls it
    Kind kind = Kind::Global;
    std::string symbol;             // global, tls: the label in the program
    std::string figure;             // kernel: one of kernel_figure_names()
    int reg = 0;                    // register: its number (sp = 15)
    int thread = 0;                 // stack: the process's n-th thread (0: main)
    uint32_t offset = 0;            // stack: bytes below the thread's stack top
    std::string label_en, label_ko; // "" → name
    std::optional<int64_t> expected;
    bool stop = false; // not used by lessons: a watchpoint a user pins (stop on write)
};

struct LessonSentence {
    std::string en, ko;
};
struct LessonResult {
    // The first whose placeholders all have values is stated (a lesson with
    // several programs: one sentence per program's variables).
    std::vector<LessonSentence> sentences;
    LessonSentence as_expected; // when every expected value was met ("" if none)
    bool empty() const { return sentences.empty(); }
};

// Reads "watches", "result" and "result_as_expected" from a lesson's JSON
// object into `watches`/`result`; each problem goes into `errors` as
// "FILE: what is wrong". Returns false if there was one.
bool parse_lesson_watches(const nlohmann::json& lesson_json, const std::string& file,
                          std::vector<LessonWatch>& watches, LessonResult& result,
                          std::vector<std::string>& errors);

// One line of the watch panel: a watch's value in one process or thread.
struct WatchRow {
    size_t watch = 0;  // index into the lesson's watches
    std::string label; // in the language asked for, with the thread when per-thread ("calls · t2")
    std::string who; // that thread or process alone ("t2 worker", "pid 2"; "" when not per-thread)
    int pid = 0, tid = 0; // whose copy (0: not per process / thread)
    bool known = false;   // false: the program has no such symbol, or no such thread yet
    bool ended = false;   // the thread has ended: the value is the last one it wrote
    int64_t value = 0;
    std::string text; // the value as shown ("700", "1.35")
    std::optional<int64_t> expected;
    bool differs = false; // known, has an expected value, and is not it
    uint64_t writes = 0;  // writes the kernel saw (memory watches)
    WriteRecord last;     // the newest of them
};

// The rows of every watch, for the machine as it is now. `image` is the
// program the lesson's first process runs (symbols are looked up there).
std::vector<WatchRow> watch_rows(const std::vector<LessonWatch>& watches, const Machine& m,
                                 const Image* image, const std::string& lang);

// The words of memory the kernel should record writes to for these watches
// (globals, every thread slot's copy of a TLS variable, stack slots), as
// Watch records to append to Machine::watches when the program starts.
std::vector<Watch> kernel_watches(const std::vector<LessonWatch>& watches, const Image& image);

// Whether the lesson's program has ended (every thread done, or a deadlock).
bool program_ended(const Machine& m);

// The result sentence in `lang` with the watches' values filled in: the
// as-expected one when every expected value was met, else the first whose
// placeholders all have values; "" when none has.
std::string result_sentence(const LessonResult& result, const std::vector<LessonWatch>& watches,
                            const std::vector<WatchRow>& rows, const std::string& lang);

} // namespace gb
