// Syntax colours and hover for the program editor: one source line split
// into spans (instruction, register, label, directive, comment, string,
// number), read from the ISA table and the assembler's own lists, so the
// editor colours exactly the words the assembler knows.
#pragma once

#include "sim/isa/isa.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gb {

enum class SyntaxKind : uint8_t {
    Plain,       // punctuation, unknown words
    Instruction, // a mnemonic of the ISA table or a pseudo-instruction
    Register,    // r0..r12, tp, fp, sp
    Label,       // a label's definition or a symbol used as an operand
    Directive,   // .word, .text...
    Comment,     // from ; or # to the end of the line
    String,      // "text" and 'c'
    Number,      // 42, 0x2a, 0b101
};

struct SyntaxSpan {
    size_t begin = 0, end = 0; // byte offsets into the line, [begin, end)
    SyntaxKind kind = SyntaxKind::Plain;
};

// The coloured spans of one line, in order (the gaps between them are plain).
std::vector<SyntaxSpan> syntax_spans(std::string_view line);

// The word under byte `at` of a line and its kind (for hover), if any.
struct WordAt {
    std::string word;
    SyntaxKind kind = SyntaxKind::Plain;
    size_t begin = 0, end = 0;
};
std::optional<WordAt> word_at(std::string_view line, size_t at);

// What an instruction or pseudo-instruction does, for hover: its operands
// and the ISA table's explanation (pseudo-instructions: what they stand for).
struct MnemonicHelp {
    std::string syntax;     // "add rd, ra, rb"
    std::string explain_en; // from the ISA table
    std::string explain_ko;
    bool pseudo = false;
};
std::optional<MnemonicHelp> mnemonic_help(std::string_view mnemonic);

} // namespace gb
