// The assembler's insides, shared by its files (not part of the public API,
// which is sim/asm/assembler.h).
//
//   assembler.cpp       the entry points and the order of the passes
//   asm_tables.cpp      operand shapes, pseudo-instructions, sections
//   asm_pass1.cpp       pass 1: labels, constants, operands, sizes, placement
//   asm_directives.cpp  pass 1's directives, .include among them
//   asm_pass2.cpp       pass 2: values, range checks, encoding, the Image
//   asm_diagnostics.cpp errors in source order, "did you mean" suggestions
#pragma once

#include "sim/asm/asm_expr.h"
#include "sim/asm/asm_lexer.h"
#include "sim/asm/assembler.h"
#include "sim/isa/isa.h"
#include "sim/isa/memlayout.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gb::asm_detail {

namespace fs = std::filesystem;

inline constexpr size_t kMaxErrors = 1000;
inline constexpr size_t kMaxIncludeDepth = 16;
inline constexpr int64_t kWordMin = INT32_MIN;
inline constexpr int64_t kWordMax = UINT32_MAX;

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
std::array<SecInfo, 3> section_table(const AsmOptions& o);

// ---------------------------------------------------------------------------
// Operand shapes: what each operand slot of an instruction accepts.

enum class Want : uint8_t {
    Reg,    // r1
    Imm,    // 42, N*4, 'a', label
    Target, // a code label
    MemOff, // [ra] or [ra + imm] or [ra - imm]
    MemAbs, // [address]
    MemReg, // [ra], no offset
    MemIdx, // [ra + rb*4]
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

Shape shape_of(Syntax s);
std::string_view syntax_text(Syntax s);
std::string_view want_text(Want w);

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

// Every pseudo-instruction (li rd, BIG is the one more: see Assembler::plan_li).
std::span<const PseudoInfo> pseudos();
const PseudoInfo* find_pseudo(std::string_view name);

inline constexpr std::string_view kDirectives[] = {
    ".text", ".data", ".tls", ".word", ".byte", ".string", ".space", ".align", ".equ", ".include"};

// ---------------------------------------------------------------------------
// Small helpers

std::string lower(std::string_view s);

// Optimal-string-alignment distance (an adjacent swap counts as one edit),
// or more than `limit` when it is surely above it. Words up to 40 bytes.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit);

// The closest candidate, if it is close enough to be a likely typo.
template <class Range> std::string suggest(std::string_view word, const Range& candidates) {
    if (word.size() < 2 || word.size() > 32) return "";
    size_t limit = word.size() <= 3 ? 1 : 2;
    // Fewest edits first; among equals, one with the same first letter
    // ('lod' → 'load', not 'mod'), then the first in the table.
    std::string best;
    size_t best_score = 2 * limit + 2;
    for (const auto& c : candidates) {
        std::string_view cand(c);
        if (cand.empty() || cand.size() > word.size() + limit || cand.size() + limit < word.size())
            continue;
        size_t dist = edit_distance(word, cand, limit);
        if (dist > limit) continue;
        size_t score = 2 * dist + (cand[0] != word[0] ? 1 : 0);
        if (score < best_score) {
            best_score = score;
            best = std::string(cand);
        }
    }
    return best;
}

std::string operand_count(size_t n);
std::string hex(int64_t v);

// ---------------------------------------------------------------------------
// Parsed statements

struct Operand {
    enum class Kind : uint8_t { Reg, Expr, Mem } kind = Kind::Expr;
    int reg = -1;     // Reg: the register; Mem: the base register, or -1 for [address]
    int index = -1;   // Mem: the index register of [ra + rb*4], or -1
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

// One assembly: the state both passes share. run() is the whole of it.
class Assembler {
  public:
    explicit Assembler(const AsmOptions& opts) : opts_(opts), sections_(section_table(opts)) {}
    AsmResult run(const std::string& source, const std::string& path);

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
    size_t source_bytes_ = 0; // read so far, against AsmOptions::max_source_bytes
    int constant_depth_ = 0;  // constants being resolved, one inside another
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

    // An ISA table row or pseudo-instruction an instruction's name may mean.
    struct Candidate {
        const OpInfo* row = nullptr;
        const PseudoInfo* pseudo = nullptr;
        Shape shape;
        std::string_view syntax;
    };

    // --- errors (asm_diagnostics.cpp) ----------------------------------------

    void error_at(size_t seq, int file, int line, int column, std::string text, std::string msg);
    void error(int column, std::string text, std::string msg);
    void error(const Token& t, std::string msg);
    void error(const Stmt& s, int column, std::string text, std::string msg);
    AsmResult finish();
    // "line 3", or "lib.s:3" when the place is in another file than `from`.
    std::string where(const SourceLoc& loc, int from = -1) const;
    void unknown_instruction(std::span<const Token> t);
    void operand_mismatch(const Token& head, const std::string& mn,
                          const std::vector<Candidate>& cands, const std::vector<Operand>& ops);

    // --- pass 1 (asm_pass1.cpp) -----------------------------------------------

    void pass1_file(int idx);
    void pass1_line();
    // A line that could not be lexed still defines its labels and constant
    // (the constant without a value), so their uses are not reported again.
    void declare_names_of_bad_line(const std::vector<Token>& t);
    bool check_name(const Token& t, std::string_view what);
    void define_label(const Token& t);
    // Gives the labels waiting for an address the current position.
    void bind_pending();
    // Pass-1 value of a name: known only if defined above (or predefined).
    std::optional<int64_t> known(const Token& t) const;
    // Syntax check of a value: a well-formed expression with no registers in it.
    bool check_value(std::span<const Token> toks, int column_if_empty, std::string_view what);
    void define_constant(const Token& name, std::span<const Token> value, const Token& after);
    // The source text spanned by tokens (for error messages).
    std::string operand_text(std::span<const Token> toks) const;
    // Splits tokens at top-level commas. Returns false (and reports) on an
    // empty piece.
    bool split_commas(std::span<const Token> toks, const Token& head,
                      std::vector<std::span<const Token>>& pieces);
    // Parses one operand (tokens are a piece of `all`, at index `base`).
    std::optional<Operand> parse_operand(std::span<const Token> p, size_t base);
    static bool accepts(Want w, const Operand& o);
    void instruction(std::span<const Token> t);
    // li rd, BIG (a value outside li's signed 20 bits) becomes two words:
    //   lui rd, hi ; add rd, rd, lo   with lo sign-extended, (hi << 16) + lo = BIG.
    // (`add` rather than `or`: immediates are sign-extended, so `or` would
    // spoil the upper half whenever bit 15 of lo is set.) The choice needs
    // the value in pass 1: a name defined further down is assumed to be a
    // label, and labels always fit in one `li`.
    void plan_li(Stmt& s);
    // Places an item in the current section, aligned; binds waiting labels.
    void place(Stmt&& s, const Token& head, uint32_t align);

    // --- directives (asm_directives.cpp) --------------------------------------

    int add_file(const std::string& path, std::string_view text);
    void directive(std::span<const Token> t);
    // The value of .space / .align, which must be known in pass 1.
    std::optional<int64_t> pass1_size(const Token& head, std::span<const Token> args);
    void include(const Token& name);

    // --- pass 2 (asm_pass2.cpp) -----------------------------------------------

    // The value of a constant, resolving one defined in terms of later names.
    std::optional<int64_t> constant_value(const std::string& name, Sym& s);
    // Pass-2 value of a name; an undefined name is reported at its place.
    std::optional<int64_t> lookup(const Token& t, size_t seq, int file, int line,
                                  std::string_view kind);
    std::optional<int64_t> value_of(const Stmt& s, const Operand& op, std::string_view kind = "");
    bool in_range(const Stmt& s, const Operand& op, int64_t v, int64_t lo, int64_t hi,
                  std::string_view what, std::string_view hint = "");
    bool imm16(const Stmt& s, const Operand& op, int64_t v);
    // A branch, jump or call target must be code.
    bool check_target(const Stmt& s, const Operand& op, int64_t v);
    // `sys NAME` must name a constant. A label of the same name as a
    // predefined system call hides it; say so rather than trap with an address.
    bool sys_operand_ok(const Stmt& s, const Operand& op);
    void put_word(Sec sec, uint32_t off, uint32_t w);
    void mark_line(const Stmt& s, uint32_t off);
    void pass2();
    void emit_instr(const Stmt& s);
};

} // namespace gb::asm_detail
