#include "sim/isa/isa.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace gb {

namespace {

using enum Op;
using S = Syntax;
using F = Format;

// The one table. Keep it in opcode order (op_info relies on a lookup built from it).
constexpr OpInfo kTable[] = {
    {Nop, "nop", S::None, F::N, 1, "control", "do nothing for one cycle",
     "한 사이클 동안 아무것도 하지 않음"},
    {Halt, "halt", S::None, F::N, 1, "control", "stop the running thread",
     "실행 중인 스레드를 멈춤"},
    {Li, "li", S::D_I, F::U, 1, "move", "rd ← imm (a number or a label's address)",
     "rd ← 즉시값 (숫자 또는 레이블 주소)"},
    {Lui, "lui", S::D_I, F::I, 1, "move", "rd ← imm << 16 (upper half of a big constant)",
     "rd ← imm << 16 (큰 상수의 위쪽 절반)"},
    {Mov, "mov", S::D_A, F::R, 1, "move", "rd ← ra (copy a register)", "rd ← ra (레지스터 복사)"},

    {Add, "add", S::D_A_B, F::R, 1, "alu", "rd ← ra + rb", "rd ← ra + rb"},
    {Sub, "sub", S::D_A_B, F::R, 1, "alu", "rd ← ra − rb", "rd ← ra − rb"},
    {Mul, "mul", S::D_A_B, F::R, 3, "alu", "rd ← ra × rb", "rd ← ra × rb"},
    {Div, "div", S::D_A_B, F::R, 8, "alu",
     "rd ← ra ÷ rb (signed, rounds toward zero; rb = 0 faults)",
     "rd ← ra ÷ rb (부호 있음, 0으로 나누면 폴트)"},
    {Mod, "mod", S::D_A_B, F::R, 8, "alu", "rd ← remainder of ra ÷ rb (rb = 0 faults)",
     "rd ← ra ÷ rb 의 나머지 (0이면 폴트)"},
    {And, "and", S::D_A_B, F::R, 1, "alu", "rd ← ra AND rb (bitwise)",
     "rd ← ra AND rb (비트 연산)"},
    {Or, "or", S::D_A_B, F::R, 1, "alu", "rd ← ra OR rb (bitwise)", "rd ← ra OR rb (비트 연산)"},
    {Xor, "xor", S::D_A_B, F::R, 1, "alu", "rd ← ra XOR rb (bitwise)",
     "rd ← ra XOR rb (비트 연산)"},
    {Shl, "shl", S::D_A_B, F::R, 1, "alu", "rd ← ra shifted left by rb bits",
     "rd ← ra 를 rb 비트만큼 왼쪽으로 시프트"},
    {Shr, "shr", S::D_A_B, F::R, 1, "alu", "rd ← ra shifted right by rb bits, zeros in",
     "rd ← ra 를 rb 비트만큼 오른쪽으로 (0 채움)"},
    {Sra, "sra", S::D_A_B, F::R, 1, "alu", "rd ← ra shifted right by rb bits, sign kept",
     "rd ← ra 를 rb 비트만큼 오른쪽으로 (부호 유지)"},

    {AddI, "add", S::D_A_I, F::I, 1, "alu", "rd ← ra + imm", "rd ← ra + 즉시값"},
    {SubI, "sub", S::D_A_I, F::I, 1, "alu", "rd ← ra − imm", "rd ← ra − 즉시값"},
    {MulI, "mul", S::D_A_I, F::I, 3, "alu", "rd ← ra × imm", "rd ← ra × 즉시값"},
    {DivI, "div", S::D_A_I, F::I, 8, "alu", "rd ← ra ÷ imm (imm = 0 faults)",
     "rd ← ra ÷ 즉시값 (0이면 폴트)"},
    {ModI, "mod", S::D_A_I, F::I, 8, "alu", "rd ← remainder of ra ÷ imm",
     "rd ← ra ÷ 즉시값 의 나머지"},
    {AndI, "and", S::D_A_I, F::I, 1, "alu", "rd ← ra AND imm", "rd ← ra AND 즉시값"},
    {OrI, "or", S::D_A_I, F::I, 1, "alu", "rd ← ra OR imm", "rd ← ra OR 즉시값"},
    {XorI, "xor", S::D_A_I, F::I, 1, "alu", "rd ← ra XOR imm", "rd ← ra XOR 즉시값"},
    {ShlI, "shl", S::D_A_I, F::I, 1, "alu", "rd ← ra shifted left by imm bits",
     "rd ← ra 를 즉시값 비트만큼 왼쪽으로"},
    {ShrI, "shr", S::D_A_I, F::I, 1, "alu", "rd ← ra shifted right by imm bits, zeros in",
     "rd ← ra 를 즉시값 비트만큼 오른쪽으로 (0 채움)"},
    {SraI, "sra", S::D_A_I, F::I, 1, "alu", "rd ← ra shifted right by imm bits, sign kept",
     "rd ← ra 를 즉시값 비트만큼 오른쪽으로 (부호 유지)"},

    {Cmp, "cmp", S::A_B, F::R, 1, "compare",
     "compare ra with rb: set flags Z (equal), N (less, signed), C (less, unsigned)",
     "ra 와 rb 비교: 플래그 Z(같음), N(작음, 부호), C(작음, 부호 없음) 설정"},
    {CmpI, "cmp", S::A_I, F::I, 1, "compare", "compare ra with imm: set flags Z, N, C",
     "ra 와 즉시값 비교: 플래그 Z, N, C 설정"},

    {Beq, "beq", S::Target, F::J, 1, "branch", "jump to target if the last compare was equal (Z)",
     "마지막 비교가 같았으면(Z) 점프"},
    {Bne, "bne", S::Target, F::J, 1, "branch", "jump to target if not equal (not Z)",
     "같지 않으면(Z 아님) 점프"},
    {Blt, "blt", S::Target, F::J, 1, "branch", "jump if less, signed (N)",
     "작으면(부호 있음, N) 점프"},
    {Bge, "bge", S::Target, F::J, 1, "branch", "jump if greater or equal, signed (not N)",
     "크거나 같으면(부호 있음) 점프"},
    {Bgt, "bgt", S::Target, F::J, 1, "branch", "jump if greater, signed (not N, not Z)",
     "크면(부호 있음) 점프"},
    {Ble, "ble", S::Target, F::J, 1, "branch", "jump if less or equal, signed (N or Z)",
     "작거나 같으면(부호 있음) 점프"},
    {Bltu, "bltu", S::Target, F::J, 1, "branch", "jump if below, unsigned (C)",
     "작으면(부호 없음, C) 점프"},
    {Bgeu, "bgeu", S::Target, F::J, 1, "branch", "jump if not below, unsigned (not C)",
     "크거나 같으면(부호 없음) 점프"},

    {Jmp, "jmp", S::Target, F::J, 1, "jump", "PC ← target (always jump)",
     "PC ← 목표 주소 (무조건 점프)"},
    {Jr, "jr", S::A, F::R, 1, "jump", "PC ← ra (jump to the address in a register)",
     "PC ← ra (레지스터에 든 주소로 점프)"},
    {Call, "call", S::Target, F::J, 2, "call", "push the return address, then PC ← target",
     "복귀 주소를 스택에 넣고 PC ← 목표 주소"},
    {Callr, "callr", S::A, F::R, 2, "call", "call the function whose address is in ra (a callback)",
     "ra 에 든 주소의 함수를 호출 (콜백)"},
    {Ret, "ret", S::None, F::N, 2, "call", "pop the return address into PC",
     "스택에서 복귀 주소를 꺼내 PC 에 넣음"},

    {Push, "push", S::A, F::R, 1, "stack", "sp ← sp − 4, then [sp] ← ra",
     "sp ← sp − 4, 그리고 [sp] ← ra"},
    {Pop, "pop", S::D, F::R, 1, "stack", "rd ← [sp], then sp ← sp + 4",
     "rd ← [sp], 그리고 sp ← sp + 4"},

    {Load, "load", S::D_MemAI, F::I, 1, "memory", "rd ← word at address ra + imm",
     "rd ← 주소 ra + imm 의 워드"},
    {LoadB, "loadb", S::D_MemAI, F::I, 1, "memory", "rd ← byte at address ra + imm",
     "rd ← 주소 ra + imm 의 바이트"},
    {Store, "store", S::D_MemAI, F::I, 1, "memory", "word at address ra + imm ← rd",
     "주소 ra + imm 의 워드 ← rd"},
    {StoreB, "storeb", S::D_MemAI, F::I, 1, "memory", "byte at address ra + imm ← low byte of rd",
     "주소 ra + imm 의 바이트 ← rd 의 하위 바이트"},
    {LoadX, "load", S::D_MemAX, F::R, 1, "memory",
     "rd ← word at address ra + rb × 4 (element rb of the array at ra)",
     "rd ← 주소 ra + rb × 4 의 워드 (ra 에 있는 배열의 rb 번째 원소)"},
    {StoreX, "store", S::D_MemAX, F::R, 1, "memory",
     "word at address ra + rb × 4 ← rd (element rb of the array at ra)",
     "주소 ra + rb × 4 의 워드 ← rd (ra 에 있는 배열의 rb 번째 원소)"},
    {LoadA, "load", S::D_MemAbs, F::U, 1, "memory",
     "rd ← word at a fixed address (a global variable)", "rd ← 고정 주소의 워드 (전역 변수)"},
    {LoadBA, "loadb", S::D_MemAbs, F::U, 1, "memory", "rd ← byte at a fixed address",
     "rd ← 고정 주소의 바이트"},
    {StoreA, "store", S::D_MemAbs, F::U, 1, "memory", "word at a fixed address ← rd",
     "고정 주소의 워드 ← rd"},
    {StoreBA, "storeb", S::D_MemAbs, F::U, 1, "memory", "byte at a fixed address ← low byte of rd",
     "고정 주소의 바이트 ← rd 의 하위 바이트"},

    {Xchg, "xchg", S::D_MemA, F::R, 2, "atomic", "atomically swap rd with the word at [ra]",
     "rd 와 [ra] 의 워드를 원자적으로 교환"},
    {Cas, "cas", S::D_B_MemA, F::R, 2, "atomic",
     "atomically: if [ra] = rd then [ra] ← rb; rd ← old [ra]; Z ← swapped",
     "원자적으로: [ra] = rd 이면 [ra] ← rb; rd ← 이전 값; Z ← 교환 여부"},
    {Fadd, "fadd", S::D_B_MemA, F::R, 2, "atomic", "atomically: rd ← [ra], [ra] ← [ra] + rb",
     "원자적으로: rd ← [ra], [ra] ← [ra] + rb"},

    {Sys, "sys", S::Number, F::J, 1, "kernel", "trap into the kernel: system call number imm",
     "커널로 트랩: 시스템 콜 번호 imm"},
};

struct Lookup {
    std::array<int16_t, 256> index{};
    constexpr Lookup() {
        index.fill(-1);
        for (size_t i = 0; i < std::size(kTable); ++i)
            index[static_cast<uint8_t>(kTable[i].op)] = static_cast<int16_t>(i);
    }
};
constexpr Lookup kLookup;

uint32_t field(uint32_t v, int shift, uint32_t mask) {
    return (v & mask) << shift;
}

int32_t sign_extend(uint32_t v, int bits) {
    uint32_t m = 1u << (bits - 1);
    v &= (1u << bits) - 1;
    return static_cast<int32_t>((v ^ m) - m);
}

} // namespace

std::string_view reg_name(int r) {
    static constexpr std::string_view names[kNumRegs] = {"r0",  "r1", "r2", "r3", "r4",  "r5",
                                                         "r6",  "r7", "r8", "r9", "r10", "r11",
                                                         "r12", "tp", "fp", "sp"};
    if (r < 0 || r >= kNumRegs) return "r?";
    return names[r];
}

std::optional<int> parse_reg(std::string_view name) {
    std::string low(name);
    std::transform(low.begin(), low.end(), low.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    for (int r = 0; r < kNumRegs; ++r)
        if (reg_name(r) == low) return r;
    // r13..r15 are accepted as the raw names of tp, fp, sp.
    if (low == "r13") return TP;
    if (low == "r14") return FP;
    if (low == "r15") return SP;
    return std::nullopt;
}

std::span<const OpInfo> isa_table() {
    return kTable;
}

const OpInfo* op_info(uint8_t opcode) {
    int i = kLookup.index[opcode];
    return i < 0 ? nullptr : &kTable[i];
}

const OpInfo& op_info(Op op) {
    return *op_info(static_cast<uint8_t>(op));
}

uint32_t encode(const Instr& in) {
    const OpInfo& info = op_info(in.op);
    uint32_t w = static_cast<uint32_t>(in.op) << 24;
    uint32_t imm = static_cast<uint32_t>(in.imm);
    switch (info.format) {
    case Format::N: break;
    case Format::R:
        w |= field(in.rd, 20, 0xF) | field(in.ra, 16, 0xF) | field(in.rb, 12, 0xF);
        break;
    case Format::I: w |= field(in.rd, 20, 0xF) | field(in.ra, 16, 0xF) | (imm & 0xFFFF); break;
    case Format::U: w |= field(in.rd, 20, 0xF) | (imm & 0xFFFFF); break;
    case Format::J: w |= imm & 0xFFFFFF; break;
    }
    return w;
}

std::optional<Instr> decode(uint32_t word) {
    const OpInfo* info = op_info(static_cast<uint8_t>(word >> 24));
    if (!info) return std::nullopt;
    Instr in;
    in.op = info->op;
    uint32_t rest = word & 0xFFFFFF;
    switch (info->format) {
    case Format::N:
        if (rest != 0) return std::nullopt;
        break;
    case Format::R:
        if (rest & 0xFFF) return std::nullopt;
        in.rd = (word >> 20) & 0xF;
        in.ra = (word >> 16) & 0xF;
        in.rb = (word >> 12) & 0xF;
        break;
    case Format::I:
        in.rd = (word >> 20) & 0xF;
        in.ra = (word >> 16) & 0xF;
        in.imm = sign_extend(word, 16);
        break;
    case Format::U:
        in.rd = (word >> 20) & 0xF;
        in.imm = sign_extend(word, 20);
        break;
    case Format::J: in.imm = static_cast<int32_t>(rest); break;
    }
    // Fields a syntax does not name must be zero, so that every legal word
    // disassembles to text that assembles back to the same word.
    switch (info->syntax) {
    case Syntax::None: break;
    case Syntax::D_A_B:
    case Syntax::D_MemAX:
    case Syntax::D_B_MemA: break;
    case Syntax::D_A_I:
    case Syntax::D_MemAI: break;
    case Syntax::D_A:
    case Syntax::D_MemA:
        if (in.rb) return std::nullopt;
        break;
    case Syntax::A_B:
        if (in.rd) return std::nullopt;
        break;
    case Syntax::A_I:
        if (in.rd) return std::nullopt;
        break;
    case Syntax::D_I:
        if (info->format == Format::I && in.ra) return std::nullopt;
        break;
    case Syntax::D:
        if (in.ra || in.rb) return std::nullopt;
        break;
    case Syntax::A:
        if (in.rd || in.rb) return std::nullopt;
        break;
    case Syntax::D_MemAbs:
    case Syntax::Target:
    case Syntax::Number: break;
    }
    return in;
}

namespace {
std::string hex(uint32_t v) {
    return fmt::format("0x{:x}", v);
}

std::string target_text(uint32_t addr, const Symbolizer& symbolize) {
    if (symbolize) {
        std::string s = symbolize(addr);
        if (!s.empty()) return s;
    }
    return hex(addr);
}

std::string offset_text(int32_t imm) {
    if (imm == 0) return "";
    return imm < 0 ? fmt::format(" - {}", -static_cast<int64_t>(imm)) : fmt::format(" + {}", imm);
}
} // namespace

std::string disassemble(const Instr& in, const Symbolizer& symbolize) {
    const OpInfo& info = op_info(in.op);
    auto d = reg_name(in.rd), a = reg_name(in.ra), b = reg_name(in.rb);
    std::string_view m = info.mnemonic;
    switch (info.syntax) {
    case Syntax::None: return std::string(m);
    case Syntax::D_A_B: return fmt::format("{} {}, {}, {}", m, d, a, b);
    case Syntax::D_A_I: return fmt::format("{} {}, {}, {}", m, d, a, in.imm);
    case Syntax::D_A: return fmt::format("{} {}, {}", m, d, a);
    case Syntax::A_B: return fmt::format("{} {}, {}", m, a, b);
    case Syntax::A_I: return fmt::format("{} {}, {}", m, a, in.imm);
    case Syntax::D_I:
        // li of a code/data address reads better as the label.
        if (in.op == Op::Li && in.imm > 0 && symbolize) {
            std::string s = symbolize(static_cast<uint32_t>(in.imm));
            if (!s.empty()) return fmt::format("{} {}, {}", m, d, s);
        }
        return fmt::format("{} {}, {}", m, d, in.imm);
    case Syntax::D: return fmt::format("{} {}", m, d);
    case Syntax::A: return fmt::format("{} {}", m, a);
    case Syntax::D_MemAI: return fmt::format("{} {}, [{}{}]", m, d, a, offset_text(in.imm));
    case Syntax::D_MemAX: return fmt::format("{} {}, [{} + {}*4]", m, d, a, b);
    case Syntax::D_MemAbs:
        return fmt::format("{} {}, [{}]", m, d,
                           target_text(static_cast<uint32_t>(in.imm), symbolize));
    case Syntax::D_MemA: return fmt::format("{} {}, [{}]", m, d, a);
    case Syntax::D_B_MemA: return fmt::format("{} {}, {}, [{}]", m, d, b, a);
    case Syntax::Target:
        return fmt::format("{} {}", m, target_text(static_cast<uint32_t>(in.imm), symbolize));
    case Syntax::Number: return fmt::format("{} {}", m, in.imm);
    }
    return std::string(m);
}

std::string describe(const Instr& in) {
    auto d = reg_name(in.rd), a = reg_name(in.ra), b = reg_name(in.rb);
    auto mem = [&](std::string_view base) {
        return fmt::format("[{}{}]", base, offset_text(in.imm));
    };
    switch (in.op) {
    case Nop: return "do nothing";
    case Halt: return "halt: stop this thread";
    case Li: return fmt::format("{} ← {}", d, in.imm);
    case Lui: return fmt::format("{} ← {} << 16", d, in.imm);
    case Mov: return fmt::format("{} ← {}", d, a);
    case Add: return fmt::format("{} ← {} + {}", d, a, b);
    case Sub: return fmt::format("{} ← {} − {}", d, a, b);
    case Mul: return fmt::format("{} ← {} × {}", d, a, b);
    case Div: return fmt::format("{} ← {} ÷ {}", d, a, b);
    case Mod: return fmt::format("{} ← {} mod {}", d, a, b);
    case And: return fmt::format("{} ← {} and {}", d, a, b);
    case Or: return fmt::format("{} ← {} or {}", d, a, b);
    case Xor: return fmt::format("{} ← {} xor {}", d, a, b);
    case Shl: return fmt::format("{} ← {} << {}", d, a, b);
    case Shr: return fmt::format("{} ← {} >> {}", d, a, b);
    case Sra: return fmt::format("{} ← {} >> {} (signed)", d, a, b);
    case AddI: return fmt::format("{} ← {} + {}", d, a, in.imm);
    case SubI: return fmt::format("{} ← {} − {}", d, a, in.imm);
    case MulI: return fmt::format("{} ← {} × {}", d, a, in.imm);
    case DivI: return fmt::format("{} ← {} ÷ {}", d, a, in.imm);
    case ModI: return fmt::format("{} ← {} mod {}", d, a, in.imm);
    case AndI: return fmt::format("{} ← {} and {}", d, a, in.imm);
    case OrI: return fmt::format("{} ← {} or {}", d, a, in.imm);
    case XorI: return fmt::format("{} ← {} xor {}", d, a, in.imm);
    case ShlI: return fmt::format("{} ← {} << {}", d, a, in.imm);
    case ShrI: return fmt::format("{} ← {} >> {}", d, a, in.imm);
    case SraI: return fmt::format("{} ← {} >> {} (signed)", d, a, in.imm);
    case Cmp: return fmt::format("compare {} with {}", a, b);
    case CmpI: return fmt::format("compare {} with {}", a, in.imm);
    case Beq: return fmt::format("if equal, jump to {}", hex(static_cast<uint32_t>(in.imm)));
    case Bne: return fmt::format("if not equal, jump to {}", hex(static_cast<uint32_t>(in.imm)));
    case Blt: return fmt::format("if less, jump to {}", hex(static_cast<uint32_t>(in.imm)));
    case Bge:
        return fmt::format("if greater or equal, jump to {}", hex(static_cast<uint32_t>(in.imm)));
    case Bgt: return fmt::format("if greater, jump to {}", hex(static_cast<uint32_t>(in.imm)));
    case Ble:
        return fmt::format("if less or equal, jump to {}", hex(static_cast<uint32_t>(in.imm)));
    case Bltu:
        return fmt::format("if below (unsigned), jump to {}", hex(static_cast<uint32_t>(in.imm)));
    case Bgeu:
        return fmt::format("if not below (unsigned), jump to {}",
                           hex(static_cast<uint32_t>(in.imm)));
    case Jmp: return fmt::format("jump to {}", hex(static_cast<uint32_t>(in.imm)));
    case Jr: return fmt::format("jump to the address in {}", a);
    case Call: return fmt::format("call {}", hex(static_cast<uint32_t>(in.imm)));
    case Callr: return fmt::format("call the function at the address in {}", a);
    case Ret: return "return: PC ← pop";
    case Push: return fmt::format("push {}", a);
    case Pop: return fmt::format("pop into {}", d);
    case Load: return fmt::format("load {} ← {}", d, mem(a));
    case LoadB: return fmt::format("load byte {} ← {}", d, mem(a));
    case Store: return fmt::format("store {} ← {}", mem(a), d);
    case StoreB: return fmt::format("store byte {} ← {}", mem(a), d);
    case LoadX: return fmt::format("load {} ← [{} + {} × 4]", d, a, b);
    case StoreX: return fmt::format("store [{} + {} × 4] ← {}", a, b, d);
    case LoadA: return fmt::format("load {} ← [{}]", d, hex(static_cast<uint32_t>(in.imm)));
    case LoadBA: return fmt::format("load byte {} ← [{}]", d, hex(static_cast<uint32_t>(in.imm)));
    case StoreA: return fmt::format("store [{}] ← {}", hex(static_cast<uint32_t>(in.imm)), d);
    case StoreBA: return fmt::format("store byte [{}] ← {}", hex(static_cast<uint32_t>(in.imm)), d);
    case Xchg: return fmt::format("atomically swap {} and [{}]", d, a);
    case Cas: return fmt::format("atomically: if [{}] = {} then [{}] ← {}", a, d, a, b);
    case Fadd: return fmt::format("atomically: {} ← [{}]; [{}] ← [{}] + {}", d, a, a, a, b);
    case Sys: return fmt::format("system call {}", in.imm);
    }
    return "?";
}

} // namespace gb
