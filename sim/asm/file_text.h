// Reading a whole file into a string: the one helper every layer uses
// (the assembler for programs and .include, teach/ for lessons and
// settings, the GUI, the CLI and the tests). Failure is a value: a short
// reason such as "no such file", never an exception.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

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
// Only regular files are opened: a folder, a FIFO or a device is refused by
// its kind (opening a FIFO would wait for a writer forever), and a symlink
// loop or a permission problem is a message, never an exception.
FileText read_file_text(const std::filesystem::path& path, uintmax_t max_size = kMaxFileTextSize);

// What kind of thing is at `path` when it is not a regular file ("a folder",
// "a FIFO (named pipe)", ...); empty for a regular file or nothing at all.
std::string file_kind_problem(const std::filesystem::file_status& st);

// The file sandbox's test: true when `file`, made absolute with every
// symlink and ".." resolved, lies inside one of `roots` (resolved the same
// way). A path that cannot be resolved is outside.
bool is_under_roots(const std::filesystem::path& file, const std::vector<std::string>& roots);

// The lines of a source text as the assembler numbers them: a UTF-8
// byte-order mark at the start is skipped, and a line ends at "\n", "\r\n"
// or a lone "\r" (old Mac files). No empty last line after a final newline.
std::vector<std::string> split_source_lines(std::string_view text);

} // namespace gb
