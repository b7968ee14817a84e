#include "sim/asm/asm_lexer.h"

#include <fmt/format.h>

namespace gb::asm_detail {

namespace {

bool is_ident_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_ident_char(char c) {
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '.';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
    return is_ident_start(c) || is_digit(c);
}

int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return 99;
}

// Parses a number literal (already cut out of the line). Returns the value,
// or an error message.
std::optional<int64_t> parse_number(std::string_view s, std::string& error) {
    int base = 10;
    std::string_view digits = s;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        digits = s.substr(2);
    } else if (s.size() > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        base = 2;
        digits = s.substr(2);
    }
    int64_t v = 0;
    bool too_big = false;
    for (char c : digits) {
        if (c == '_') continue; // 1_000_000 and 0b1010_0101 read better
        int d = digit_value(c);
        if (d >= base) {
            const char* kind = base == 16 ? "hex" : base == 2 ? "binary" : "decimal";
            error = fmt::format("'{}' is not a valid {} number (numbers look like 42, 0x2a or "
                                "0b101010)",
                                printable(s), kind);
            return std::nullopt;
        }
        if (!too_big) v = v * base + d;
        if (v > kMaxLiteral) too_big = true;
    }
    if (too_big) {
        error = fmt::format("number {} is too large: numbers have 32 bits (at most 4294967295 "
                            "or 0xffffffff)",
                            printable(s));
        return std::nullopt;
    }
    return v;
}

// Reads one (possibly escaped) character of a string or char literal at
// line[i]; advances i. Returns nullopt and sets error on a bad escape.
std::optional<char> read_char(std::string_view line, size_t& i, std::string& error) {
    char c = line[i++];
    if (c != '\\') return c;
    if (i >= line.size()) {
        error = "a backslash at the end of the line escapes nothing";
        return std::nullopt;
    }
    char e = line[i++];
    switch (e) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case '0': return '\0';
    case '\\': return '\\';
    case '"': return '"';
    case '\'': return '\'';
    default:
        error = fmt::format("unknown escape '\\{}' (the escapes are \\n \\t \\r \\0 \\\\ \\\" "
                            "\\')",
                            printable(std::string_view(&e, 1)));
        return std::nullopt;
    }
}

} // namespace

std::string printable(std::string_view text, size_t max_len) {
    std::string out;
    size_t n = 0;
    for (char ch : text) {
        if (n++ >= max_len) {
            out += "...";
            break;
        }
        auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7f)
            out += ch;
        else if (c == '\t')
            out += "\\t";
        else
            out += fmt::format("\\x{:02x}", c);
    }
    return out;
}

bool looks_like_register(std::string_view name) {
    if (name.size() < 2 || (name[0] != 'r' && name[0] != 'R')) return false;
    for (size_t i = 1; i < name.size(); ++i)
        if (!is_digit(name[i])) return false;
    return true;
}

LexedLine lex_line(std::string_view line) {
    LexedLine out;
    size_t i = 0;
    auto fail = [&](size_t start, std::string text, std::string message) {
        out.error = LexError{static_cast<int>(start) + 1, std::move(text), std::move(message)};
    };
    while (i < line.size()) {
        char c = line[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            ++i;
            continue;
        }
        if (c == ';' || c == '#') break; // a comment runs to the end of the line
        Token t;
        t.column = static_cast<int>(i) + 1;
        size_t start = i;
        if (is_ident_start(c) || (c == '.' && i + 1 < line.size() && is_ident_start(line[i + 1]))) {
            t.kind = c == '.' ? Tok::Directive : Tok::Ident;
            ++i;
            while (i < line.size() && is_ident_char(line[i]))
                ++i;
            t.text = std::string(line.substr(start, i - start));
        } else if (is_digit(c)) {
            while (i < line.size() && is_alnum(line[i]))
                ++i;
            t.kind = Tok::Number;
            t.text = std::string(line.substr(start, i - start));
            std::string err;
            auto v = parse_number(t.text, err);
            if (!v) {
                fail(start, t.text, err);
                return out;
            }
            t.value = *v;
        } else if (c == '\'') {
            ++i;
            std::string err;
            std::optional<char> ch;
            if (i < line.size() && line[i] != '\'') ch = read_char(line, i, err);
            if (!err.empty()) {
                fail(start, printable(line.substr(start, i - start)), err);
                return out;
            }
            if (i >= line.size() || line[i] != '\'') {
                // Find how far the would-be literal runs, for the message.
                size_t end = line.find('\'', i);
                if (end == std::string_view::npos)
                    fail(start, printable(line.substr(start)),
                         "unterminated character literal: add a closing '");
                else
                    fail(start, printable(line.substr(start, end + 1 - start)),
                         "a character literal holds exactly one character, like 'a' or '\\n' "
                         "(use \"...\" with .string for text)");
                return out;
            }
            if (!ch) {
                fail(start, "''", "empty character literal: write one character, like 'a'");
                return out;
            }
            ++i;
            t.kind = Tok::Char;
            t.text = std::string(line.substr(start, i - start));
            t.value = static_cast<unsigned char>(*ch);
        } else if (c == '"') {
            ++i;
            std::string s;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    ++i;
                    closed = true;
                    break;
                }
                size_t at = i;
                std::string err;
                auto ch = read_char(line, i, err);
                if (!ch) {
                    fail(at, printable(line.substr(at, i - at)), err);
                    return out;
                }
                s += *ch;
            }
            if (!closed) {
                fail(start, printable(line.substr(start)), "unterminated string: add a closing \"");
                return out;
            }
            t.kind = Tok::String;
            t.text = std::string(line.substr(start, i - start));
            t.str = std::move(s);
        } else {
            ++i;
            switch (c) {
            case ',': t.kind = Tok::Comma; break;
            case ':': t.kind = Tok::Colon; break;
            case '[': t.kind = Tok::LBracket; break;
            case ']': t.kind = Tok::RBracket; break;
            case '(': t.kind = Tok::LParen; break;
            case ')': t.kind = Tok::RParen; break;
            case '+': t.kind = Tok::Plus; break;
            case '-': t.kind = Tok::Minus; break;
            case '*': t.kind = Tok::Star; break;
            case '=': t.kind = Tok::Equals; break;
            default: {
                std::string shown = printable(std::string_view(&c, 1));
                fail(start, shown, fmt::format("unexpected character '{}'", shown));
                return out;
            }
            }
            t.text = std::string(1, c);
        }
        out.tokens.push_back(std::move(t));
    }
    return out;
}

} // namespace gb::asm_detail
