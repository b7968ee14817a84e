#include "sim/cpu/cpu.h"

// The instruction semantics are inlined into both callers (execute and
// run_burst): a call per instruction costs as much as the instruction.
#if defined(__GNUC__) || defined(__clang__)
#define GB_ALWAYS_INLINE __attribute__((always_inline))
#else
#define GB_ALWAYS_INLINE
#endif

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
GB_ALWAYS_INLINE inline Effect execute_instr(Context& ctx, AddressSpace& mem, const Instr in,
                                             MemWrite& write, MemRead& read) {
    auto fault = [&](Fault f, uint32_t addr) { return Effect{StepKind::Fault, f, addr}; };
    auto& r = ctx.regs;
    const uint32_t a = r[in.ra], b = r[in.rb], d = r[in.rd];
    const uint32_t imm = as_unsigned(in.imm);
    uint32_t next = ctx.pc + 4;

    auto store32 = [&](uint32_t addr, uint32_t v) GB_ALWAYS_INLINE {
        uint32_t old = 0;
        Fault f = mem.store32(addr, v, old);
        if (f == Fault::None) write = {addr, old, v, 4};
        return f;
    };
    auto store8 = [&](uint32_t addr, uint32_t v) GB_ALWAYS_INLINE {
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
    // The commonest operations spelled out, so that a burst does not call alu() for them.
    case Op::Add: r[in.rd] = a + b; break;
    case Op::Sub: r[in.rd] = a - b; break;
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
    case Op::AddI: r[in.rd] = a + imm; break;
    case Op::SubI: r[in.rd] = a - imm; break;
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
        read = {r[SP], ra.value, 4};
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
        read = {r[SP], v.value, 4};
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
        read = {addr, v.value,
                static_cast<uint8_t>(in.op == Op::Load || in.op == Op::LoadA ? 4 : 1)};
        r[in.rd] = v.value;
        break;
    }
    case Op::LoadX: {
        uint32_t addr = a + b * 4;
        Access v = mem.load32(addr);
        if (!v.ok()) return fault(v.fault, addr);
        read = {addr, v.value, 4};
        r[in.rd] = v.value;
        break;
    }
    case Op::StoreX: {
        uint32_t addr = a + b * 4;
        if (Fault f = store32(addr, d); f != Fault::None) return fault(f, addr);
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
        read = {a, v.value, 4};
        if (Fault f = store32(a, d); f != Fault::None) return fault(f, a);
        r[in.rd] = v.value;
        break;
    }
    case Op::Cas: {
        Access v = mem.load32(a);
        if (!v.ok()) return fault(v.fault, a);
        read = {a, v.value, 4};
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
        read = {a, v.value, 4};
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
    Effect e = execute_instr(ctx, mem, word->instr, out.write, out.read);
    out.kind = e.kind;
    if (e.kind == StepKind::Fault) return fault(e.fault, e.fault_addr);
    return out;
}

namespace {

// What a burst must restore to undo an instruction, or to say what the
// context was before it: an instruction changes at most the PC, the flags,
// its destination register and the stack pointer.
struct Undo {
    uint32_t pc = 0;
    Flags flags;
    uint8_t rd = 0;
    uint32_t rd_value = 0, sp_value = 0;

    void save(const Context& ctx, uint8_t dest) {
        pc = ctx.pc;
        flags = ctx.flags;
        rd = dest;
        rd_value = ctx.regs[dest];
        sp_value = ctx.regs[SP];
    }
    void restore(Context& ctx) const {
        ctx.pc = pc;
        ctx.flags = flags;
        ctx.regs[SP] = sp_value;
        ctx.regs[rd] = rd_value;
    }
};

// The data region a burst's word loads and stores went to last: while the
// next one falls inside it, aligned, it needs no lookup. Only plain
// read-write regions are kept (no code, whose decoded words a store would
// make stale; no guard). The region stays put during a burst: only the
// kernel maps or unmaps, and a burst stops before every `sys`.
struct DataRegion {
    Region* region = nullptr;
    uint32_t base = 0, size = 0;

    // The offset of the word at `addr` in the region, looking it up when
    // it is elsewhere; false when the exact path must decide (a fault, a
    // misaligned address, a special region).
    bool word_at(AddressSpace& mem, uint32_t addr, uint32_t& offset) {
        offset = addr - base;
        if (region && !(addr & 3) && offset < size && size - offset >= 4) return true;
        if (addr & 3) return false;
        Region* r = mem.find(addr);
        if (!r || r->kind == RegionKind::Guard || r->perms != (PermR | PermW) || r->size < 4)
            return false;
        region = r;
        base = r->base;
        size = r->size;
        offset = addr - base;
        return size - offset >= 4;
    }
};

bool writes_watched(const MemWrite& w, std::span<const uint32_t> watched) {
    for (uint32_t addr : watched)
        if (w.addr < addr + 4 && addr < w.addr + w.width) return true;
    return false;
}

} // namespace

Burst run_burst(Context& ctx, AddressSpace& mem, uint64_t& clock_ref, const BurstLimits& limits,
                Context& before, StepOutcome& last) {
    // Locals, so that the compiler need not reload them after every guest store.
    uint64_t clock = clock_ref;
    const uint64_t max_instructions = limits.max_instructions, start_before = limits.start_before,
                   end_before = limits.end_before, stop_at = limits.stop_at;
    const std::span<const uint32_t> watched = limits.watched;
    const bool check_breakpoints = limits.breakpoints && !limits.breakpoints->empty();
    Burst burst;
    // Two slots: the last instruction run, and the one being tried.
    Undo undo[2];
    MemWrite write[2];
    const DecodedWord* last_word = nullptr;
    DecodedWord kept; // the last instruction, when a write made its region's words stale
    int slot = 0;
    // The code region being run, indexed directly; looked up again when the
    // PC leaves it. Its region owns it; only a write into the region could
    // free it, and that ends the burst below.
    const DecodedCode* code = nullptr;
    uint32_t code_base = 0;
    size_t code_words = 0;
    DataRegion data;
    while (burst.instructions < max_instructions && clock < start_before) {
        size_t index = (ctx.pc - code_base) >> 2;
        if ((ctx.pc & 3) || index >= code_words) {
            if (ctx.pc & 3) break; // a misaligned PC faults: the exact path reports it
            code = mem.code_at(ctx.pc, code_base);
            code_words = code ? code->words.size() : 0;
            index = (ctx.pc - code_base) >> 2;
            if (index >= code_words) break; // not code: the exact path reports the fault
        }
        const DecodedWord* word = &code->words[index];
        if (!word->valid) break; // an illegal instruction: the exact path reports it
        const Instr in = word->instr;
        const uint8_t cycles = word->cycles;
        if (in.op == Op::Sys || in.op == Op::Halt) break; // the kernel's business
        if (clock + cycles >= end_before) break;
        Undo& u = undo[slot];
        MemWrite& w = write[slot];
        u.save(ctx, in.rd);
        w = MemWrite{};
        MemRead unused_read; // bursts need no reads: only step() observers do
        uint32_t offset = 0;
        const bool load = in.op == Op::Load || in.op == Op::LoadA;
        const bool word_access = load || in.op == Op::Store || in.op == Op::StoreA;
        const bool absolute = in.op == Op::LoadA || in.op == Op::StoreA;
        if (word_access &&
            data.word_at(mem, static_cast<uint32_t>(in.imm) + (absolute ? 0u : ctx.regs[in.ra]),
                         offset)) {
            // A word load or store inside the data region of the last one:
            // what execute_instr does when it neither faults nor meets code.
            if (load) {
                ctx.regs[in.rd] = data.region->bytes.read32(offset);
            } else {
                uint32_t v = ctx.regs[in.rd];
                w = {data.base + offset, data.region->bytes.write32(offset, v), v, 4};
            }
            ctx.pc += 4;
        } else if (execute_instr(ctx, mem, in, w, unused_read).kind != StepKind::Executed) {
            break; // a fault: nothing changed
        }
        if (w.width) {
            if (!watched.empty() && writes_watched(w, watched)) {
                // Put the word and the registers back: the exact path runs it
                // again and records the write.
                if (w.width == 4)
                    mem.poke32(w.addr, w.old_value);
                else
                    mem.poke8(w.addr, static_cast<uint8_t>(w.old_value));
                u.restore(ctx);
                break;
            }
        }
        clock += cycles;
        burst.cycles += cycles;
        ++burst.instructions;
        last_word = word;
        slot ^= 1;
        if (w.width && w.addr - code_base < 4 * code_words) {
            // Wrote into the code being run (writable code; no region is
            // today): its decoded words may be gone. Stop, as the PC may
            // now meet a changed word.
            kept.word = encode(in); // decode is strict: the same word
            kept.instr = in;
            kept.cycles = cycles;
            kept.valid = true;
            last_word = &kept;
            break;
        }
        if (clock >= stop_at) break;
        if (check_breakpoints && limits.breakpoints->count(ctx.pc)) break;
    }
    clock_ref = clock;
    if (last_word) {
        const Undo& u = undo[slot ^ 1];
        before = ctx;
        u.restore(before);
        last.kind = StepKind::Executed;
        last.fault = Fault::None;
        last.fault_addr = 0;
        last.pc = u.pc;
        last.word = last_word->word;
        last.instr = last_word->instr;
        last.cycles = last_word->cycles;
        last.write = write[slot ^ 1];
    }
    return burst;
}

} // namespace gb
