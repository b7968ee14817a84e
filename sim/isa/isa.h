// The Glassbox ISA, described once.
//
// Every instruction is one 32-bit little-endian word stored in the code
// segment. The table in isa.cpp (mnemonic, operands, encoding format,
// cycles, a one-line explanation in English and Korean) is the single
// description that the assembler, the disassembler, the CPU and the GUI's
// tooltips all read. docs/isa.md is the student-facing reference.
//
// Word layout (bit 31 on the left):
//   [31..24] opcode
//   R  format: rd[23..20] ra[19..16] rb[15..12]  bits 11..0 zero
//   I  format: rd[23..20] ra[19..16] imm16[15..0] (signed)
//   U  format: rd[23..20] imm20[19..0] (signed)
//   J  format: imm24[23..0] (an absolute address or a number)
//   N  format: bits 23..0 zero
// Bits a format does not use must be zero; otherwise the word is an illegal
// instruction (this keeps decode strict and the disassembler exact).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gb {

// Register numbers. r0..r12 are general purpose; tp points at the running
// thread's thread-local block; fp is the frame pointer; sp the stack pointer.
// Conventions (docs/isa.md): arguments in r1..r4, result in r0, the syscall
// number is the immediate of `sys`, syscall arguments in r1..r3.
enum Reg : uint8_t { R0 = 0, TP = 13, FP = 14, SP = 15 };
constexpr int kNumRegs = 16;
std::string_view reg_name(int r);                    // "r0".."r12", "tp", "fp", "sp"
std::optional<int> parse_reg(std::string_view name); // case-insensitive

// Comparison flags, set only by `cmp` and by `cas`.
struct Flags {
    bool z = false; // equal (cas: the swap happened)
    bool n = false; // less than, signed
    bool c = false; // less than, unsigned ("below")
    bool operator==(const Flags&) const = default;
};

enum class Format : uint8_t { N, R, I, U, J };

// How an instruction's operands are written, and which fields they fill.
// The assembler parses by this; the disassembler prints by this.
enum class Syntax : uint8_t {
    None,     // nop
    D_A_B,    // add rd, ra, rb
    D_A_I,    // add rd, ra, imm
    D_A,      // mov rd, ra
    A_B,      // cmp ra, rb
    A_I,      // cmp ra, imm
    D_I,      // li rd, imm
    D,        // pop rd
    A,        // push ra / callr ra / jr ra
    D_MemAI,  // load rd, [ra + imm]   (store: rd is the value stored)
    D_MemAbs, // load rd, [address]
    D_MemAX,  // load rd, [ra + rb*4]  (an array element: base + index words)
    D_MemA,   // xchg rd, [ra]
    D_B_MemA, // cas rd, rb, [ra]
    Target,   // jmp label (absolute address)
    Number,   // sys number
};

enum class Op : uint8_t {
    Nop = 0x00,
    Halt = 0x01,
    Li = 0x02,
    Lui = 0x03,
    Mov = 0x04,
    Add = 0x10,
    Sub,
    Mul,
    Div,
    Mod,
    And,
    Or,
    Xor,
    Shl,
    Shr,
    Sra,
    AddI = 0x20,
    SubI,
    MulI,
    DivI,
    ModI,
    AndI,
    OrI,
    XorI,
    ShlI,
    ShrI,
    SraI,
    Cmp = 0x30,
    CmpI,
    Beq = 0x38,
    Bne,
    Blt,
    Bge,
    Bgt,
    Ble,
    Bltu,
    Bgeu,
    Jmp = 0x40,
    Jr,
    Call,
    Callr,
    Ret,
    Push = 0x48,
    Pop,
    Load = 0x50,
    LoadB,
    Store,
    StoreB,
    LoadX = 0x54, // added for x86.py's indexed operands (docs/isa.md)
    StoreX,
    LoadA = 0x58,
    LoadBA,
    StoreA,
    StoreBA,
    Xchg = 0x60,
    Cas,
    Fadd,
    Sys = 0x70,
};

struct OpInfo {
    Op op;
    std::string_view mnemonic; // several rows may share a mnemonic (add/addi forms)
    Syntax syntax;
    Format format;
    uint8_t cycles;         // default cost; the kernel may add to syscalls
    std::string_view group; // "move", "alu", "compare", "branch", "memory", ...
    std::string_view explain_en;
    std::string_view explain_ko;
};

// All instructions, in opcode order.
std::span<const OpInfo> isa_table();
// The row for an opcode byte, or nullptr if the byte is not an opcode.
const OpInfo* op_info(uint8_t opcode);
const OpInfo& op_info(Op op);

// A decoded instruction word.
struct Instr {
    Op op = Op::Nop;
    uint8_t rd = 0, ra = 0, rb = 0;
    int32_t imm = 0; // sign-extended imm16/imm20, or zero-extended imm24
    bool operator==(const Instr&) const = default;
};

// Immediate ranges per format.
constexpr int32_t kImm16Min = -32768, kImm16Max = 32767;
constexpr int32_t kImm20Min = -(1 << 19), kImm20Max = (1 << 19) - 1;
constexpr int32_t kImm24Max = (1 << 24) - 1;

uint32_t encode(const Instr& in);
// Strict decode: unknown opcode or non-zero unused bits give nullopt.
std::optional<Instr> decode(uint32_t word);

// Turns an address into a label name ("" when there is none).
using Symbolizer = std::function<std::string(uint32_t)>;
// "add r1, r2, r3" style text that the assembler reads back to the same
// word. With a symbolizer, jump targets and absolute memory operands print
// as labels.
std::string disassemble(const Instr& in, const Symbolizer& symbolize = {});
// The instruction said in words, e.g. "r1 ← r2 + r3" or "jump to 0x1040".
std::string describe(const Instr& in);

} // namespace gb
