// The assembler's lexer: one source line → tokens.
//
// A line is lexed on its own (assembly has no multi-line constructs). A `;`
// or `#` outside a string or character literal starts a comment that runs to
// the end of the line. Columns are 1-based byte offsets into the line, so an
// error can point at exactly the text it is about.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gb::asm_detail {

enum class Tok : uint8_t {
    Ident,     // loop, r1, main, SYS_WRITE
    Directive, // .word (text keeps the dot)
    Number,    // 42, 0x2a, 0b101010 (value set; never negative: '-' is its own token)
    Char,      // 'a', '\n' (value set)
    String,    // "hi\n" (str holds the unescaped bytes, without the NUL)
    Comma,
    Colon,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Plus,
    Minus,
    Star,
    Equals,
};

struct Token {
    Tok kind = Tok::Ident;
    std::string text; // exactly as written (for error messages)
    int64_t value = 0;
    std::string str;
    int column = 0; // 1-based
};

struct LexError {
    int column = 0;
    std::string text;
    std::string message;
};

struct LexedLine {
    std::vector<Token> tokens;     // the tokens before the first error
    std::optional<LexError> error; // the first lexical error, if any
};

LexedLine lex_line(std::string_view line);

// The largest number literal the assembler accepts (32 bits, unsigned).
constexpr int64_t kMaxLiteral = 0xFFFFFFFFLL;

// `text` made safe and short for an error message: non-printable bytes as
// \xNN, long text cut with "...".
std::string printable(std::string_view text, size_t max_len = 40);

// True for names that look like a register but are not one (r13x is fine,
// r16 is not): a letter r followed only by digits.
bool looks_like_register(std::string_view name);

} // namespace gb::asm_detail
