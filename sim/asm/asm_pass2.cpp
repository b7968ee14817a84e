// Pass 2: evaluates every operand now that all labels are placed, checks
// its range, encodes the words and builds the Image.
#include "sim/asm/asm_passes.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb::asm_detail {

// The value of a constant, resolving one defined in terms of later names.
std::optional<int64_t> Assembler::constant_value(const std::string& name, Sym& s) {
    if (s.poisoned || !s.deferred) return s.value;
    if (s.resolving) return std::nullopt; // reported by the outer call
    if (constant_depth_ >= opts_.max_constant_depth) {
        error_at(s.seq, s.where.file, s.where.line, s.where.column, name,
                 fmt::format("constant '{}' ends a chain of more than {} constants each defined "
                             "by the next (the assembler's limit); define some of them directly",
                             name, opts_.max_constant_depth));
        s.poisoned = true;
        s.deferred = false;
        return std::nullopt;
    }
    s.resolving = true;
    ++constant_depth_;
    std::string cycle; // the name that leads back
    auto v = eval_expr(s.expr, [&](const Token& t) -> std::optional<int64_t> {
        auto it = syms_.find(t.text);
        if (it != syms_.end() && it->second.resolving) {
            cycle = t.text;
            return std::nullopt;
        }
        return lookup(t, s.seq, s.where.file, s.where.line, "");
    });
    --constant_depth_;
    s.resolving = false;
    s.deferred = false;
    const Token& first = s.expr.front();
    if (v.error) {
        error_at(s.seq, s.where.file, s.where.line, v.error->column, v.error->text,
                 v.error->message);
    } else if (!cycle.empty()) {
        error_at(s.seq, s.where.file, s.where.line, s.where.column, name,
                 cycle == name ? fmt::format("constant '{}' is defined in terms of itself", name)
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
std::optional<int64_t> Assembler::lookup(const Token& t, size_t seq, int file, int line,
                                         std::string_view kind) {
    auto it = syms_.find(t.text);
    if (it != syms_.end()) {
        if (it->second.kind == SymbolKind::Constant) return constant_value(it->first, it->second);
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

std::optional<int64_t> Assembler::value_of(const Stmt& s, const Operand& op,
                                           std::string_view kind) {
    std::span<const Token> toks(s.toks.data() + op.begin, op.end - op.begin);
    auto v =
        eval_expr(toks, [&](const Token& t) { return lookup(t, s.seq, s.file, s.line, kind); });
    if (v.error) error(s, v.error->column, v.error->text, v.error->message);
    if (!v.value) ++unresolved_;
    return v.value;
}

bool Assembler::in_range(const Stmt& s, const Operand& op, int64_t v, int64_t lo, int64_t hi,
                         std::string_view what, std::string_view hint) {
    if (v >= lo && v <= hi) return true;
    error(s, op.column, op.text,
          fmt::format("value {} does not fit in {} ({}..{}){}", v, what, lo, hi, hint));
    return false;
}

bool Assembler::imm16(const Stmt& s, const Operand& op, int64_t v) {
    return in_range(s, op, v, kImm16Min, kImm16Max, "a signed 16-bit immediate",
                    " — load it into a register with 'li' first");
}

// A branch, jump or call target must be code.
bool Assembler::check_target(const Stmt& s, const Operand& op, int64_t v) {
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
                          v < 0 || v > kWordMax ? std::to_string(v) : hex(v), hex(opts_.text_base),
                          hex(end)));
        return false;
    }
    return true;
}

// `sys NAME` must name a constant. A label of the same name as a
// predefined system call hides it; say so rather than trap with an address.
bool Assembler::sys_operand_ok(const Stmt& s, const Operand& op) {
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

void Assembler::put_word(Sec sec, uint32_t off, uint32_t w) {
    auto& b = bytes_[static_cast<size_t>(sec)];
    for (int k = 0; k < 4; ++k)
        b[off + static_cast<uint32_t>(k)] = static_cast<uint8_t>(w >> (8 * k));
}

void Assembler::mark_line(const Stmt& s, uint32_t off) {
    if (s.sec == Sec::Tls) return; // TLS offsets are not addresses
    image_.lines[info(s.sec).base + off] = SourceLoc{s.file, s.line, s.column};
}

void Assembler::pass2() {
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
            Symbol{name, s.kind, static_cast<int32_t>(static_cast<uint32_t>(s.value.value_or(0))),
                   s.where};
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

void Assembler::emit_instr(const Stmt& s) {
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
            out.push_back(
                {s.pseudo == Pseudo::Beqz ? Op::Beq : Op::Bne, 0, 0, 0, static_cast<int32_t>(*v)});
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
            auto hi =
                static_cast<int32_t>(static_cast<int16_t>((u - static_cast<uint32_t>(lo)) >> 16));
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
        case Syntax::D_MemAX:
            in.rd = reg(0), in.ra = reg(1), in.rb = static_cast<uint8_t>(s.ops[1].index);
            break;
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
            const Operand& op = s.row->syntax == Syntax::Target || s.row->syntax == Syntax::Number
                                    ? o[0]
                                    : o.back();
            switch (s.row->format) {
            case Format::I:
                if (!imm16(s, op, *v)) return;
                break;
            case Format::U:
                if (!in_range(s, op, *v, kImm20Min, kImm20Max, "a signed 20-bit immediate")) return;
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

} // namespace gb::asm_detail
