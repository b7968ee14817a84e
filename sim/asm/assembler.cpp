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
#include "sim/asm/assembler.h"

#include "sim/asm/asm_expr.h"
#include "sim/asm/asm_lexer.h"
#include "sim/isa/isa.h"
#include "sim/isa/memlayout.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <initializer_list>
#include <span>
#include <sstream>
#include <vector>

namespace gb {

using namespace asm_detail;

std::string AsmError::to_string() const {
    if (line <= 0) return fmt::format("{}: error: {}", file, message);
    return fmt::format("{}:{}:{}: error: {}", file, line, column, message);
}

namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxErrors = 1000;
constexpr size_t kMaxIncludeDepth = 16;
constexpr uintmax_t kMaxFileSize = 16u << 20;
constexpr int64_t kWordMin = INT32_MIN;
constexpr int64_t kWordMax = UINT32_MAX;

// ---------------------------------------------------------------------------
// Sections

enum class Sec : uint8_t { Text, Data, Tls };

struct SecInfo {
    uint32_t base;
    uint32_t max_size;
    std::string_view name;
    SymbolKind kind;
};

// Where each section goes. .text normally starts at layout::kCodeBase; a
// shared library is assembled for its own base (AsmOptions::text_base).
std::array<SecInfo, 3> section_table(const AsmOptions& o) {
    return {{
        {o.text_base, o.text_limit - o.text_base, ".text", SymbolKind::Code},
        {layout::kDataBase, layout::kDataLimit - layout::kDataBase, ".data", SymbolKind::Data},
        {0, layout::kTlsSize, ".tls", SymbolKind::Tls},
    }};
}

// ---------------------------------------------------------------------------
// Operand shapes: what each operand slot of an instruction accepts.

enum class Want : uint8_t {
    Reg,    // r1
    Imm,    // 42, N*4, 'a', label
    Target, // a code label
    MemOff, // [ra] or [ra + imm] or [ra - imm]
    MemAbs, // [address]
    MemReg, // [ra], no offset
};

struct Shape {
    std::array<Want, 3> want{};
    size_t count = 0;
};

constexpr Shape shape(std::initializer_list<Want> w) {
    Shape s;
    for (Want x : w)
        s.want[s.count++] = x;
    return s;
}

using W = Want;

Shape shape_of(Syntax s) {
    switch (s) {
    case Syntax::None: return {};
    case Syntax::D_A_B: return shape({W::Reg, W::Reg, W::Reg});
    case Syntax::D_A_I: return shape({W::Reg, W::Reg, W::Imm});
    case Syntax::D_A: return shape({W::Reg, W::Reg});
    case Syntax::A_B: return shape({W::Reg, W::Reg});
    case Syntax::A_I: return shape({W::Reg, W::Imm});
    case Syntax::D_I: return shape({W::Reg, W::Imm});
    case Syntax::D: return shape({W::Reg});
    case Syntax::A: return shape({W::Reg});
    case Syntax::D_MemAI: return shape({W::Reg, W::MemOff});
    case Syntax::D_MemAbs: return shape({W::Reg, W::MemAbs});
    case Syntax::D_MemA: return shape({W::Reg, W::MemReg});
    case Syntax::D_B_MemA: return shape({W::Reg, W::Reg, W::MemReg});
    case Syntax::Target: return shape({W::Target});
    case Syntax::Number: return shape({W::Imm});
    }
    return {};
}

std::string_view syntax_text(Syntax s) {
    switch (s) {
    case Syntax::None: return "";
    case Syntax::D_A_B: return "rd, ra, rb";
    case Syntax::D_A_I: return "rd, ra, imm";
    case Syntax::D_A: return "rd, ra";
    case Syntax::A_B: return "ra, rb";
    case Syntax::A_I: return "ra, imm";
    case Syntax::D_I: return "rd, imm";
    case Syntax::D: return "rd";
    case Syntax::A: return "ra";
    case Syntax::D_MemAI: return "rd, [ra + imm]";
    case Syntax::D_MemAbs: return "rd, [address]";
    case Syntax::D_MemA: return "rd, [ra]";
    case Syntax::D_B_MemA: return "rd, rb, [ra]";
    case Syntax::Target: return "label";
    case Syntax::Number: return "number";
    }
    return "";
}

std::string_view want_text(Want w) {
    switch (w) {
    case W::Reg: return "a register (r0..r12, tp, fp, sp)";
    case W::Imm: return "a number or a constant";
    case W::Target: return "a label";
    case W::MemOff: return "a memory operand like [sp + 8]";
    case W::MemAbs: return "a memory operand like [count]";
    case W::MemReg: return "a memory operand like [r2] (a register, no offset)";
    }
    return "";
}

// ---------------------------------------------------------------------------
// Pseudo-instructions: written like instructions, assembled into one or
// more real ones. Their size is fixed, so pass 1 knows it.

enum class Pseudo : uint8_t { None, La, Inc, Dec, Neg, Not, B, Beqz, Bnez, Enter, Leave };

struct PseudoInfo {
    Pseudo id;
    std::string_view name;
    Shape shape;
    std::string_view syntax;
    uint32_t words;
};

const PseudoInfo kPseudos[] = {
    // la rd, label        = li rd, label (the address of a label)
    {Pseudo::La, "la", shape({W::Reg, W::Imm}), "rd, label", 1},
    // inc rd              = add rd, rd, 1
    {Pseudo::Inc, "inc", shape({W::Reg}), "rd", 1},
    // dec rd              = sub rd, rd, 1
    {Pseudo::Dec, "dec", shape({W::Reg}), "rd", 1},
    // neg rd, ra          = xor rd, ra, -1 ; add rd, rd, 1   (two's complement)
    {Pseudo::Neg, "neg", shape({W::Reg, W::Reg}), "rd, ra", 2},
    // not rd, ra          = xor rd, ra, -1
    {Pseudo::Not, "not", shape({W::Reg, W::Reg}), "rd, ra", 1},
    // b label             = jmp label
    {Pseudo::B, "b", shape({W::Target}), "label", 1},
    // beqz ra, label      = cmp ra, 0 ; beq label
    {Pseudo::Beqz, "beqz", shape({W::Reg, W::Target}), "ra, label", 2},
    // bnez ra, label      = cmp ra, 0 ; bne label
    {Pseudo::Bnez, "bnez", shape({W::Reg, W::Target}), "ra, label", 2},
    // enter N             = push fp ; mov fp, sp ; sub sp, sp, N   (open a stack frame)
    {Pseudo::Enter, "enter", shape({W::Imm}), "N", 3},
    // leave               = mov sp, fp ; pop fp                   (close it)
    {Pseudo::Leave, "leave", {}, "", 2},
    // (li rd, BIG is the one more: see plan_li.)
};

const PseudoInfo* find_pseudo(std::string_view name) {
    for (const auto& p : kPseudos)
        if (p.name == name) return &p;
    return nullptr;
}

constexpr std::string_view kDirectives[] = {".text",   ".data",  ".tls",   ".word", ".byte",
                                            ".string", ".space", ".align", ".equ",  ".include"};

// ---------------------------------------------------------------------------
// Small helpers

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Optimal-string-alignment distance (an adjacent swap counts as one edit),
// or more than `limit` when it is surely above it. Words up to 40 bytes.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
    constexpr size_t kMax = 40;
    const size_t n = a.size(), m = b.size();
    if (n > kMax || m > kMax) return limit + 1;
    std::array<size_t, kMax + 1> prev2{}, prev{}, cur{};
    for (size_t j = 0; j <= m; ++j)
        prev[j] = j;
    for (size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        size_t row_min = cur[0];
        for (size_t j = 1; j <= m; ++j) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit) return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

// The closest candidate, if it is close enough to be a likely typo.
template <class Range> std::string suggest(std::string_view word, const Range& candidates) {
    if (word.size() < 2 || word.size() > 32) return "";
    size_t limit = word.size() <= 3 ? 1 : 2;
    std::string best;
    size_t best_d = limit + 1;
    for (const auto& c : candidates) {
        std::string_view cand(c);
        if (cand.size() > word.size() + limit || cand.size() + limit < word.size()) continue;
        size_t dist = edit_distance(word, cand, best_d - 1);
        if (dist < best_d) {
            best_d = dist;
            best = std::string(cand);
        }
    }
    return best;
}

std::string operand_count(size_t n) {
    return fmt::format("{} operand{}", n, n == 1 ? "" : "s");
}

std::string hex(int64_t v) {
    return fmt::format("0x{:x}", static_cast<uint32_t>(v));
}

// Splits text into lines (without the newline or a trailing \r).
std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        std::string_view line =
            text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.emplace_back(line);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    if (!lines.empty() && lines.back().empty() && !text.empty() && text.back() == '\n')
        lines.pop_back(); // the text ends with a newline: no empty last line
    return lines;
}

// Reads a whole file; on failure returns nullopt and a reason.
std::optional<std::string> read_file(const fs::path& path, std::string& why) {
    std::error_code ec;
    auto st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
        why = "no such file";
        return std::nullopt;
    }
    if (!fs::is_regular_file(st)) {
        why = "not a regular file";
        return std::nullopt;
    }
    auto size = fs::file_size(path, ec);
    if (ec) {
        why = ec.message();
        return std::nullopt;
    }
    if (size > kMaxFileSize) {
        why = fmt::format("the file is too large ({} bytes; at most {})", size, kMaxFileSize);
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        why = "cannot open it for reading";
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        why = "a read error";
        return std::nullopt;
    }
    return std::move(ss).str();
}

// ---------------------------------------------------------------------------
// Parsed statements

struct Operand {
    enum class Kind : uint8_t { Reg, Expr, Mem } kind = Kind::Expr;
    int reg = -1;     // Reg: the register; Mem: the base register, or -1 for [address]
    size_t begin = 0; // the value's tokens [begin, end) in Stmt::toks (Expr; Mem offset
    size_t end = 0;   //   with its sign, or the absolute address); empty: none
    int column = 0;   // where the operand starts
    std::string text; // the operand as written
    bool has_value() const { return end > begin; }
};

struct Stmt {
    enum class Kind : uint8_t { Instr, Word, Byte, String, Space } kind = Kind::Instr;
    int file = 0, line = 0, column = 0;
    size_t seq = 0;
    Sec sec = Sec::Text;
    uint32_t offset = 0; // from the section's base
    uint32_t size = 0;
    std::string name; // the mnemonic or directive as written
    const OpInfo* row = nullptr;
    Pseudo pseudo = Pseudo::None;
    bool long_li = false; // li expanded to lui + add
    std::vector<Token> toks;
    std::vector<Operand> ops;
    std::string str; // .string contents
};

struct Sym {
    SymbolKind kind = SymbolKind::Code;
    std::optional<int64_t> value; // unknown until the label is placed / the constant resolved
    SourceLoc where;
    size_t seq = 0;
    std::vector<Token> expr; // a constant whose value needs names defined later
    bool deferred = false;
    bool resolving = false;
    bool poisoned = false; // its definition had an error (already reported)
};

// ---------------------------------------------------------------------------

class Assembler {
  public:
    explicit Assembler(const AsmOptions& opts) : opts_(opts), sections_(section_table(opts)) {}

    AsmResult run(const std::string& source, const std::string& path) {
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

  private:
    const AsmOptions& opts_;
    std::array<SecInfo, 3> sections_;
    const SecInfo& info(Sec sec) const { return sections_[static_cast<size_t>(sec)]; }
    std::vector<SourceFile> files_;
    std::vector<std::string> keys_; // canonical paths, for include-once and cycles
    std::vector<int> stack_;        // files being read, outermost first
    std::vector<std::pair<size_t, AsmError>> errors_;
    bool stopped_ = false;
    std::map<std::string, Sym> syms_;
    std::vector<std::string> constants_; // in definition order
    std::vector<std::string> names_;     // every name, for "did you mean" (pass 2)
    int suggestions_left_ = 50;
    int unresolved_ = 0; // pass-2 values that could not be computed (each should have an error)
    std::vector<Stmt> stmts_;
    std::vector<std::string> pending_; // labels waiting for the next item's address
    Sec sec_ = Sec::Text;
    std::array<uint32_t, 3> off_{};
    std::array<bool, 3> full_{};
    std::array<std::vector<uint8_t>, 3> bytes_;
    // The line being read.
    int file_ = 0, line_ = 0;
    size_t seq_ = 0;
    std::string_view text_;
    Image image_;

    // --- errors --------------------------------------------------------------

    void error_at(size_t seq, int file, int line, int column, std::string text, std::string msg) {
        if (stopped_) return;
        if (errors_.size() >= kMaxErrors) {
            errors_.push_back(
                {seq, AsmError{files_[static_cast<size_t>(file)].path, line, column, "",
                               fmt::format("too many errors; stopping after {}", kMaxErrors)}});
            stopped_ = true;
            return;
        }
        errors_.push_back({seq, AsmError{files_[static_cast<size_t>(file)].path, line, column,
                                         std::move(text), std::move(msg)}});
    }
    void error(int column, std::string text, std::string msg) {
        error_at(seq_, file_, line_, column, std::move(text), std::move(msg));
    }
    void error(const Token& t, std::string msg) {
        error(t.column, printable(t.text), std::move(msg));
    }
    void error(const Stmt& s, int column, std::string text, std::string msg) {
        error_at(s.seq, s.file, s.line, column, std::move(text), std::move(msg));
    }

    AsmResult finish() {
        AsmResult r;
        if (errors_.empty() && unresolved_ > 0) // a safety net: never return a half-built image
            error_at(0, 0, 0, 0, "", "internal assembler error: a value could not be computed");
        std::stable_sort(errors_.begin(), errors_.end(), [](const auto& a, const auto& b) {
            if (a.first != b.first) return a.first < b.first;
            return a.second.column < b.second.column;
        });
        for (auto& [seq, e] : errors_)
            r.errors.push_back(std::move(e));
        if (r.errors.empty()) r.image = std::move(image_);
        return r;
    }

    int add_file(const std::string& path, std::string_view text) {
        files_.push_back(SourceFile{path, split_lines(text)});
        return static_cast<int>(files_.size() - 1);
    }

    // "line 3", or "lib.s:3" when the place is in another file than `from`.
    std::string where(const SourceLoc& loc, int from = -1) const {
        if (loc.file == (from < 0 ? file_ : from)) return fmt::format("line {}", loc.line);
        return fmt::format("{}:{}", files_[static_cast<size_t>(loc.file)].path, loc.line);
    }

    // --- pass 1 ---------------------------------------------------------------

    void pass1_file(int idx) {
        // Copy: an include appends to files_, which may move the lines.
        const std::vector<std::string> lines = files_[static_cast<size_t>(idx)].lines;
        for (size_t i = 0; i < lines.size() && !stopped_; ++i) {
            file_ = idx;
            line_ = static_cast<int>(i) + 1;
            ++seq_;
            text_ = lines[i];
            pass1_line();
        }
    }

    void pass1_line() {
        LexedLine lx = lex_line(text_);
        if (lx.error) {
            error(lx.error->column, lx.error->text, lx.error->message);
            declare_names_of_bad_line(lx.tokens);
            return;
        }
        const auto& t = lx.tokens;
        size_t i = 0;
        while (i + 1 < t.size() && t[i + 1].kind == Tok::Colon) {
            if (t[i].kind != Tok::Ident) {
                error(t[i], fmt::format("'{}' cannot be a label: a label starts with a letter or _ "
                                        "and has letters, digits, _ and . (like loop_2)",
                                        printable(t[i].text)));
                return;
            }
            define_label(t[i]);
            i += 2;
        }
        if (i == t.size()) return;
        std::span<const Token> rest(t.data() + i, t.size() - i);
        if (rest.size() >= 2 && rest[0].kind == Tok::Ident && rest[1].kind == Tok::Equals) {
            define_constant(rest[0], rest.subspan(2), rest[1]);
            return;
        }
        if (rest[0].kind == Tok::Directive) {
            directive(rest);
            return;
        }
        if (rest[0].kind == Tok::Ident) {
            instruction(rest);
            return;
        }
        error(rest[0], fmt::format("expected an instruction, a directive or a label, got '{}'",
                                   printable(rest[0].text)));
    }

    // A line that could not be lexed still defines its labels and constant
    // (the constant without a value), so their uses are not reported again.
    void declare_names_of_bad_line(const std::vector<Token>& t) {
        size_t i = 0;
        for (; i + 1 < t.size() && t[i].kind == Tok::Ident && t[i + 1].kind == Tok::Colon; i += 2)
            define_label(t[i]);
        const Token* name = nullptr;
        if (i + 1 < t.size() && t[i].kind == Tok::Ident && t[i + 1].kind == Tok::Equals)
            name = &t[i];
        if (i + 1 < t.size() && t[i].kind == Tok::Directive && lower(t[i].text) == ".equ" &&
            t[i + 1].kind == Tok::Ident)
            name = &t[i + 1];
        if (!name || syms_.contains(name->text) || parse_reg(name->text) ||
            looks_like_register(name->text))
            return;
        Sym s;
        s.kind = SymbolKind::Constant;
        s.where = SourceLoc{file_, line_, name->column};
        s.seq = seq_;
        s.poisoned = true;
        syms_.emplace(name->text, std::move(s));
    }

    bool check_name(const Token& t, std::string_view what) {
        if (parse_reg(t.text) || looks_like_register(t.text)) {
            error(t, fmt::format("'{}' is a register name, so it cannot be {}", printable(t.text),
                                 what));
            return false;
        }
        auto it = syms_.find(t.text);
        if (it != syms_.end()) {
            error(t, fmt::format("{} '{}' already defined at {}",
                                 it->second.kind == SymbolKind::Constant ? "constant" : "label",
                                 printable(t.text), where(it->second.where)));
            return false;
        }
        return true;
    }

    void define_label(const Token& t) {
        if (!check_name(t, "a label")) return;
        Sym s;
        s.kind = info(sec_).kind;
        s.where = SourceLoc{file_, line_, t.column};
        s.seq = seq_;
        syms_.emplace(t.text, std::move(s));
        pending_.push_back(t.text);
    }

    // Gives the labels waiting for an address the current position.
    void bind_pending() {
        for (const auto& name : pending_)
            syms_[name].value =
                static_cast<int64_t>(info(sec_).base) + off_[static_cast<size_t>(sec_)];
        pending_.clear();
    }

    // Pass-1 value of a name: known only if defined above (or predefined).
    std::optional<int64_t> known(const Token& t) const {
        auto it = syms_.find(t.text);
        if (it != syms_.end()) return it->second.value;
        auto p = opts_.predefined.find(t.text);
        if (p != opts_.predefined.end()) return p->second;
        return std::nullopt;
    }

    // Syntax check of a value: a well-formed expression with no registers in it.
    bool check_value(std::span<const Token> toks, int column_if_empty, std::string_view what) {
        if (toks.empty()) {
            error(column_if_empty, "", fmt::format("expected {}", what));
            return false;
        }
        for (const Token& t : toks)
            if (t.kind == Tok::Ident && (parse_reg(t.text) || looks_like_register(t.text))) {
                error(t,
                      fmt::format("'{}' is a register; expected {} here", printable(t.text), what));
                return false;
            }
        if (auto e = check_expr(toks)) {
            error(e->column, e->text, e->message);
            return false;
        }
        return true;
    }

    void define_constant(const Token& name, std::span<const Token> value, const Token& after) {
        if (!check_name(name, "a constant")) return;
        int col = after.column + static_cast<int>(after.text.size()) + 1;
        Sym s;
        s.kind = SymbolKind::Constant;
        s.where = SourceLoc{file_, line_, name.column};
        s.seq = seq_;
        // A constant whose value is wrong is still defined ("poisoned"), so
        // that its uses do not each report it as undefined.
        auto poison = [&] {
            s.poisoned = true;
            syms_.emplace(name.text, std::move(s));
        };
        if (!check_value(value, col, "a value for the constant")) return poison();
        auto v = eval_expr(value, [this](const Token& t) { return known(t); });
        if (v.error) {
            error(v.error->column, v.error->text, v.error->message);
            return poison();
        }
        if (v.value) {
            if (*v.value < kWordMin || *v.value > kWordMax) {
                error(value.front().column, operand_text(value),
                      fmt::format("value {} does not fit in 32 bits", *v.value));
                return poison();
            }
            s.value = v.value;
        } else {
            s.deferred = true;
            s.expr.assign(value.begin(), value.end());
        }
        syms_.emplace(name.text, std::move(s));
        constants_.push_back(name.text);
    }

    // The source text spanned by tokens (for error messages).
    std::string operand_text(std::span<const Token> toks) const {
        if (toks.empty()) return "";
        size_t b = static_cast<size_t>(toks.front().column - 1);
        size_t e = static_cast<size_t>(toks.back().column - 1) + toks.back().text.size();
        return printable(text_.substr(b, e - b));
    }

    // Splits tokens at top-level commas. Returns false (and reports) on an
    // empty piece.
    bool split_commas(std::span<const Token> toks, const Token& head,
                      std::vector<std::span<const Token>>& pieces) {
        if (toks.empty()) return true;
        int depth = 0;
        size_t start = 0;
        for (size_t i = 0; i <= toks.size(); ++i) {
            if (i < toks.size()) {
                Tok k = toks[i].kind;
                if (k == Tok::LBracket || k == Tok::LParen) ++depth;
                if ((k == Tok::RBracket || k == Tok::RParen) && depth > 0) --depth;
                if (k != Tok::Comma || depth > 0) continue;
            }
            if (i == start) {
                const Token& at = i < toks.size() ? toks[i] : toks[i - 1];
                error(at, fmt::format("missing operand {} ',' in '{}'",
                                      i < toks.size() ? "before" : "after", printable(head.text)));
                return false;
            }
            pieces.push_back(toks.subspan(start, i - start));
            start = i + 1;
        }
        return true;
    }

    // Parses one operand (tokens are a piece of `all`, at index `base`).
    std::optional<Operand> parse_operand(std::span<const Token> p, size_t base) {
        Operand op;
        op.column = p.front().column;
        op.text = operand_text(p);
        if (p.front().kind == Tok::LBracket) {
            op.kind = Operand::Kind::Mem;
            size_t close = 0;
            while (close < p.size() && p[close].kind != Tok::RBracket)
                ++close;
            if (close == p.size()) {
                error(p.front(), fmt::format("this '[' has no matching ']' in '{}'", op.text));
                return std::nullopt;
            }
            if (close + 1 < p.size()) {
                error(p[close + 1],
                      fmt::format("unexpected '{}' after ']'", printable(p[close + 1].text)));
                return std::nullopt;
            }
            auto inner = p.subspan(1, close - 1);
            if (inner.empty()) {
                error(p.front(),
                      "empty brackets: write an address, like [sp + 4], [r1] or [count]");
                return std::nullopt;
            }
            if (inner[0].kind == Tok::Ident && parse_reg(inner[0].text)) {
                op.reg = *parse_reg(inner[0].text);
                auto off = inner.subspan(1);
                if (!off.empty()) {
                    if (off[0].kind != Tok::Plus && off[0].kind != Tok::Minus) {
                        error(off[0], fmt::format("expected '+' or '-' after the register in '{}', "
                                                  "got '{}' (a memory operand is [register], "
                                                  "[register + offset] or [address])",
                                                  op.text, printable(off[0].text)));
                        return std::nullopt;
                    }
                    if (!check_value(off, off[0].column, "an offset (a number or a constant)"))
                        return std::nullopt;
                    op.begin = base + 2;
                    op.end = base + close;
                }
                return op;
            }
            if (inner[0].kind == Tok::Ident && looks_like_register(inner[0].text)) {
                error(inner[0], fmt::format("expected a register (r0..r12, tp, fp, sp), got '{}'",
                                            printable(inner[0].text)));
                return std::nullopt;
            }
            if (!check_value(inner, inner[0].column, "an address (a label or a number)"))
                return std::nullopt;
            op.begin = base + 1;
            op.end = base + close;
            return op;
        }
        if (p.size() == 1 && p[0].kind == Tok::Ident) {
            if (auto r = parse_reg(p[0].text)) {
                op.kind = Operand::Kind::Reg;
                op.reg = *r;
                return op;
            }
            if (looks_like_register(p[0].text)) {
                error(p[0], fmt::format("expected a register (r0..r12, tp, fp, sp), got '{}'",
                                        printable(p[0].text)));
                return std::nullopt;
            }
        }
        if (p.front().kind == Tok::String) {
            error(p.front(), "a string cannot be an operand (put text in .data with .string, "
                             "then use its label)");
            return std::nullopt;
        }
        if (!check_value(p, p.front().column, "a number or a name")) return std::nullopt;
        op.kind = Operand::Kind::Expr;
        op.begin = base;
        op.end = base + p.size();
        return op;
    }

    static bool accepts(Want w, const Operand& o) {
        switch (w) {
        case W::Reg: return o.kind == Operand::Kind::Reg;
        case W::Imm:
        case W::Target: return o.kind == Operand::Kind::Expr;
        case W::MemOff: return o.kind == Operand::Kind::Mem && o.reg >= 0;
        case W::MemAbs: return o.kind == Operand::Kind::Mem && o.reg < 0;
        case W::MemReg: return o.kind == Operand::Kind::Mem && o.reg >= 0 && !o.has_value();
        }
        return false;
    }

    struct Candidate {
        const OpInfo* row = nullptr;
        const PseudoInfo* pseudo = nullptr;
        Shape shape;
        std::string_view syntax;
    };

    void instruction(std::span<const Token> t) {
        const Token& head = t[0];
        std::string mn = lower(head.text);
        std::vector<Candidate> cands;
        for (const OpInfo& row : isa_table())
            if (row.mnemonic == mn)
                cands.push_back({&row, nullptr, shape_of(row.syntax), syntax_text(row.syntax)});
        if (const PseudoInfo* p = find_pseudo(mn))
            cands.push_back({nullptr, p, p->shape, p->syntax});
        if (cands.empty()) {
            unknown_instruction(t);
            return;
        }
        if (sec_ != Sec::Text) {
            error(head, fmt::format("instruction '{}' in {} section: instructions belong in .text "
                                    "(write .text above them)",
                                    printable(head.text), info(sec_).name));
            return;
        }

        Stmt s;
        s.kind = Stmt::Kind::Instr;
        s.name = mn;
        s.toks.assign(t.begin(), t.end());
        std::span<const Token> all(s.toks);
        std::vector<std::span<const Token>> pieces;
        if (!split_commas(all.subspan(1), head, pieces)) return;
        for (auto p : pieces) {
            auto op = parse_operand(p, static_cast<size_t>(p.data() - all.data()));
            if (!op) return;
            s.ops.push_back(std::move(*op));
        }

        const Candidate* chosen = nullptr;
        for (const auto& c : cands) {
            if (c.shape.count != s.ops.size()) continue;
            bool ok = true;
            for (size_t k = 0; k < c.shape.count && ok; ++k)
                ok = accepts(c.shape.want[k], s.ops[k]);
            if (ok) {
                chosen = &c;
                break;
            }
        }
        if (!chosen) {
            operand_mismatch(head, mn, cands, s.ops);
            return;
        }
        s.row = chosen->row;
        s.pseudo = chosen->pseudo ? chosen->pseudo->id : Pseudo::None;
        s.size = 4 * (chosen->pseudo ? chosen->pseudo->words : 1);
        if ((s.row && s.row->op == Op::Li) || s.pseudo == Pseudo::La) plan_li(s);
        place(std::move(s), head, 4);
    }

    // li rd, BIG (a value outside li's signed 20 bits) becomes two words:
    //   lui rd, hi ; add rd, rd, lo   with lo sign-extended, (hi << 16) + lo = BIG.
    // (`add` rather than `or`: immediates are sign-extended, so `or` would
    // spoil the upper half whenever bit 15 of lo is set.) The choice needs
    // the value in pass 1: a name defined further down is assumed to be a
    // label, and labels always fit in one `li`.
    void plan_li(Stmt& s) {
        const Operand& op = s.ops[1];
        std::span<const Token> toks(s.toks.data() + op.begin, op.end - op.begin);
        auto v = eval_expr(toks, [this](const Token& t) { return known(t); });
        if (v.value && (*v.value < kImm20Min || *v.value > kImm20Max)) {
            s.long_li = true;
            s.size = 8;
        }
    }

    void unknown_instruction(std::span<const Token> t) {
        const Token& head = t[0];
        std::vector<std::string> names;
        for (const OpInfo& row : isa_table())
            names.emplace_back(row.mnemonic);
        for (const auto& p : kPseudos)
            names.emplace_back(p.name);
        std::string lowered = lower(head.text);
        std::string s = suggest(lowered, names);
        std::string msg = fmt::format("unknown instruction '{}'", printable(head.text));
        if (!s.empty()) msg += fmt::format(" — did you mean '{}'?", s);
        if (t.size() == 1)
            msg += fmt::format("{} if '{}' is a label, add a colon: '{}:'", s.empty() ? " —" : "",
                               printable(head.text), printable(head.text));
        error(head, std::move(msg));
    }

    void operand_mismatch(const Token& head, const std::string& mn,
                          const std::vector<Candidate>& cands, const std::vector<Operand>& ops) {
        std::vector<std::string> forms;
        for (const auto& c : cands) {
            std::string f = fmt::format("'{}'", c.syntax);
            if (std::find(forms.begin(), forms.end(), f) == forms.end()) forms.push_back(f);
        }
        std::string how;
        for (size_t k = 0; k < forms.size(); ++k)
            how += (k == 0 ? "" : k + 1 == forms.size() ? " or " : ", ") + forms[k];
        bool takes_none = std::all_of(cands.begin(), cands.end(),
                                      [](const Candidate& c) { return c.shape.count == 0; });

        size_t best = 0;
        bool any_count = false;
        for (const auto& c : cands) {
            if (c.shape.count != ops.size()) continue;
            any_count = true;
            size_t k = 0;
            while (k < c.shape.count && accepts(c.shape.want[k], ops[k]))
                ++k;
            best = std::max(best, k);
        }
        if (!any_count) {
            if (takes_none)
                error(head,
                      fmt::format("'{}' takes no operands, got {}", mn, operand_count(ops.size())));
            else
                error(head,
                      fmt::format("'{}' expects {}, got {}", mn, how, operand_count(ops.size())));
            return;
        }
        std::vector<std::string_view> wanted;
        for (const auto& c : cands) {
            if (c.shape.count != ops.size()) continue;
            size_t k = 0;
            while (k < c.shape.count && accepts(c.shape.want[k], ops[k]))
                ++k;
            if (k != best) continue;
            auto w = want_text(c.shape.want[best]);
            if (std::find(wanted.begin(), wanted.end(), w) == wanted.end()) wanted.push_back(w);
        }
        std::string expect;
        auto has = [&](Want w) {
            return std::find(wanted.begin(), wanted.end(), want_text(w)) != wanted.end();
        };
        if (wanted.size() == 2 && has(W::MemOff) && has(W::MemAbs))
            expect = "a memory operand like [sp + 8] or [count]";
        else
            for (size_t k = 0; k < wanted.size(); ++k)
                expect += (k ? " or " : "") + std::string(wanted[k]);
        std::string written;
        for (size_t k = 0; k < cands.size(); ++k) {
            std::string f =
                fmt::format("'{}{}{}'", mn, cands[k].syntax.empty() ? "" : " ", cands[k].syntax);
            if (written.find(f) != std::string::npos) continue;
            written += (written.empty() ? "" : " or ") + f;
        }
        const Operand& bad = ops[best];
        std::string msg =
            fmt::format("expected {}, got '{}' ({} is written {})", expect, bad.text, mn, written);
        if (mn == "mov" && bad.kind == Operand::Kind::Expr)
            msg += "; to put a number or an address in a register, use 'li'";
        error(bad.column, bad.text, std::move(msg));
    }

    // Places an item in the current section, aligned; binds waiting labels.
    void place(Stmt&& s, const Token& head, uint32_t align) {
        auto& off = off_[static_cast<size_t>(sec_)];
        const SecInfo& si = info(sec_);
        uint64_t at = (uint64_t{off} + align - 1) / align * align;
        if (at + s.size > si.max_size) {
            bind_pending();
            if (!full_[static_cast<size_t>(sec_)]) {
                full_[static_cast<size_t>(sec_)] = true;
                error(head,
                      fmt::format("{} segment full: it holds at most {} bytes ({}..{})", si.name,
                                  si.max_size, hex(si.base), hex(si.base + si.max_size - 1)));
            }
            return;
        }
        off = static_cast<uint32_t>(at);
        bind_pending();
        s.file = file_;
        s.line = line_;
        s.column = head.column;
        s.seq = seq_;
        s.sec = sec_;
        s.offset = off;
        off += s.size;
        stmts_.push_back(std::move(s));
    }

    void directive(std::span<const Token> t) {
        const Token& head = t[0];
        std::string d = lower(head.text);
        auto args = t.subspan(1);
        if (d == ".text" || d == ".data" || d == ".tls") {
            if (!args.empty()) {
                error(args[0], fmt::format("'{}' takes no operands", d));
                return;
            }
            bind_pending();
            sec_ = d == ".text" ? Sec::Text : d == ".data" ? Sec::Data : Sec::Tls;
        } else if (d == ".word" || d == ".byte") {
            Stmt s;
            s.kind = d == ".word" ? Stmt::Kind::Word : Stmt::Kind::Byte;
            s.name = d;
            s.toks.assign(t.begin(), t.end());
            std::span<const Token> all(s.toks);
            std::vector<std::span<const Token>> pieces;
            if (args.empty()) {
                error(head, fmt::format("'{}' expects one or more values, like {} 1, 2, 3", d, d));
                return;
            }
            if (!split_commas(all.subspan(1), head, pieces)) return;
            for (auto p : pieces) {
                if (!check_value(p, p.front().column, "a number, a character or a label")) return;
                Operand op;
                op.begin = static_cast<size_t>(p.data() - all.data());
                op.end = op.begin + p.size();
                op.column = p.front().column;
                op.text = operand_text(p);
                s.ops.push_back(std::move(op));
            }
            uint32_t each = s.kind == Stmt::Kind::Word ? 4 : 1;
            s.size = each * static_cast<uint32_t>(s.ops.size());
            place(std::move(s), head, each);
        } else if (d == ".string") {
            if (args.size() != 1 || args[0].kind != Tok::String) {
                error(args.empty() ? head : args[0],
                      "'.string' expects one string in double quotes, like .string \"hello\\n\"");
                return;
            }
            Stmt s;
            s.kind = Stmt::Kind::String;
            s.name = d;
            s.str = args[0].str;
            s.size = static_cast<uint32_t>(std::min<size_t>(s.str.size() + 1, UINT32_MAX / 2));
            place(std::move(s), head, 1);
        } else if (d == ".space" || d == ".align") {
            auto n = pass1_size(head, args);
            if (!n) return;
            if (d == ".space") {
                const SecInfo& si = info(sec_);
                if (*n < 0 || *n > si.max_size) {
                    error(args[0].column, operand_text(args),
                          *n < 0 ? fmt::format("a .space size cannot be negative (got {})", *n)
                                 : fmt::format("{} segment full: .space {} is larger than the "
                                               "whole segment ({} bytes)",
                                               si.name, *n, si.max_size));
                    return;
                }
                Stmt s;
                s.kind = Stmt::Kind::Space;
                s.name = d;
                s.size = static_cast<uint32_t>(*n);
                place(std::move(s), head, 1);
            } else {
                if (*n < 1 || *n > 4096 || (*n & (*n - 1)) != 0) {
                    error(args[0].column, operand_text(args),
                          fmt::format(
                              ".align expects a power of two from 1 to 4096 (bytes), got {}", *n));
                    return;
                }
                auto a = static_cast<uint32_t>(*n);
                auto& off = off_[static_cast<size_t>(sec_)];
                uint64_t at = (uint64_t{off} + a - 1) / a * a;
                if (at > info(sec_).max_size) {
                    error(head, fmt::format("{} segment full", info(sec_).name));
                    return;
                }
                off = static_cast<uint32_t>(at); // labels above bind to the next item
            }
        } else if (d == ".equ") {
            if (args.empty() || args[0].kind != Tok::Ident) {
                error(args.empty() ? head : args[0],
                      "'.equ' expects a name and a value, like .equ SIZE, 16");
                return;
            }
            size_t k = 1;
            if (k < args.size() && args[k].kind == Tok::Comma) ++k;
            define_constant(args[0], args.subspan(k), args[k - 1]);
        } else if (d == ".include") {
            if (args.size() != 1 || args[0].kind != Tok::String) {
                error(args.empty() ? head : args[0],
                      "'.include' expects a file name in double quotes, like .include \"print.s\"");
                return;
            }
            include(args[0]);
        } else {
            std::string msg = fmt::format("unknown directive '{}'", printable(head.text));
            std::string s = suggest(d, kDirectives);
            if (!s.empty())
                msg += fmt::format(" — did you mean '{}'?", s);
            else
                msg += " (the directives are .text .data .tls .word .byte .string .space .align "
                       ".equ .include)";
            error(head, std::move(msg));
        }
    }

    // The value of .space / .align, which must be known in pass 1.
    std::optional<int64_t> pass1_size(const Token& head, std::span<const Token> args) {
        int col = head.column + static_cast<int>(head.text.size()) + 1;
        if (!check_value(args, col, fmt::format("a size after '{}'", head.text)))
            return std::nullopt;
        auto v = eval_expr(args, [this](const Token& t) { return known(t); });
        if (v.error) {
            error(v.error->column, v.error->text, v.error->message);
            return std::nullopt;
        }
        if (!v.value) {
            for (const Token& t : args)
                if (t.kind == Tok::Ident && !known(t)) {
                    if (auto it = syms_.find(t.text); it != syms_.end() && it->second.poisoned)
                        return std::nullopt; // its own error was reported
                    error(t, fmt::format("the size of '{}' must be known where it is written, but "
                                         "'{}' is not defined above this line",
                                         lower(head.text), printable(t.text)));
                    return std::nullopt;
                }
            error(args[0].column, operand_text(args), "the size could not be computed");
            return std::nullopt;
        }
        return v.value;
    }

    void include(const Token& name) {
        const std::string& rel = name.str;
        if (rel.empty() || rel.find('\0') != std::string::npos) {
            error(name, "'.include' needs a file name");
            return;
        }
        if (stack_.size() >= kMaxIncludeDepth) {
            error(name, fmt::format("includes are nested too deeply (more than {} levels)",
                                    kMaxIncludeDepth));
            return;
        }
        std::error_code ec;
        fs::path want(rel);
        std::vector<fs::path> tried;
        if (want.is_absolute())
            tried.push_back(want);
        else {
            fs::path here = fs::path(files_[static_cast<size_t>(file_)].path).parent_path();
            tried.push_back(here / want);
            for (const auto& dir : opts_.include_dirs)
                tried.push_back(fs::path(dir) / want);
        }
        fs::path found;
        for (const auto& p : tried)
            if (fs::is_regular_file(p, ec)) {
                found = p;
                break;
            }
        if (found.empty()) {
            std::string places;
            for (const auto& p : tried)
                places += (places.empty() ? "" : ", ") + p.lexically_normal().string();
            error(name, fmt::format("cannot find the include file '{}' (looked for {})",
                                    printable(rel, 200), places));
            return;
        }
        found = found.lexically_normal();
        auto canon = fs::weakly_canonical(fs::absolute(found, ec), ec);
        std::string key = ec ? found.string() : canon.string();
        for (size_t k = 0; k < stack_.size(); ++k) {
            if (keys_[static_cast<size_t>(stack_[k])] != key) continue;
            std::string chain;
            for (size_t j = k; j < stack_.size(); ++j)
                chain += files_[static_cast<size_t>(stack_[j])].path + " → ";
            chain += found.string();
            error(name, fmt::format("include cycle: {}", chain));
            return;
        }
        if (std::find(keys_.begin(), keys_.end(), key) != keys_.end()) return; // included already
        std::string why;
        auto text = read_file(found, why);
        if (!text) {
            error(name, fmt::format("cannot read the include file '{}': {}", found.string(), why));
            return;
        }
        int idx = add_file(found.string(), *text);
        keys_.push_back(key);
        int saved_file = file_, saved_line = line_;
        std::string_view saved_text = text_;
        stack_.push_back(idx);
        pass1_file(idx);
        stack_.pop_back();
        file_ = saved_file;
        line_ = saved_line;
        text_ = saved_text;
    }

    // --- pass 2 ---------------------------------------------------------------

    // The value of a constant, resolving one defined in terms of later names.
    std::optional<int64_t> constant_value(const std::string& name, Sym& s) {
        if (s.poisoned || !s.deferred) return s.value;
        if (s.resolving) return std::nullopt; // reported by the outer call
        s.resolving = true;
        std::string cycle; // the name that leads back
        auto v = eval_expr(s.expr, [&](const Token& t) -> std::optional<int64_t> {
            auto it = syms_.find(t.text);
            if (it != syms_.end() && it->second.resolving) {
                cycle = t.text;
                return std::nullopt;
            }
            return lookup(t, s.seq, s.where.file, s.where.line, "");
        });
        s.resolving = false;
        s.deferred = false;
        const Token& first = s.expr.front();
        if (v.error) {
            error_at(s.seq, s.where.file, s.where.line, v.error->column, v.error->text,
                     v.error->message);
        } else if (!cycle.empty()) {
            error_at(s.seq, s.where.file, s.where.line, s.where.column, name,
                     cycle == name
                         ? fmt::format("constant '{}' is defined in terms of itself", name)
                         : fmt::format("constant '{}' is defined in terms of itself "
                                       "(through '{}')",
                                       name, cycle));
        } else if (v.value && (*v.value < kWordMin || *v.value > kWordMax)) {
            error_at(s.seq, s.where.file, s.where.line, first.column, printable(first.text),
                     fmt::format("value {} does not fit in 32 bits", *v.value));
            v.value.reset();
        }
        s.value = v.value;
        return s.value;
    }

    // Pass-2 value of a name; an undefined name is reported at its place.
    std::optional<int64_t> lookup(const Token& t, size_t seq, int file, int line,
                                  std::string_view kind) {
        auto it = syms_.find(t.text);
        if (it != syms_.end()) {
            if (it->second.kind == SymbolKind::Constant)
                return constant_value(it->first, it->second);
            return it->second.value;
        }
        auto p = opts_.predefined.find(t.text);
        if (p != opts_.predefined.end()) return p->second;
        std::string msg =
            fmt::format("undefined {} '{}'", kind.empty() ? "label" : kind, printable(t.text));
        if (names_.empty()) {
            for (const auto& [n, sym] : syms_)
                names_.push_back(n);
            for (const auto& [n, v] : opts_.predefined)
                names_.push_back(n);
        }
        if (suggestions_left_ > 0) { // bounded work, even for thousands of unknown names
            --suggestions_left_;
            std::string s = suggest(t.text, names_);
            if (!s.empty()) msg += fmt::format(" — did you mean '{}'?", s);
        }
        error_at(seq, file, line, t.column, printable(t.text), std::move(msg));
        return std::nullopt;
    }

    std::optional<int64_t> value_of(const Stmt& s, const Operand& op, std::string_view kind = "") {
        std::span<const Token> toks(s.toks.data() + op.begin, op.end - op.begin);
        auto v =
            eval_expr(toks, [&](const Token& t) { return lookup(t, s.seq, s.file, s.line, kind); });
        if (v.error) error(s, v.error->column, v.error->text, v.error->message);
        if (!v.value) ++unresolved_;
        return v.value;
    }

    bool in_range(const Stmt& s, const Operand& op, int64_t v, int64_t lo, int64_t hi,
                  std::string_view what, std::string_view hint = "") {
        if (v >= lo && v <= hi) return true;
        error(s, op.column, op.text,
              fmt::format("value {} does not fit in {} ({}..{}){}", v, what, lo, hi, hint));
        return false;
    }

    bool imm16(const Stmt& s, const Operand& op, int64_t v) {
        return in_range(s, op, v, kImm16Min, kImm16Max, "a signed 16-bit immediate",
                        " — load it into a register with 'li' first");
    }

    // A branch, jump or call target must be code.
    bool check_target(const Stmt& s, const Operand& op, int64_t v) {
        if (op.end - op.begin == 1 && s.toks[op.begin].kind == Tok::Ident) {
            auto it = syms_.find(s.toks[op.begin].text);
            if (it != syms_.end()) {
                switch (it->second.kind) {
                case SymbolKind::Code: return true;
                case SymbolKind::Data:
                case SymbolKind::Tls:
                case SymbolKind::Constant: {
                    std::string_view what =
                        it->second.kind == SymbolKind::Data  ? "a data label in .data"
                        : it->second.kind == SymbolKind::Tls ? "a thread-local label in .tls"
                                                             : "a constant";
                    error(s, op.column, op.text,
                          fmt::format("'{}' must go to a label in .text, but '{}' is {}", s.name,
                                      op.text, what));
                    return false;
                }
                }
            }
        }
        int64_t end = int64_t{opts_.text_base} + off_[0];
        if (v < opts_.text_base || v >= end || v % 4 != 0) {
            error(s, op.column, op.text,
                  fmt::format("jump target {} is not an instruction in .text ({}..{}); branches, "
                              "jumps and calls must go to a code label",
                              v < 0 || v > kWordMax ? std::to_string(v) : hex(v),
                              hex(opts_.text_base), hex(end)));
            return false;
        }
        return true;
    }

    // `sys NAME` must name a constant. A label of the same name as a
    // predefined system call hides it; say so rather than trap with an address.
    bool sys_operand_ok(const Stmt& s, const Operand& op) {
        if (op.end - op.begin != 1 || s.toks[op.begin].kind != Tok::Ident) return true;
        const std::string& name = s.toks[op.begin].text;
        auto it = syms_.find(name);
        if (it == syms_.end() || it->second.kind == SymbolKind::Constant) return true;
        std::string msg = fmt::format("'sys' expects a system call number, but '{}' is the label "
                                      "defined at {}",
                                      name, where(it->second.where, s.file));
        if (opts_.predefined.contains(name))
            msg += fmt::format(", which hides the system call '{}': rename the label", name);
        error(s, op.column, op.text, std::move(msg));
        return false;
    }

    void put_word(Sec sec, uint32_t off, uint32_t w) {
        auto& b = bytes_[static_cast<size_t>(sec)];
        for (int k = 0; k < 4; ++k)
            b[off + static_cast<uint32_t>(k)] = static_cast<uint8_t>(w >> (8 * k));
    }

    void mark_line(const Stmt& s, uint32_t off) {
        if (s.sec == Sec::Tls) return; // TLS offsets are not addresses
        image_.lines[info(s.sec).base + off] = SourceLoc{s.file, s.line, s.column};
    }

    void pass2() {
        for (const auto& name : constants_)
            constant_value(name, syms_[name]);
        for (size_t k = 0; k < 3; ++k)
            bytes_[k].assign(off_[k], 0);
        for (const Stmt& s : stmts_) {
            if (stopped_) break;
            switch (s.kind) {
            case Stmt::Kind::Instr: emit_instr(s); break;
            case Stmt::Kind::Word:
            case Stmt::Kind::Byte: {
                bool word = s.kind == Stmt::Kind::Word;
                uint32_t off = s.offset;
                for (const Operand& op : s.ops) {
                    auto v = value_of(s, op);
                    if (v && (word ? in_range(s, op, *v, kWordMin, kWordMax, "a 32-bit word")
                                   : in_range(s, op, *v, -128, 255, "a byte"))) {
                        if (word)
                            put_word(s.sec, off, static_cast<uint32_t>(*v));
                        else
                            bytes_[static_cast<size_t>(s.sec)][off] = static_cast<uint8_t>(*v);
                    }
                    mark_line(s, off);
                    off += word ? 4 : 1;
                }
                break;
            }
            case Stmt::Kind::String: {
                auto& b = bytes_[static_cast<size_t>(s.sec)];
                std::copy(s.str.begin(), s.str.end(), b.begin() + s.offset);
                mark_line(s, s.offset);
                break;
            }
            case Stmt::Kind::Space: mark_line(s, s.offset); break;
            }
        }
        if (stopped_) return;

        image_.files = files_;
        image_.text = Segment{SegmentKind::Text, opts_.text_base, std::move(bytes_[0])};
        image_.data = Segment{SegmentKind::Data, layout::kDataBase, std::move(bytes_[1])};
        image_.tls = Segment{SegmentKind::Tls, 0, std::move(bytes_[2])};
        for (const auto& [name, s] : syms_)
            image_.symbols[name] =
                Symbol{name, s.kind,
                       static_cast<int32_t>(static_cast<uint32_t>(s.value.value_or(0))), s.where};
        image_.entry = opts_.text_base;
        if (auto it = syms_.find("main"); it != syms_.end()) {
            if (it->second.kind != SymbolKind::Code) {
                const auto& w = it->second.where;
                error_at(it->second.seq, w.file, w.line, w.column, "main",
                         "'main' must be a label in .text: it is where the program starts");
            } else
                image_.entry = static_cast<uint32_t>(it->second.value.value_or(opts_.text_base));
        }
    }

    void emit_instr(const Stmt& s) {
        std::vector<Instr> out;
        auto reg = [&](size_t k) { return static_cast<uint8_t>(s.ops[k].reg); };
        if (s.pseudo != Pseudo::None && s.pseudo != Pseudo::La) {
            switch (s.pseudo) {
            case Pseudo::None:
            case Pseudo::La: break;
            case Pseudo::Inc: out.push_back({Op::AddI, reg(0), reg(0), 0, 1}); break;
            case Pseudo::Dec: out.push_back({Op::SubI, reg(0), reg(0), 0, 1}); break;
            case Pseudo::Neg:
                out.push_back({Op::XorI, reg(0), reg(1), 0, -1});
                out.push_back({Op::AddI, reg(0), reg(0), 0, 1});
                break;
            case Pseudo::Not: out.push_back({Op::XorI, reg(0), reg(1), 0, -1}); break;
            case Pseudo::B: {
                auto v = value_of(s, s.ops[0]);
                if (!v || !check_target(s, s.ops[0], *v)) return;
                out.push_back({Op::Jmp, 0, 0, 0, static_cast<int32_t>(*v)});
                break;
            }
            case Pseudo::Beqz:
            case Pseudo::Bnez: {
                auto v = value_of(s, s.ops[1]);
                if (!v || !check_target(s, s.ops[1], *v)) return;
                out.push_back({Op::CmpI, 0, reg(0), 0, 0});
                out.push_back({s.pseudo == Pseudo::Beqz ? Op::Beq : Op::Bne, 0, 0, 0,
                               static_cast<int32_t>(*v)});
                break;
            }
            case Pseudo::Enter: {
                auto v = value_of(s, s.ops[0]);
                if (!v || !imm16(s, s.ops[0], *v)) return;
                out.push_back({Op::Push, 0, FP, 0, 0});
                out.push_back({Op::Mov, FP, SP, 0, 0});
                out.push_back({Op::SubI, SP, SP, 0, static_cast<int32_t>(*v)});
                break;
            }
            case Pseudo::Leave:
                out.push_back({Op::Mov, SP, FP, 0, 0});
                out.push_back({Op::Pop, FP, 0, 0, 0});
                break;
            }
        } else if (s.pseudo == Pseudo::La || s.row->op == Op::Li) {
            const Operand& op = s.ops[1];
            auto v = value_of(s, op);
            if (!v) return;
            if (s.long_li) {
                if (!in_range(s, op, *v, kWordMin, kWordMax, "32 bits")) return;
                auto u = static_cast<uint32_t>(*v);
                auto lo = static_cast<int32_t>(static_cast<int16_t>(u & 0xFFFF));
                auto hi = static_cast<int32_t>(
                    static_cast<int16_t>((u - static_cast<uint32_t>(lo)) >> 16));
                out.push_back({Op::Lui, reg(0), 0, 0, hi});
                out.push_back({Op::AddI, reg(0), reg(0), 0, lo});
            } else {
                if (!in_range(s, op, *v, kImm20Min, kImm20Max, "li's signed 20-bit immediate",
                              " — it is defined below this line, so the assembler could not plan "
                              "a two-word li: move its .equ above this line"))
                    return;
                out.push_back({Op::Li, reg(0), 0, 0, static_cast<int32_t>(*v)});
            }
        } else {
            Instr in;
            in.op = s.row->op;
            const auto& o = s.ops;
            std::optional<int64_t> v;
            auto imm_at = [&](size_t k) -> bool {
                std::string_view kind = s.row->syntax == Syntax::Number ? "constant" : "label";
                v = o[k].has_value() ? value_of(s, o[k], kind) : std::optional<int64_t>(0);
                return v.has_value();
            };
            switch (s.row->syntax) {
            case Syntax::None: break;
            case Syntax::D_A_B: in.rd = reg(0), in.ra = reg(1), in.rb = reg(2); break;
            case Syntax::D_A_I:
                in.rd = reg(0), in.ra = reg(1);
                if (!imm_at(2)) return;
                break;
            case Syntax::D_A: in.rd = reg(0), in.ra = reg(1); break;
            case Syntax::A_B: in.ra = reg(0), in.rb = reg(1); break;
            case Syntax::A_I:
                in.ra = reg(0);
                if (!imm_at(1)) return;
                break;
            case Syntax::D_I:
                in.rd = reg(0);
                if (!imm_at(1)) return;
                break;
            case Syntax::D: in.rd = reg(0); break;
            case Syntax::A: in.ra = reg(0); break;
            case Syntax::D_MemAI:
                in.rd = reg(0), in.ra = reg(1);
                if (!imm_at(1)) return;
                break;
            case Syntax::D_MemAbs:
                in.rd = reg(0);
                if (!imm_at(1)) return;
                break;
            case Syntax::D_MemA: in.rd = reg(0), in.ra = reg(1); break;
            case Syntax::D_B_MemA: in.rd = reg(0), in.rb = reg(1), in.ra = reg(2); break;
            case Syntax::Target:
                if (!imm_at(0) || !check_target(s, o[0], *v)) return;
                break;
            case Syntax::Number:
                if (!sys_operand_ok(s, o[0]) || !imm_at(0) ||
                    !in_range(s, o[0], *v, 0, kImm24Max, "a system call number"))
                    return;
                break;
            }
            if (v) {
                const Operand& op =
                    s.row->syntax == Syntax::Target || s.row->syntax == Syntax::Number ? o[0]
                                                                                       : o.back();
                switch (s.row->format) {
                case Format::I:
                    if (!imm16(s, op, *v)) return;
                    break;
                case Format::U:
                    if (!in_range(s, op, *v, kImm20Min, kImm20Max, "a signed 20-bit immediate"))
                        return;
                    break;
                default: break;
                }
                in.imm = static_cast<int32_t>(*v);
            }
            out.push_back(in);
        }
        uint32_t off = s.offset;
        for (const Instr& in : out) {
            put_word(Sec::Text, off, encode(in));
            mark_line(s, off);
            off += 4;
        }
    }
};

} // namespace

AsmResult assemble(const std::string& source, const std::string& path, const AsmOptions& opts) {
    return Assembler(opts).run(source, path);
}

AsmResult assemble_file(const std::string& path, const AsmOptions& opts) {
    std::string why;
    auto text = read_file(fs::path(path), why);
    if (!text) {
        AsmResult r;
        r.errors.push_back(
            AsmError{path, 0, 0, path, fmt::format("cannot read '{}': {}", path, why)});
        return r;
    }
    return assemble(*text, path, opts);
}

} // namespace gb
