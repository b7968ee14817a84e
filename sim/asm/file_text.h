// Reading a whole file into a string: the one helper every layer uses
// (the assembler for programs and .include, teach/ for lessons and
// settings, the GUI, the CLI and the tests). Failure is a value: a short
// reason such as "no such file", never an exception.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace gb {

// Larger files are refused rather than read: no program, lesson or
// settings file comes near it, and a mistaken path to a huge file should
// not stall the dashboard.
inline constexpr uintmax_t kMaxFileTextSize = 16u << 20;

struct FileText {
    std::string text;  // the file's bytes, unchanged (empty on failure)
    std::string error; // why it could not be read; empty when it was
    bool ok() const { return error.empty(); }
};

// The reason names no path: callers say which file, in their own words.
FileText read_file_text(const std::filesystem::path& path, uintmax_t max_size = kMaxFileTextSize);

} // namespace gb
