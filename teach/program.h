// Loading a program file the same way everywhere (CLI, dashboard, tests):
// the syscall names predefined, programs/lib on the include path.
#pragma once

#include "sim/asm/assembler.h"

#include <string>
#include <string_view>
#include <vector>

namespace gb {

// Include directories: the program's own folder's lib/, then the source
// tree's programs/lib (when the binary knows where that is).
// The file sandbox's roots (AsmOptions::file_roots) are sandbox_roots().
AsmOptions default_asm_options(const std::string& program_path);

// The folders a program may read (its includes, and the files its spawn and
// load_library name): its own folder, the source tree's programs/ and
// assets/ (the lessons), and every folder listed in the environment
// variable GLASSBOX_ROOTS (separated by ':'). docs/limits.md explains it.
std::vector<std::string> sandbox_roots(const std::string& program_path);

// Text from a file made safe to print on a terminal or draw: control bytes
// (ESC, NUL, CR, ...) and bytes that are not UTF-8 become \xNN; tabs and
// valid UTF-8 (Korean included) stay.
std::string terminal_safe(std::string_view text);

// Line `line` (1-based) of a file, without its line ending; "" when the
// file cannot be read or is shorter. Error messages show it under their place.
std::string line_of_file(const std::string& file, int line);

// One error with the offending source line and a caret under the column,
// as compilers print them.
std::string format_error(const AsmError& e, const std::string& source_line);
// Every error of a failed assembly, formatted as above.
std::string format_errors(const AsmResult& r);

} // namespace gb
