// Pass 1: reads every line, defines labels and constants, parses operands,
// picks the ISA table row (or pseudo-instruction) of every instruction and
// its size, and places it, so every label's address is known for pass 2.
#include "sim/asm/asm_passes.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb::asm_detail {

void Assembler::pass1_file(int idx) {
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

void Assembler::pass1_line() {
    if (size_t nul = text_.find('\0'); nul != std::string_view::npos) {
        error(static_cast<int>(nul) + 1, "\\x00",
              "a NUL byte (0x00) in the program text: a program is plain text (is this a binary "
              "file?)");
        return;
    }
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
void Assembler::declare_names_of_bad_line(const std::vector<Token>& t) {
    size_t i = 0;
    for (; i + 1 < t.size() && t[i].kind == Tok::Ident && t[i + 1].kind == Tok::Colon; i += 2)
        define_label(t[i]);
    const Token* name = nullptr;
    if (i + 1 < t.size() && t[i].kind == Tok::Ident && t[i + 1].kind == Tok::Equals) name = &t[i];
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

bool Assembler::check_name(const Token& t, std::string_view what) {
    if (parse_reg(t.text) || looks_like_register(t.text)) {
        error(t,
              fmt::format("'{}' is a register name, so it cannot be {}", printable(t.text), what));
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

void Assembler::define_label(const Token& t) {
    if (!check_name(t, "a label")) return;
    Sym s;
    s.kind = info(sec_).kind;
    s.where = SourceLoc{file_, line_, t.column};
    s.seq = seq_;
    syms_.emplace(t.text, std::move(s));
    pending_.push_back(t.text);
}

// Gives the labels waiting for an address the current position.
void Assembler::bind_pending() {
    for (const auto& name : pending_)
        syms_[name].value = static_cast<int64_t>(info(sec_).base) + off_[static_cast<size_t>(sec_)];
    pending_.clear();
}

// Pass-1 value of a name: known only if defined above (or predefined).
std::optional<int64_t> Assembler::known(const Token& t) const {
    auto it = syms_.find(t.text);
    if (it != syms_.end()) return it->second.value;
    auto p = opts_.predefined.find(t.text);
    if (p != opts_.predefined.end()) return p->second;
    return std::nullopt;
}

// Syntax check of a value: a well-formed expression with no registers in it.
bool Assembler::check_value(std::span<const Token> toks, int column_if_empty,
                            std::string_view what) {
    if (toks.empty()) {
        error(column_if_empty, "", fmt::format("expected {}", what));
        return false;
    }
    for (const Token& t : toks)
        if (t.kind == Tok::Ident && (parse_reg(t.text) || looks_like_register(t.text))) {
            error(t, fmt::format("'{}' is a register; expected {} here", printable(t.text), what));
            return false;
        }
    if (auto e = check_expr(toks)) {
        error(e->column, e->text, e->message);
        return false;
    }
    return true;
}

void Assembler::define_constant(const Token& name, std::span<const Token> value,
                                const Token& after) {
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
std::string Assembler::operand_text(std::span<const Token> toks) const {
    if (toks.empty()) return "";
    size_t b = static_cast<size_t>(toks.front().column - 1);
    size_t e = static_cast<size_t>(toks.back().column - 1) + toks.back().text.size();
    return printable(text_.substr(b, e - b));
}

// Splits tokens at top-level commas. Returns false (and reports) on an
// empty piece.
bool Assembler::split_commas(std::span<const Token> toks, const Token& head,
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
std::optional<Operand> Assembler::parse_operand(std::span<const Token> p, size_t base) {
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
            error(p.front(), "empty brackets: write an address, like [sp + 4], [r1] or [count]");
            return std::nullopt;
        }
        if (inner[0].kind == Tok::Ident && parse_reg(inner[0].text)) {
            op.reg = *parse_reg(inner[0].text);
            auto off = inner.subspan(1);
            // [ra + rb*4]: an array element (LoadX / StoreX).
            if (off.size() >= 2 && off[0].kind == Tok::Plus && off[1].kind == Tok::Ident &&
                parse_reg(off[1].text)) {
                if (off.size() != 4 || off[2].kind != Tok::Star || off[3].kind != Tok::Number ||
                    off[3].value != 4) {
                    error(off[1], fmt::format("expected '{}*4' in '{}' (an indexed operand is "
                                              "[base + index*4], the index counting words)",
                                              off[1].text, op.text));
                    return std::nullopt;
                }
                op.index = *parse_reg(off[1].text);
                return op;
            }
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

bool Assembler::accepts(Want w, const Operand& o) {
    switch (w) {
    case W::Reg: return o.kind == Operand::Kind::Reg;
    case W::Imm:
    case W::Target: return o.kind == Operand::Kind::Expr;
    case W::MemOff: return o.kind == Operand::Kind::Mem && o.reg >= 0 && o.index < 0;
    case W::MemAbs: return o.kind == Operand::Kind::Mem && o.reg < 0;
    case W::MemReg:
        return o.kind == Operand::Kind::Mem && o.reg >= 0 && o.index < 0 && !o.has_value();
    case W::MemIdx: return o.kind == Operand::Kind::Mem && o.index >= 0;
    }
    return false;
}

void Assembler::instruction(std::span<const Token> t) {
    const Token& head = t[0];
    std::string mn = lower(head.text);
    std::vector<Candidate> cands;
    for (const OpInfo& row : isa_table())
        if (row.mnemonic == mn)
            cands.push_back({&row, nullptr, shape_of(row.syntax), syntax_text(row.syntax)});
    if (const PseudoInfo* p = find_pseudo(mn)) cands.push_back({nullptr, p, p->shape, p->syntax});
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
void Assembler::plan_li(Stmt& s) {
    const Operand& op = s.ops[1];
    std::span<const Token> toks(s.toks.data() + op.begin, op.end - op.begin);
    auto v = eval_expr(toks, [this](const Token& t) { return known(t); });
    if (v.value && (*v.value < kImm20Min || *v.value > kImm20Max)) {
        s.long_li = true;
        s.size = 8;
    }
}

// Places an item in the current section, aligned; binds waiting labels.
void Assembler::place(Stmt&& s, const Token& head, uint32_t align) {
    auto& off = off_[static_cast<size_t>(sec_)];
    const SecInfo& si = info(sec_);
    uint64_t at = (uint64_t{off} + align - 1) / align * align;
    if (at + s.size > si.max_size) {
        bind_pending();
        if (!full_[static_cast<size_t>(sec_)]) {
            full_[static_cast<size_t>(sec_)] = true;
            error(head, fmt::format("{} segment full: it holds at most {} bytes ({}..{})", si.name,
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

} // namespace gb::asm_detail
