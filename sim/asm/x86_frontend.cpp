// x86.py's assembly to Glassbox words (x86_frontend.h). Two passes as
// x86.py reads its files: the first gives variables and labels their
// addresses, the second translates each instruction.
#include "sim/asm/x86_frontend.h"

#include "sim/isa/isa.h"
#include "sim/isa/memlayout.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <set>

namespace gb {

namespace {

constexpr int kFirstConstantReg = 7, kLastConstantReg = 12;
constexpr uint32_t kFirstVarAddress = 100; // where x86.py puts its first variable

const std::set<std::string> kOpcodes = {
    "mov", "lea",  "add",  "sub",      "mul",  "neg", "test", "j",   "je",  "jne",   "jlt", "jlte",
    "jgt", "jgte", "xchg", "fetchadd", "push", "pop", "call", "ret", "nop", "yield", "halt"};

struct RegName {
    std::string_view name;
    int reg;
};
constexpr RegName kRegs[] = {{"zero", 0}, {"ax", 1}, {"bx", 2},  {"cx", 3}, {"dx", 4},
                             {"ex", 5},   {"fx", 6}, {"sp", SP}, {"bp", FP}};

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return std::string(s.substr(b, e - b));
}

std::string strip_spaces(std::string_view s) {
    std::string out;
    for (char c : s)
        if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    return out;
}

std::optional<int64_t> parse_int(std::string_view s) {
    std::string t = strip_spaces(s);
    if (t.empty()) return std::nullopt;
    size_t i = 0;
    bool neg = false;
    if (t[0] == '-') neg = true, i = 1;
    if (i == t.size() || t.size() - i > 12) return std::nullopt;
    int64_t v = 0;
    for (; i < t.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(t[i]))) return std::nullopt;
        v = v * 10 + (t[i] - '0');
    }
    return neg ? -v : v;
}

enum class Kind { Reg, Imm, Mem, Label };

struct Operand {
    Kind kind = Kind::Imm;
    int reg = 0;       // Reg
    int64_t value = 0; // Imm; Mem: the displacement or absolute address
    int base = 0;      // Mem: base register (0: none)
    int index = 0;     // Mem: index register (0: none)
    int64_t scale = 1;
    std::string label; // Label
};

class Translator {
  public:
    Translator(const std::string& path, uint32_t load) : path_(path), load_(load) {}

    bool run(std::string_view source, X86Program& out);
    const std::string& error() const { return error_; }

  private:
    bool fail(int line, int column, std::string what) {
        error_ = fmt::format("{}:{}:{}: {}", path_, line, column, what);
        return false;
    }
    bool operand(const std::string& text, Operand& op);
    bool emit_line(const std::string& opcode, const std::vector<std::string>& args);
    int constant(int64_t v);
    void emit(Op op, int rd = 0, int ra = 0, int rb = 0, int64_t imm = 0) {
        Instr in;
        in.op = op;
        in.rd = static_cast<uint8_t>(rd);
        in.ra = static_cast<uint8_t>(ra);
        in.rb = static_cast<uint8_t>(rb);
        in.imm = static_cast<int32_t>(imm);
        word_ = encode(in);
    }
    bool fits16(int64_t v) const { return v >= kImm16Min && v <= kImm16Max; }
    bool fits20(int64_t v) const { return v >= kImm20Min && v <= kImm20Max; }
    // The register holding a memory operand's address when no displacement may be added.
    bool address_register(const Operand& m, int& reg, const char* what);

    std::string path_;
    uint32_t load_;
    std::map<std::string, uint32_t> vars_;
    std::map<std::string, uint32_t> labels_; // → Glassbox address
    std::map<int64_t, int> constants_;       // value → register
    std::string error_;
    int line_ = 0, column_ = 1;
    uint32_t word_ = 0;
};

int Translator::constant(int64_t v) {
    if (v == 0) return 0; // the zero register
    auto it = constants_.find(v);
    if (it != constants_.end()) return it->second;
    int reg = kFirstConstantReg + static_cast<int>(constants_.size());
    if (reg > kLastConstantReg) return -1;
    constants_[v] = reg;
    return reg;
}

bool Translator::operand(const std::string& raw, Operand& op) {
    std::string t = trim(raw);
    if (t.empty()) return fail(line_, column_, "expected an operand");
    if (t[0] == '$') {
        auto v = parse_int(t.substr(1));
        if (!v) return fail(line_, column_, fmt::format("'{}': expected $ and a number", t));
        op.kind = Kind::Imm;
        op.value = *v;
        return true;
    }
    if (t[0] == '%') {
        int r = x86_register(strip_spaces(t.substr(1)));
        if (r < 0)
            return fail(line_, column_,
                        fmt::format("'{}': expected a register (%ax, %bx, %cx, %dx, %ex, %fx, "
                                    "%sp, %bp)",
                                    t));
        op.kind = Kind::Reg;
        op.reg = r;
        return true;
    }
    if (t[0] == '.') {
        op.kind = Kind::Label;
        op.label = t;
        return true;
    }
    op.kind = Kind::Mem;
    if (std::isalpha(static_cast<unsigned char>(t[0]))) {
        auto it = vars_.find(t);
        if (it == vars_.end())
            return fail(line_, column_, fmt::format("variable '{}' is not declared (.var)", t));
        op.value = it->second;
        return true;
    }
    size_t paren = t.find('(');
    std::string disp = trim(t.substr(0, paren));
    if (!disp.empty()) {
        auto v = parse_int(disp);
        if (!v) return fail(line_, column_, fmt::format("'{}': expected an address", t));
        op.value = *v;
    }
    if (paren == std::string::npos) return true;
    size_t close = t.find(')', paren);
    if (close == std::string::npos || !trim(t.substr(close + 1)).empty())
        return fail(line_, column_, fmt::format("'{}': expected a closing ')'", t));
    std::string inside = t.substr(paren + 1, close - paren - 1);
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t i = 0; i <= inside.size(); ++i)
        if (i == inside.size() || inside[i] == ',') {
            parts.push_back(trim(inside.substr(start, i - start)));
            start = i + 1;
        }
    if (parts.size() > 3)
        return fail(line_, column_,
                    fmt::format("'{}': expected (base), (base,index) or "
                                "(base,index,scale)",
                                t));
    auto reg_of = [&](const std::string& s, int& out) {
        if (s.empty()) {
            out = 0;
            return true;
        }
        int r = s[0] == '%' ? x86_register(strip_spaces(s.substr(1))) : -1;
        if (r < 0) return fail(line_, column_, fmt::format("'{}': expected a register", s));
        out = r;
        return true;
    };
    if (!reg_of(parts[0], op.base)) return false;
    if (parts.size() >= 2 && !reg_of(parts[1], op.index)) return false;
    if (parts.size() == 3) {
        auto s = parse_int(parts[2]);
        if (!s) return fail(line_, column_, fmt::format("'{}': expected a scale", parts[2]));
        op.scale = *s;
    }
    return true;
}

bool Translator::address_register(const Operand& m, int& reg, const char* what) {
    if (m.index)
        return fail(
            line_, column_,
            fmt::format("{}: an index register has no one-instruction Glassbox form", what));
    if (m.base == 0) {
        reg = constant(m.value);
        if (reg < 0) return fail(line_, column_, "more than six different constants");
        return true;
    }
    if (m.value != 0)
        return fail(line_, column_,
                    fmt::format("{}: a displacement with a register has no one-instruction "
                                "Glassbox form; use (%reg)",
                                what));
    reg = m.base;
    return true;
}

bool Translator::emit_line(const std::string& opcode, const std::vector<std::string>& args) {
    if (!kOpcodes.count(opcode))
        return fail(
            line_, column_,
            fmt::format("unknown instruction '{}' (x86.py's: mov, lea, add, sub, mul, neg, "
                        "test, j, je, jne, jlt, jlte, jgt, jgte, xchg, fetchadd, push, pop, "
                        "call, ret, nop, yield, halt)",
                        opcode));
    auto want = [&](size_t n) {
        if (args.size() == n) return true;
        return fail(line_, column_,
                    fmt::format("{}: expected {} operand{}", opcode, n, n == 1 ? "" : "s"));
    };
    std::vector<Operand> ops(args.size());
    for (size_t i = 0; i < args.size(); ++i)
        if (!operand(args[i], ops[i])) return false;
    auto bad = [&](const char* form) {
        return fail(line_, column_, fmt::format("{}: expected {}", opcode, form));
    };
    auto need_const = [&](int64_t v, int& reg) {
        reg = constant(v);
        if (reg < 0) return fail(line_, column_, "more than six different constants");
        return true;
    };
    // A load or store of `reg` at memory operand m.
    auto memory = [&](bool store, int reg, const Operand& m) {
        if (m.index) {
            // x86.py's addresses are Glassbox byte addresses and its words are 4
            // bytes apart, so (base,index,4) is element `index` of the array at base.
            if (m.base == 0 || m.scale != 4 || m.value != 0)
                return fail(line_, column_,
                            "an indexed operand must be 0(%base,%index,4) (an array element; "
                            "x86.py's words are 4 apart)");
            emit(store ? Op::StoreX : Op::LoadX, reg, m.base, m.index);
            return true;
        }
        if (m.base == 0) {
            if (!fits20(m.value) || m.value < 0)
                return fail(line_, column_, fmt::format("address {} out of range", m.value));
            emit(store ? Op::StoreA : Op::LoadA, reg, 0, 0, m.value);
        } else {
            if (!fits16(m.value))
                return fail(line_, column_, fmt::format("displacement {} out of range", m.value));
            emit(store ? Op::Store : Op::Load, reg, m.base, 0, m.value);
        }
        return true;
    };

    static const std::map<std::string, Op> jumps = {
        {"j", Op::Jmp},    {"je", Op::Beq},  {"jne", Op::Bne},  {"jlt", Op::Blt},
        {"jlte", Op::Ble}, {"jgt", Op::Bgt}, {"jgte", Op::Bge}, {"call", Op::Call}};
    if (auto j = jumps.find(opcode); j != jumps.end()) {
        if (!want(1)) return false;
        if (ops[0].kind != Kind::Label) return bad("a label (.name)");
        auto it = labels_.find(ops[0].label);
        if (it == labels_.end())
            return fail(line_, column_, fmt::format("label '{}' is not defined", ops[0].label));
        emit(j->second, 0, 0, 0, it->second);
        return true;
    }
    if (opcode == "mov") {
        if (!want(2)) return false;
        const Operand &s = ops[0], &d = ops[1];
        if (s.kind == Kind::Imm && d.kind == Kind::Reg) {
            if (!fits20(s.value)) return bad("a smaller immediate");
            emit(Op::Li, d.reg, 0, 0, s.value);
        } else if (s.kind == Kind::Reg && d.kind == Kind::Reg) {
            emit(Op::Mov, d.reg, s.reg);
        } else if (s.kind == Kind::Mem && d.kind == Kind::Reg) {
            return memory(false, d.reg, s);
        } else if (s.kind == Kind::Reg && d.kind == Kind::Mem) {
            return memory(true, s.reg, d);
        } else if (s.kind == Kind::Imm && d.kind == Kind::Mem) {
            int k = 0;
            return need_const(s.value, k) && memory(true, k, d);
        } else {
            return bad("$imm, %reg, or memory to register, or register or $imm to memory");
        }
        return true;
    }
    if (opcode == "lea") {
        if (!want(2)) return false;
        if (ops[0].kind != Kind::Mem || ops[1].kind != Kind::Reg) return bad("memory, %reg");
        if (ops[0].index) return bad("an address without an index register");
        if (ops[0].base == 0)
            emit(Op::Li, ops[1].reg, 0, 0, ops[0].value);
        else
            emit(Op::AddI, ops[1].reg, ops[0].base, 0, ops[0].value);
        return true;
    }
    if (opcode == "neg") {
        if (!want(1)) return false;
        if (ops[0].kind != Kind::Reg) return bad("a register");
        emit(Op::MulI, ops[0].reg, ops[0].reg, 0, -1);
        return true;
    }
    if (opcode == "add" || opcode == "sub" || opcode == "mul") {
        if (!want(2)) return false;
        Op rr = opcode == "add" ? Op::Add : opcode == "sub" ? Op::Sub : Op::Mul;
        Op ri = opcode == "add" ? Op::AddI : opcode == "sub" ? Op::SubI : Op::MulI;
        if (ops[1].kind != Kind::Reg) return bad("$imm or %reg, then %reg");
        if (ops[0].kind == Kind::Imm && fits16(ops[0].value))
            emit(ri, ops[1].reg, ops[1].reg, 0, ops[0].value);
        else if (ops[0].kind == Kind::Reg)
            emit(rr, ops[1].reg, ops[1].reg, ops[0].reg);
        else
            return bad("$imm (16 bits) or %reg, then %reg");
        return true;
    }
    if (opcode == "test") {
        // x86.py compares the second operand with the first.
        if (!want(2)) return false;
        const Operand &s = ops[0], &d = ops[1];
        if (s.kind == Kind::Imm && d.kind == Kind::Reg && fits16(s.value)) {
            emit(Op::CmpI, 0, d.reg, 0, s.value);
        } else if (s.kind == Kind::Reg && d.kind == Kind::Reg) {
            emit(Op::Cmp, 0, d.reg, s.reg);
        } else if (s.kind == Kind::Reg && d.kind == Kind::Imm) {
            int k = 0;
            if (!need_const(d.value, k)) return false;
            emit(Op::Cmp, 0, k, s.reg);
        } else {
            return bad("$imm, %reg or %reg, %reg or %reg, $imm");
        }
        return true;
    }
    if (opcode == "xchg" || opcode == "fetchadd") {
        if (!want(2)) return false;
        if (ops[0].kind != Kind::Reg || ops[1].kind != Kind::Mem) return bad("%reg, memory");
        int a = 0;
        if (!address_register(ops[1], a, opcode.c_str())) return false;
        if (opcode == "xchg")
            emit(Op::Xchg, ops[0].reg, a);
        else
            emit(Op::Fadd, ops[0].reg, a, ops[0].reg);
        return true;
    }
    if (opcode == "push") {
        if (!want(1)) return false;
        if (ops[0].kind == Kind::Reg) {
            emit(Op::Push, 0, ops[0].reg);
            return true;
        }
        // x86.py pushes a memory operand's address, not the word there.
        if (ops[0].kind != Kind::Mem) return bad("%reg or memory");
        int a = 0;
        if (!address_register(ops[0], a, "push")) return false;
        emit(Op::Push, 0, a);
        return true;
    }
    if (opcode == "pop") {
        if (args.empty()) {
            emit(Op::AddI, SP, SP, 0, 4);
            return true;
        }
        if (!want(1)) return false;
        if (ops[0].kind != Kind::Reg) return bad("a register (or nothing)");
        emit(Op::Pop, ops[0].reg);
        return true;
    }
    if (opcode == "ret" || opcode == "halt" || opcode == "nop" || opcode == "yield") {
        if (!want(0)) return false;
        if (opcode == "ret") emit(Op::Ret);
        if (opcode == "halt") emit(Op::Halt);
        if (opcode == "nop") emit(Op::Nop);
        if (opcode == "yield") emit(Op::Sys, 0, 0, 0, kX86YieldSyscall);
        return true;
    }
    return false; // not reached: opcodes are checked first
}

// The operands after the opcode, split at commas outside parentheses.
std::vector<std::string> split_operands(const std::string& rest) {
    std::vector<std::string> out;
    if (trim(rest).empty()) return out;
    int depth = 0;
    std::string cur;
    for (char c : rest) {
        if (c == '(') ++depth;
        if (c == ')') --depth;
        if (c == ',' && depth == 0) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

bool Translator::run(std::string_view source, X86Program& out) {
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t i = 0; i <= source.size(); ++i)
        if (i == source.size() || source[i] == '\n') {
            std::string l(source.substr(start, i - start));
            if (!l.empty() && l.back() == '\r') l.pop_back();
            lines.push_back(l);
            start = i + 1;
        }
    if (!lines.empty() && lines.back().empty()) lines.pop_back();
    auto code_of = [](const std::string& l) { return l.substr(0, l.find('#')); };

    // Pass 1: variables and labels.
    uint32_t data = kFirstVarAddress, pc = 0;
    for (size_t n = 0; n < lines.size(); ++n) {
        line_ = static_cast<int>(n) + 1;
        std::string code = code_of(lines[n]);
        std::string t = trim(code);
        column_ = static_cast<int>(code.find_first_not_of(" \t")) + 1;
        if (t.empty()) continue;
        if (t.rfind(".var", 0) == 0 &&
            (t.size() == 4 || std::isspace(static_cast<unsigned char>(t[4])))) {
            std::vector<std::string> w;
            size_t i = 4;
            while (i < t.size()) {
                while (i < t.size() && std::isspace(static_cast<unsigned char>(t[i])))
                    ++i;
                size_t b = i;
                while (i < t.size() && !std::isspace(static_cast<unsigned char>(t[i])))
                    ++i;
                if (i > b) w.push_back(t.substr(b, i - b));
            }
            if (w.empty() || w.size() > 2)
                return fail(line_, column_, ".var: expected a name and an optional count");
            if (vars_.count(w[0]))
                return fail(line_, column_, fmt::format("variable '{}' declared twice", w[0]));
            int64_t count = 1;
            if (w.size() == 2) {
                auto c = parse_int(w[1]);
                if (!c || *c < 1 || *c > 1000)
                    return fail(line_, column_, ".var: expected a count from 1 to 1000");
                count = *c;
            }
            vars_[w[0]] = data;
            out.vars.emplace_back(w[0], data);
            data += static_cast<uint32_t>(4 * count);
            if (data >= load_) return fail(line_, column_, "Load address overrun by static data");
            if (data > layout::kTrampolineBase)
                return fail(line_, column_,
                            fmt::format("variables past address {} (Glassbox's trampoline)",
                                        layout::kTrampolineBase));
        } else if (t[0] == '.') {
            if (t.find_first_of(" \t") != std::string::npos)
                return fail(line_, column_, "a label stands alone on its line");
            labels_[t] = layout::kCodeBase + 4 * pc;
        } else {
            ++pc;
        }
    }
    if (pc == 0) return fail(1, 1, "no instructions");
    if (layout::kCodeBase + 4 * pc > layout::kCodeLimit)
        return fail(1, 1, "the program is too long");

    // Pass 2: the instructions.
    auto img = std::make_shared<Image>();
    img->files.push_back({path_, lines});
    img->text.base = layout::kCodeBase;
    img->entry = layout::kCodeBase;
    for (size_t n = 0; n < lines.size(); ++n) {
        line_ = static_cast<int>(n) + 1;
        std::string code = code_of(lines[n]);
        std::string t = trim(code);
        if (t.empty() || t[0] == '.') continue;
        column_ = static_cast<int>(code.find_first_not_of(" \t")) + 1;
        size_t sp = t.find_first_of(" \t");
        std::string opcode = t.substr(0, sp);
        std::string rest = sp == std::string::npos ? "" : t.substr(sp + 1);
        if (!emit_line(opcode, split_operands(rest))) return false;
        uint32_t addr = layout::kCodeBase + static_cast<uint32_t>(img->text.bytes.size());
        for (int b = 0; b < 4; ++b)
            img->text.bytes.push_back(static_cast<uint8_t>(word_ >> (8 * b)));
        img->lines[addr] = SourceLoc{0, line_, column_};
        out.instructions.push_back(
            {load_ + static_cast<uint32_t>(out.instructions.size()), t, line_});
    }
    for (const auto& [name, addr] : labels_)
        img->symbols[name.substr(1)] =
            Symbol{name.substr(1), SymbolKind::Code, static_cast<int32_t>(addr), {}};
    for (const auto& [name, addr] : out.vars)
        img->symbols[name] = Symbol{name, SymbolKind::Constant, static_cast<int32_t>(addr), {}};
    for (const auto& [value, reg] : constants_)
        out.constants.emplace_back(reg, static_cast<uint32_t>(value));
    std::sort(out.constants.begin(), out.constants.end());
    out.data_end = data;
    out.image = std::move(img);
    return true;
}

} // namespace

int x86_register(std::string_view name) {
    for (const RegName& r : kRegs)
        if (r.name == name) return r.reg;
    return -1;
}

std::string_view x86_register_name(int reg) {
    for (const RegName& r : kRegs)
        if (r.reg == reg) return r.name;
    return "";
}

uint32_t x86_address_of(const X86Program& p, uint32_t glassbox_pc) {
    if (glassbox_pc < layout::kCodeBase || (glassbox_pc - layout::kCodeBase) % 4) return 0;
    size_t i = (glassbox_pc - layout::kCodeBase) / 4;
    return i < p.instructions.size() ? p.instructions[i].x86_address : 0;
}

bool looks_like_x86(std::string_view source) {
    static const std::set<std::string> ops = {"mov",  "lea",  "add",  "sub",      "mul",  "neg",
                                              "test", "j",    "je",   "jne",      "jlt",  "jlte",
                                              "jgt",  "jgte", "xchg", "fetchadd", "push", "pop",
                                              "call", "ret",  "nop",  "yield",    "halt"};
    bool x86 = false;
    size_t start = 0;
    while (start < source.size()) {
        size_t end = source.find('\n', start);
        if (end == std::string_view::npos) end = source.size();
        std::string t = trim(source.substr(start, end - start)
                                 .substr(0, std::min(source.substr(start, end - start).find('#'),
                                                     source.substr(start, end - start).find(';'))));
        start = end + 1;
        if (t.empty()) continue;
        std::string first = t.substr(0, t.find_first_of(" \t"));
        if (first == ".var" || first == ".main") {
            x86 = true;
        } else if (ops.count(first)) {
            // Glassbox's own syntax names registers r0..r12 and brackets memory.
            if (t.find('[') != std::string::npos) return false;
            if (t.find('%') != std::string::npos || t.find('$') != std::string::npos) x86 = true;
        } else if (first[0] != '.') {
            return false; // neither an x86.py instruction nor a label
        }
    }
    return x86;
}

bool assemble_x86(std::string_view source, const std::string& path, uint32_t load_address,
                  X86Program& out, std::string& error) {
    out = X86Program{};
    Translator t(path, load_address);
    if (!t.run(source, out)) {
        error = t.error();
        return false;
    }
    return true;
}

} // namespace gb
