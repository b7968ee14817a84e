// libFuzzer target: the dashboard's loading path, without a window. The
// bytes are written to a file and opened the way the dashboard opens a
// program (Session::load, then the error list's line_of_file for every
// error, or a few hundred steps), and read as a lesson's Markdown text and
// as a lesson's JSON description. None of it may crash, hang or throw.
// Run: build-fuzz/tests/fuzz/fuzz_loading -max_len=262144 -max_total_time=60 NEW_DIR assets/lessons
#include "teach/lesson.h"
#include "teach/markdown.h"
#include "teach/session.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    namespace fs = std::filesystem;
    static const fs::path dir = [] {
        fs::path d =
            fs::temp_directory_path() / ("glassbox_fuzz_loading_" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    std::string bytes(reinterpret_cast<const char*>(data), size);
    const std::string program = (dir / "program.s").string();
    std::ofstream(program, std::ios::binary | std::ios::trunc) << bytes;

    gb::Session session;
    if (session.load(program)) {
        session.step_n(300);
    } else {
        for (const gb::AsmError& e : session.errors())
            (void)gb::Session::line_of_file(e.file, e.line);
    }

    (void)gb::parse_markdown(bytes);
    (void)gb::split_answer(bytes);

    gb::Lesson lesson;
    std::vector<std::string> errors;
    (void)gb::parse_lesson(bytes, (dir / "lesson.json").string(), GLASSBOX_SOURCE_DIR, lesson,
                           errors);
    return 0;
}
