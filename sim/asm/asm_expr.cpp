#include "sim/asm/asm_expr.h"

#include <fmt/format.h>

namespace gb::asm_detail {

namespace {

constexpr int64_t kLimit = int64_t{1} << 40;
constexpr int kMaxDepth = 64; // parentheses and unary signs; guards the host stack

class Parser {
  public:
    Parser(std::span<const Token> toks, const NameLookup& lookup) : toks_(toks), lookup_(lookup) {}

    ExprValue run() {
        ExprValue out;
        if (toks_.empty()) {
            out.error = ExprError{0, "", "expected a value (a number, a character or a name)"};
            return out;
        }
        auto v = expr(0);
        if (!error_ && pos_ < toks_.size()) {
            const Token& t = toks_[pos_];
            fail(t, fmt::format("unexpected '{}' after the value (values combine with + - *)",
                                printable(t.text)));
        }
        if (error_) {
            out.error = error_;
            return out;
        }
        out.value = v;
        return out;
    }

  private:
    std::span<const Token> toks_;
    const NameLookup& lookup_;
    size_t pos_ = 0;
    std::optional<ExprError> error_;

    void fail(const Token& t, std::string message) {
        if (!error_) error_ = ExprError{t.column, printable(t.text), std::move(message)};
    }
    const Token* peek() const { return pos_ < toks_.size() ? &toks_[pos_] : nullptr; }

    std::optional<int64_t> checked(const Token& at, std::optional<int64_t> v) {
        if (v && (*v > kLimit || *v < -kLimit)) {
            fail(at, "the value is far too large (values are 32-bit numbers)");
            return std::nullopt;
        }
        return v;
    }

    // Values are nullopt when unknown; arithmetic on an unknown stays unknown.
    std::optional<int64_t> expr(int depth) {
        auto v = product(depth);
        while (!error_) {
            const Token* t = peek();
            if (!t || (t->kind != Tok::Plus && t->kind != Tok::Minus)) break;
            ++pos_;
            auto rhs = product(depth);
            if (v && rhs)
                v = checked(*t, t->kind == Tok::Plus ? *v + *rhs : *v - *rhs);
            else
                v = std::nullopt;
        }
        return v;
    }

    std::optional<int64_t> product(int depth) {
        auto v = unary(depth);
        while (!error_) {
            const Token* t = peek();
            if (!t || t->kind != Tok::Star) break;
            ++pos_;
            auto rhs = unary(depth);
            // Both are within ±2^40, so check before multiplying.
            if (v && rhs) {
                if (*v != 0 &&
                    (*rhs > kLimit / (*v < 0 ? -*v : *v) || *rhs < -kLimit / (*v < 0 ? -*v : *v)))
                    v = checked(*t, kLimit + 1);
                else
                    v = *v * *rhs;
            } else
                v = std::nullopt;
        }
        return v;
    }

    std::optional<int64_t> unary(int depth) {
        if (depth > kMaxDepth) {
            if (const Token* t = peek())
                fail(*t, "the expression is nested too deeply");
            else
                fail(toks_.back(), "the expression is nested too deeply");
            return std::nullopt;
        }
        const Token* t = peek();
        if (t && (t->kind == Tok::Minus || t->kind == Tok::Plus)) {
            ++pos_;
            auto v = unary(depth + 1);
            if (v && t->kind == Tok::Minus) return -*v;
            return v;
        }
        return primary(depth);
    }

    std::optional<int64_t> primary(int depth) {
        const Token* t = peek();
        if (!t) {
            const Token& last = toks_.back();
            fail(last, fmt::format("expected a value after '{}'", printable(last.text)));
            return std::nullopt;
        }
        ++pos_;
        switch (t->kind) {
        case Tok::Number:
        case Tok::Char: return t->value;
        case Tok::Ident: return lookup_(*t);
        case Tok::LParen: {
            auto v = expr(depth + 1);
            if (error_) return std::nullopt;
            const Token* close = peek();
            if (!close || close->kind != Tok::RParen) {
                fail(*t, "this '(' has no matching ')'");
                return std::nullopt;
            }
            ++pos_;
            return v;
        }
        case Tok::String:
            fail(*t, "a string is not a value here (use .string \"...\" to store text)");
            return std::nullopt;
        default:
            fail(*t, fmt::format("expected a value (a number, a character or a name), got '{}'",
                                 printable(t->text)));
            return std::nullopt;
        }
    }
};

} // namespace

ExprValue eval_expr(std::span<const Token> toks, const NameLookup& lookup) {
    return Parser(toks, lookup).run();
}

std::optional<ExprError> check_expr(std::span<const Token> toks) {
    NameLookup any = [](const Token&) -> std::optional<int64_t> { return 0; };
    return Parser(toks, any).run().error;
}

} // namespace gb::asm_detail
