#include "sim/cpu/cpu.h"

namespace gb {

namespace {

// A register's bits read as an unsigned or a signed number.
uint32_t as_unsigned(int32_t v) {
    return static_cast<uint32_t>(v);
}
int32_t as_signed(uint32_t v) {
    return static_cast<int32_t>(v);
}

Flags compare(uint32_t a, uint32_t b) {
    return Flags{a == b, as_signed(a) < as_signed(b), a < b};
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
        if (as_signed(a) == INT32_MIN && as_signed(b) == -1)
            return a; // the one overflowing case wraps
        return as_unsigned(as_signed(a) / as_signed(b));
    case Op::Mod:
    case Op::ModI:
        if (as_signed(a) == INT32_MIN && as_signed(b) == -1) return 0;
        return as_unsigned(as_signed(a) % as_signed(b));
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

// What one decoded instruction did: a fault (with the address that
// faulted), a `sys` or a `halt`, or nothing the kernel must see.
struct Effect {
    StepKind kind = StepKind::Executed;
    Fault fault = Fault::None;
    uint32_t fault_addr = 0;
};

// Executes the decoded instruction `in` at ctx.pc: the semantics of every
// instruction, shared by the exact path and bursts. Registers are read
// before anything is written, so a fault leaves the context untouched; a
// write to memory is described in `write`.
inline Effect execute_instr(Context& ctx, AddressSpace& mem, const Instr in, MemWrite& write) {
    auto fault = [&](Fault f, uint32_t addr) { return Effect{StepKind::Fault, f, addr}; };
    auto& r = ctx.regs;
    const uint32_t a = r[in.ra], b = r[in.rb], d = r[in.rd];
    const uint32_t imm = as_unsigned(in.imm);
    uint32_t next = ctx.pc + 4;

    auto store32 = [&](uint32_t addr, uint32_t v) {
        uint32_t old = 0;
        Fault f = mem.store32(addr, v, old);
        if (f == Fault::None) write = {addr, old, v, 4};
        return f;
    };
    auto store8 = [&](uint32_t addr, uint32_t v) {
        uint8_t old = 0;
        Fault f = mem.store8(addr, static_cast<uint8_t>(v), old);
        if (f == Fault::None) write = {addr, old, v & 0xFF, 1};
        return f;
    };

    switch (in.op) {
    case Op::Nop: break;
    case Op::Halt: return Effect{StepKind::Halt, Fault::None, 0};
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
        if (Fault f = store32(a, d); f != Fault::None) return fault(f, a);
        r[in.rd] = v.value;
        break;
    }
    case Op::Cas: {
        Access v = mem.load32(a);
        if (!v.ok()) return fault(v.fault, a);
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
        if (Fault f = store32(a, v.value + b); f != Fault::None) return fault(f, a);
        r[in.rd] = v.value;
        break;
    }

    case Op::Sys: ctx.pc = next; return Effect{StepKind::Syscall, Fault::None, 0};
    }
    ctx.pc = next;
    return {};
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
    // Fetch and decode (the region's decoded words, or the fault a fetch reports).
    const DecodedWord* word = mem.decoded_at(ctx.pc);
    if (!word) {
        Access fetched = mem.fetch(ctx.pc);
        return fault(fetched.ok() ? Fault::IllegalInstruction : fetched.fault, ctx.pc);
    }
    out.word = word->word;
    if (!word->valid) return fault(Fault::IllegalInstruction, ctx.pc);
    out.instr = word->instr;
    out.cycles = word->cycles;
    Effect e = execute_instr(ctx, mem, word->instr, out.write);
    out.kind = e.kind;
    if (e.kind == StepKind::Fault) return fault(e.fault, e.fault_addr);
    return out;
}

namespace {

// What a burst must restore to undo an instruction, or to say what the
// context was before it: an instruction changes at most the PC, the flags,
// its destination register and the stack pointer.
struct Undo {
    uint32_t pc;
    Flags flags;
    uint8_t rd;
    uint32_t rd_value, sp_value;

    Undo(const Context& ctx, uint8_t dest)
        : pc(ctx.pc), flags(ctx.flags), rd(dest), rd_value(ctx.regs[dest]), sp_value(ctx.regs[SP]) {
    }
    void restore(Context& ctx) const {
        ctx.pc = pc;
        ctx.flags = flags;
        ctx.regs[SP] = sp_value;
        ctx.regs[rd] = rd_value;
    }
};

bool writes_watched(const MemWrite& w, std::span<const uint32_t> watched) {
    for (uint32_t addr : watched)
        if (w.addr < addr + 4 && addr < w.addr + w.width) return true;
    return false;
}

} // namespace

Burst run_burst(Context& ctx, AddressSpace& mem, uint64_t& clock, const BurstLimits& limits,
                Context& before, StepOutcome& last) {
    Burst burst;
    const DecodedWord* last_word = nullptr;
    Undo last_undo(ctx, 0);
    MemWrite last_write;
    const bool check_breakpoints = limits.breakpoints && !limits.breakpoints->empty();
    while (burst.instructions < limits.max_instructions && clock < limits.start_before) {
        const DecodedWord* word = mem.decoded_at(ctx.pc);
        if (!word || !word->valid) break; // a fetch fault: the exact path reports it
        const Instr in = word->instr;
        if (in.op == Op::Sys || in.op == Op::Halt) break; // the kernel's business
        if (clock + word->cycles >= limits.end_before) break;
        Undo undo(ctx, in.rd);
        MemWrite write;
        if (execute_instr(ctx, mem, in, write).kind != StepKind::Executed)
            break; // a fault: nothing changed
        if (write.width && !limits.watched.empty() && writes_watched(write, limits.watched)) {
            // Put the word and the registers back: the exact path runs it again
            // and records the write.
            if (write.width == 4)
                mem.poke32(write.addr, write.old_value);
            else
                mem.poke8(write.addr, static_cast<uint8_t>(write.old_value));
            undo.restore(ctx);
            break;
        }
        clock += word->cycles;
        burst.cycles += word->cycles;
        ++burst.instructions;
        last_word = word;
        last_undo = undo;
        last_write = write;
        if (clock >= limits.stop_at) break;
        if (check_breakpoints && limits.breakpoints->count(ctx.pc)) break;
    }
    if (last_word) {
        before = ctx;
        last_undo.restore(before);
        last = StepOutcome{};
        last.pc = last_undo.pc;
        last.word = last_word->word;
        last.instr = last_word->instr;
        last.cycles = last_word->cycles;
        last.write = last_write;
    }
    return burst;
}

} // namespace gb
