#include "sim/cpu/cpu.h"

namespace gb {

namespace {

uint32_t u(int32_t v) {
    return static_cast<uint32_t>(v);
}
int32_t s(uint32_t v) {
    return static_cast<int32_t>(v);
}

Flags compare(uint32_t a, uint32_t b) {
    return Flags{a == b, s(a) < s(b), a < b};
}

// Arithmetic that wraps like hardware and never invokes C++ undefined behaviour.
uint32_t alu(Op op, uint32_t a, uint32_t b) {
    switch (op) {
    case Op::Add:
    case Op::AddI: return a + b;
    case Op::Sub:
    case Op::SubI: return a - b;
    case Op::Mul:
    case Op::MulI: return a * b;
    case Op::Div:
    case Op::DivI:
        if (s(a) == INT32_MIN && s(b) == -1) return a; // the one overflowing case wraps
        return u(s(a) / s(b));
    case Op::Mod:
    case Op::ModI:
        if (s(a) == INT32_MIN && s(b) == -1) return 0;
        return u(s(a) % s(b));
    case Op::And:
    case Op::AndI: return a & b;
    case Op::Or:
    case Op::OrI: return a | b;
    case Op::Xor:
    case Op::XorI: return a ^ b;
    case Op::Shl:
    case Op::ShlI: return a << (b & 31);
    case Op::Shr:
    case Op::ShrI: return a >> (b & 31);
    case Op::Sra:
    case Op::SraI: {
        uint32_t n = b & 31;
        uint32_t sign = (a & 0x80000000u) && n ? ~(~0u >> n) : 0;
        return (a >> n) | sign;
    }
    default: return 0;
    }
}

bool branch_taken(Op op, const Flags& f) {
    switch (op) {
    case Op::Beq: return f.z;
    case Op::Bne: return !f.z;
    case Op::Blt: return f.n;
    case Op::Bge: return !f.n;
    case Op::Bgt: return !f.n && !f.z;
    case Op::Ble: return f.n || f.z;
    case Op::Bltu: return f.c;
    case Op::Bgeu: return !f.c;
    default: return false;
    }
}

} // namespace

StepOutcome execute(Context& ctx, AddressSpace& mem) {
    StepOutcome out;
    out.pc = ctx.pc;
    auto fault = [&](Fault f, uint32_t addr) {
        out.kind = StepKind::Fault;
        out.fault = f;
        out.fault_addr = addr;
        return out;
    };

    // Fetch.
    Access fetched = mem.fetch(ctx.pc);
    if (!fetched.ok()) return fault(fetched.fault, ctx.pc);
    out.word = fetched.value;
    // Decode.
    std::optional<Instr> decoded = decode(fetched.value);
    if (!decoded) return fault(Fault::IllegalInstruction, ctx.pc);
    const Instr in = *decoded;
    out.instr = in;
    out.cycles = op_info(in.op).cycles;

    // Execute. Registers are read before anything is written so that a fault
    // leaves the context untouched.
    auto& r = ctx.regs;
    const uint32_t a = r[in.ra], b = r[in.rb], d = r[in.rd];
    const uint32_t imm = u(in.imm);
    uint32_t next = ctx.pc + 4;

    auto store32 = [&](uint32_t addr, uint32_t v) {
        uint32_t old = 0;
        mem.peek32(addr, old);
        Fault f = mem.store32(addr, v);
        if (f == Fault::None) out.write = {addr, old, v, 4};
        return f;
    };
    auto store8 = [&](uint32_t addr, uint32_t v) {
        uint8_t old = 0;
        mem.peek8(addr, old);
        Fault f = mem.store8(addr, static_cast<uint8_t>(v));
        if (f == Fault::None) out.write = {addr, old, v & 0xFF, 1};
        return f;
    };

    switch (in.op) {
    case Op::Nop: break;
    case Op::Halt: out.kind = StepKind::Halt; return out;
    case Op::Li: r[in.rd] = imm; break;
    case Op::Lui: r[in.rd] = imm << 16; break;
    case Op::Mov: r[in.rd] = a; break;

    case Op::Div:
    case Op::Mod:
        if (b == 0) return fault(Fault::DivideByZero, ctx.pc);
        r[in.rd] = alu(in.op, a, b);
        break;
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::And:
    case Op::Or:
    case Op::Xor:
    case Op::Shl:
    case Op::Shr:
    case Op::Sra: r[in.rd] = alu(in.op, a, b); break;
    case Op::DivI:
    case Op::ModI:
        if (imm == 0) return fault(Fault::DivideByZero, ctx.pc);
        r[in.rd] = alu(in.op, a, imm);
        break;
    case Op::AddI:
    case Op::SubI:
    case Op::MulI:
    case Op::AndI:
    case Op::OrI:
    case Op::XorI:
    case Op::ShlI:
    case Op::ShrI:
    case Op::SraI: r[in.rd] = alu(in.op, a, imm); break;

    case Op::Cmp: ctx.flags = compare(a, b); break;
    case Op::CmpI: ctx.flags = compare(a, imm); break;

    case Op::Beq:
    case Op::Bne:
    case Op::Blt:
    case Op::Bge:
    case Op::Bgt:
    case Op::Ble:
    case Op::Bltu:
    case Op::Bgeu:
        if (branch_taken(in.op, ctx.flags)) next = imm;
        break;
    case Op::Jmp: next = imm; break;
    case Op::Jr: next = a; break;
    case Op::Call:
    case Op::Callr: {
        uint32_t sp = r[SP] - 4;
        if (Fault f = store32(sp, ctx.pc + 4); f != Fault::None) return fault(f, sp);
        r[SP] = sp;
        next = in.op == Op::Call ? imm : a;
        break;
    }
    case Op::Ret: {
        Access ra = mem.load32(r[SP]);
        if (!ra.ok()) return fault(ra.fault, r[SP]);
        out.read = {r[SP], ra.value, 4};
        r[SP] += 4;
        next = ra.value;
        break;
    }
    case Op::Push: {
        uint32_t sp = r[SP] - 4;
        if (Fault f = store32(sp, a); f != Fault::None) return fault(f, sp);
        r[SP] = sp;
        break;
    }
    case Op::Pop: {
        Access v = mem.load32(r[SP]);
        if (!v.ok()) return fault(v.fault, r[SP]);
        out.read = {r[SP], v.value, 4};
        r[SP] += 4;
        r[in.rd] = v.value; // after the sp update, so `pop sp` loads sp
        break;
    }

    case Op::Load:
    case Op::LoadA:
    case Op::LoadB:
    case Op::LoadBA: {
        bool abs = in.op == Op::LoadA || in.op == Op::LoadBA;
        uint32_t addr = abs ? imm : a + imm;
        Access v = (in.op == Op::Load || in.op == Op::LoadA) ? mem.load32(addr) : mem.load8(addr);
        if (!v.ok()) return fault(v.fault, addr);
        out.read = {addr, v.value,
                    static_cast<uint8_t>(in.op == Op::Load || in.op == Op::LoadA ? 4 : 1)};
        r[in.rd] = v.value;
        break;
    }
    case Op::Store:
    case Op::StoreA:
    case Op::StoreB:
    case Op::StoreBA: {
        bool abs = in.op == Op::StoreA || in.op == Op::StoreBA;
        uint32_t addr = abs ? imm : a + imm;
        Fault f = (in.op == Op::Store || in.op == Op::StoreA) ? store32(addr, d) : store8(addr, d);
        if (f != Fault::None) return fault(f, addr);
        break;
    }

    // Atomics: one instruction does the read and the write, so no other
    // core or thread can come in between (the simulator never splits an
    // instruction).
    case Op::Xchg: {
        Access v = mem.load32(a);
        if (!v.ok()) return fault(v.fault, a);
        out.read = {a, v.value, 4};
        if (Fault f = store32(a, d); f != Fault::None) return fault(f, a);
        r[in.rd] = v.value;
        break;
    }
    case Op::Cas: {
        Access v = mem.load32(a);
        if (!v.ok()) return fault(v.fault, a);
        out.read = {a, v.value, 4};
        bool swap = v.value == d;
        if (swap)
            if (Fault f = store32(a, b); f != Fault::None) return fault(f, a);
        r[in.rd] = v.value;
        ctx.flags.z = swap;
        break;
    }
    case Op::Fadd: {
        Access v = mem.load32(a);
        if (!v.ok()) return fault(v.fault, a);
        out.read = {a, v.value, 4};
        if (Fault f = store32(a, v.value + b); f != Fault::None) return fault(f, a);
        r[in.rd] = v.value;
        break;
    }

    case Op::Sys: out.kind = StepKind::Syscall; break;
    }
    ctx.pc = next;
    return out;
}

} // namespace gb
