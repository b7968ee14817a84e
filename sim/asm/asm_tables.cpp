// The assembler's tables: sections, the operand shapes of each ISA syntax,
// the pseudo-instructions, and splitting a file into lines.
#include "sim/asm/asm_passes.h"

namespace gb::asm_detail {

// Where each section goes. .text normally starts at layout::kCodeBase; a
// shared library is assembled for its own base (AsmOptions::text_base).
std::array<SecInfo, 3> section_table(const AsmOptions& o) {
    return {{
        {o.text_base, o.text_limit - o.text_base, ".text", SymbolKind::Code},
        {layout::kDataBase, layout::kDataLimit - layout::kDataBase, ".data", SymbolKind::Data},
        {0, layout::kTlsSize, ".tls", SymbolKind::Tls},
    }};
}

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
    case Syntax::D_MemAX: return shape({W::Reg, W::MemIdx});
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
    case Syntax::D_MemAX: return "rd, [ra + rb*4]";
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
    case W::MemIdx: return "a memory operand like [r2 + r3*4] (an array element)";
    }
    return "";
}

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

std::span<const PseudoInfo> pseudos() {
    return kPseudos;
}

} // namespace gb::asm_detail
