// The assembler: two passes over the program text.
//
// Pass 1 reads every line (following .include), defines labels and
// constants, picks the ISA table row (or pseudo-instruction) for every
// instruction and decides its size, so every label's address is known.
// Pass 2 evaluates the operands, checks their ranges and encodes the words.
// Every error is recorded with its place and the assembler carries on with
// the next line, so a student sees all their mistakes at once.
//
// Decisions worth knowing (docs/isa.md says the same for students):
// - Instructions and .word are aligned to 4 bytes automatically (a word
//   access at an odd address faults); the gap is filled with zeros. A label
//   names the address of the next thing placed after it, after alignment.
// - A file that was already included is not included again (like
//   `#pragma once`); including a file that is still being read (a cycle) is
//   an error.
// - After 1000 errors the assembler stops and says so.
//
// The passes live in files of their own; asm_passes.h lists them.
#include "sim/asm/assembler.h"

#include "sim/asm/asm_passes.h"
#include "sim/asm/file_text.h"

#include <filesystem>
#include <fmt/format.h>

namespace gb {

using namespace asm_detail;

std::string AsmError::to_string() const {
    if (line <= 0) return fmt::format("{}: error: {}", file, message);
    return fmt::format("{}:{}:{}: error: {}", file, line, column, message);
}

namespace asm_detail {

AsmResult Assembler::run(const std::string& source, const std::string& path) {
    if (source.size() > opts_.max_source_bytes) {
        files_.push_back(SourceFile{path, {}});
        error_at(0, 0, 0, 0, "",
                 fmt::format("the program is too large ({} bytes; at most {})", source.size(),
                             opts_.max_source_bytes));
        return finish();
    }
    source_bytes_ = source.size();
    int idx = add_file(path, source);
    std::error_code ec;
    if (!path.empty()) {
        auto key = fs::weakly_canonical(fs::absolute(path, ec), ec);
        keys_.push_back(ec ? path : key.string());
    } else
        keys_.emplace_back();
    stack_.push_back(idx);
    pass1_file(idx);
    stack_.pop_back();
    bind_pending();
    if (!stopped_) pass2();
    return finish();
}

} // namespace asm_detail

AsmResult assemble(const std::string& source, const std::string& path, const AsmOptions& opts) {
    return Assembler(opts).run(source, path);
}

AsmResult assemble_file(const std::string& path, const AsmOptions& opts) {
    FileText file = read_file_text(path, opts.max_source_bytes);
    if (!file.ok()) {
        AsmResult r;
        r.errors.push_back(
            AsmError{path, 0, 0, path, fmt::format("cannot read '{}': {}", path, file.error)});
        return r;
    }
    return assemble(file.text, path, opts);
}

} // namespace gb
