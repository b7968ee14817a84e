// Assembler expressions: the values written as operands and after .word,
// .equ and friends.
//
//   expr    := product { ('+' | '-') product }
//   product := unary { '*' unary }
//   unary   := ('-' | '+') unary | primary
//   primary := number | 'c' | name | '(' expr ')'
//
// Names are labels (their address; a .tls label is its offset from tp) and
// constants (.equ). Arithmetic is 64-bit; a value past ±2^40 is an error,
// so nothing can overflow.
#pragma once

#include "sim/asm/asm_lexer.h"

#include <functional>
#include <optional>
#include <span>
#include <string>

namespace gb::asm_detail {

struct ExprError {
    int column = 0;
    std::string text;
    std::string message;
};

// Gives a name's value, or nullopt when it is not known (yet). It may record
// an error itself (e.g. "undefined label"); evaluation goes on so that every
// unknown name in the expression is looked up.
using NameLookup = std::function<std::optional<int64_t>(const Token& name)>;

struct ExprValue {
    std::optional<int64_t> value;   // nullopt if a name was unknown or on error
    std::optional<ExprError> error; // a syntax error or an overflow
};

// Evaluates all of `toks` as one expression. An empty span is an error.
ExprValue eval_expr(std::span<const Token> toks, const NameLookup& lookup);

// Checks the syntax only (every name is fine). Used in pass 1, so that the
// statement's errors are reported once, on the first pass.
std::optional<ExprError> check_expr(std::span<const Token> toks);

} // namespace gb::asm_detail
