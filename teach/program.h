// Loading a program file the same way everywhere (CLI, dashboard, tests):
// the syscall names predefined, programs/lib on the include path.
#pragma once

#include "sim/asm/assembler.h"

#include <string>

namespace gb {

// Include directories: the program's own folder's lib/, then the source
// tree's programs/lib (when the binary knows where that is).
AsmOptions default_asm_options(const std::string& program_path);

// Line `line` (1-based) of a file, without its line ending; "" when the
// file cannot be read or is shorter. Error messages show it under their place.
std::string line_of_file(const std::string& file, int line);

// One error with the offending source line and a caret under the column,
// as compilers print them.
std::string format_error(const AsmError& e, const std::string& source_line);
// Every error of a failed assembly, formatted as above.
std::string format_errors(const AsmResult& r);

} // namespace gb
