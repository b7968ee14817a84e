// The usual way to give a Machine its file loaders (Machine::loader for
// spawn, Machine::lib_loader for load_library): assemble files from disk.
// Kept out of machine.cpp so that the machine itself never touches the file
// system; the CLI, the dashboard and the tests call this once after
// creating a machine.
#pragma once

#include "sim/isa/image.h"
#include "sim/kernel/why.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gb {

class Machine;
struct Lesson;

// Where a path named by a program is looked for, in order: as given
// (absolute, or relative to the working directory), next to the main
// program, in the main program's lib/ folder, then in programs/lib of the
// source tree. Returns "" if none exists.
std::string resolve_program_path(const std::string& path, const std::string& main_program);

// resolve_program_path inside the file sandbox (sandbox_roots of the main
// program): "" with `error` set when there is no such file or it lies
// outside. `what` names it in the message ("program", "library"); `why`,
// when given, gets the reason's id (NoProgramFile, NoLibraryFile, OutsideRoots).
std::string find_program_file(const std::string& path, const std::string& main_program,
                              std::string_view what, std::string& error, Why* why = nullptr);

// Installs loaders that resolve paths as above and assemble with
// default_asm_options (libraries with assemble_library).
void install_file_loaders(Machine& m, const std::string& main_program);

// Assembles the library file at `path` (include dirs and syscall names as
// for programs) for address `base`. Returns nullptr with `error` set (and
// `why`, when given: LibraryHasData, or Text for the assembler's errors).
std::shared_ptr<const Image> assemble_library(const std::string& path, uint32_t base,
                                              std::string& error, Why* why = nullptr);

// The containers a lesson describes in its "containers" list (lesson 16),
// made on `m`, each running its program (assembled from `root`). Returns
// false with `error` set when a program does not assemble or cannot start.
bool apply_lesson_containers(Machine& m, const Lesson& lesson, const std::string& root,
                             std::string& error);

} // namespace gb
