// The assembler: program text → Image, or every error found.
//
// Syntax (docs/isa.md has the full reference):
//   ; or # start a comment            label:            .text  .data  .tls
//   .word 1, 2, label   .byte 1, 'a'   .string "hi\n" (NUL-terminated)   .space 16
//   .equ NAME, 42   (also NAME = 42)  .include "lib/print.s" (searched next to the
//   including file, then in the library directories given)   .align 4
//   Instructions as in the ISA table; pseudo-instructions listed in docs/isa.md.
#pragma once

#include "sim/isa/image.h"
#include "sim/isa/memlayout.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gb {

struct AsmError {
    std::string file;    // path as the user gave it (or the include's path)
    int line = 0;        // 1-based
    int column = 0;      // 1-based, where the offending text starts
    std::string text;    // the offending text (a token or the whole operand)
    std::string message; // what is wrong and what was expected
    // "file:line:column: error: message" ("file: error: message" when line is 0)
    std::string to_string() const;
};

struct AsmOptions {
    std::vector<std::string> include_dirs; // e.g. programs/lib
    // Named constants every program can use (e.g. syscall numbers from the
    // kernel). A program's own .equ of the same name takes precedence.
    // They are not copied into Image::symbols.
    std::map<std::string, int32_t> predefined;
    // Where .text starts and must end: programs use the code segment; a
    // shared library is assembled for its place in the library area.
    uint32_t text_base = layout::kCodeBase;
    uint32_t text_limit = layout::kCodeLimit;
    // The file sandbox: .include reads only files under the main file's own
    // folder or under one of these folders (symlinks resolved first), so a
    // program cannot reach /etc/shadow or ../../ anything. teach/ adds
    // programs/ and the lessons (default_asm_options).
    std::vector<std::string> file_roots{};
    // Bytes of source text in all, the main file and every include together.
    size_t max_source_bytes = 4u << 20;
    // How long a chain of constants defined by later constants may be
    // (C0 = C1 + 1, C1 = C2 + 1, ...): each link is host recursion.
    int max_constant_depth = 256;
};

struct AsmResult {
    std::optional<Image> image;   // set when there are no errors
    std::vector<AsmError> errors; // every error, in source order
    // The text of every file read, as numbered lines, when there are errors
    // (with an image, image->files has them): error printing reads these
    // rather than the files again.
    std::vector<SourceFile> sources;
    bool ok() const { return image.has_value(); }
};

// Assemble source text that claims to come from `path` (includes resolve
// relative to it).
AsmResult assemble(const std::string& source, const std::string& path, const AsmOptions& opts = {});
// Read `path` and assemble it; a missing file is an error at line 0.
AsmResult assemble_file(const std::string& path, const AsmOptions& opts = {});

// Disassemble a whole image back to source text that assembles to the same
// words (labels regenerated from the symbol table).
std::string disassemble_image(const Image& image);

// A listing for students: labels on their own lines, then one line per
// instruction or data word:
//   address  encoding  disassembly  ; file:line  source text
// With `syscall_name` (the kernel's table; the assembler does not know it),
// system calls print by name: `sys print_int`, not `sys 1`.
std::string listing(const Image& image,
                    const std::function<std::string(int32_t)>& syscall_name = {});

} // namespace gb
