// Saved sessions: one JSON file with everything that makes a run — the
// program's text (or the lesson and its program number), the settings
// (seed included), the console input, the breakpoints and watchpoints —
// and the moment shown, as an instruction count. The machine is
// deterministic, so opening the file replays to an equal machine: a
// teacher can hand a class the very moment to look at.
//
// Console input is what Session::console_input holds (fed when the
// machine starts); text typed into a running program later is not kept.
#pragma once

#include "teach/lesson.h"
#include "teach/session.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gb {

struct Recording {
    std::string program_path; // where the program was loaded from (resolves its includes)
    std::string program_text; // the program's own file, as assembled
    std::string lesson_id;    // when it came from a lesson: its id and program number
    size_t lesson_program = 0;
    Config config;
    std::string console_input;
    uint64_t instruction = 0; // the moment shown
    uint64_t cycle = 0;       // the same moment's time, for people reading the file
    std::vector<uint32_t> breakpoints;
    std::vector<std::string> watchpoints; // as written: "count:w:==0"
};

Recording record_session(const Session& s);
std::string recording_to_json(const Recording& r);
// False with `error` saying what is wrong (not JSON, a missing or mistyped field).
bool recording_from_json(const std::string& text, Recording& out, std::string& error);

// Writes `s` to `path`; false with `error` set.
bool save_session(const Session& s, const std::string& path, std::string& error);
// Reads `path` into `s` (a lesson's recording needs the lessons to find it
// by id): program, settings, input, breakpoints, watchpoints, then the
// moment. False with `error` set, leaving `s` as it was when the file is bad.
bool open_session(Session& s, const std::string& path, const std::vector<Lesson>& lessons,
                  std::string& error);
bool apply_recording(Session& s, const Recording& r, const std::vector<Lesson>& lessons,
                     std::string& error);

} // namespace gb
