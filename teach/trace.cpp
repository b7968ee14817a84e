#include "teach/trace.h"

#include "sim/kernel/syscalls.h"

#include <fmt/format.h>

namespace gb {

std::string disassemble_at(const Machine& m, int pid, uint32_t word) {
    auto in = decode(word);
    if (!in) return fmt::format(".word {:#010x}", word);
    if (in->op == Op::Sys)
        if (const SyscallInfo* sc = syscall_info(in->imm)) return fmt::format("sys {}", sc->name);
    const Image* img = pid > 0 ? m.process(pid).image.get() : nullptr;
    if (!img) return disassemble(*in);
    return disassemble(*in, [img](uint32_t a) { return img->label_at(a); });
}

namespace {
// Values that point into the program print as addresses ("0x100c main+12"),
// others as signed numbers.
std::string value_text(const Machine& m, int pid, uint32_t v) {
    if (pid && v >= 0x0f00 && v < 0x80000 && m.process(pid).mem.find(v)) {
        const Image* img = m.process(pid).image.get();
        std::string sym = img ? img->describe_address(v) : "";
        return sym.empty() ? fmt::format("{:#x}", v) : fmt::format("{:#x} ({})", v, sym);
    }
    return fmt::format("{}", static_cast<int32_t>(v));
}
} // namespace

std::string describe_changes(const Machine& m, const StepResult& s) {
    std::string out;
    auto add = [&](const std::string& part) {
        if (!out.empty()) out += ", ";
        out += part;
    };
    for (int r = 0; r < kNumRegs; ++r) {
        uint32_t a = s.before.regs[static_cast<size_t>(r)],
                 b = s.after.regs[static_cast<size_t>(r)];
        if (a == b) continue;
        if (r == SP || r == FP || r == TP)
            add(fmt::format("{}: {:#x} → {:#x}", reg_name(r), a, b));
        else
            add(fmt::format("{}: {} → {}", reg_name(r), value_text(m, s.pid, a),
                            value_text(m, s.pid, b)));
    }
    const MemWrite& w = s.outcome.write;
    if (w.width) {
        std::string where;
        if (s.pid) {
            const Image* img = m.process(s.pid).image.get();
            std::string sym = img ? img->describe_address(w.addr) : "";
            const Region* r = m.process(s.pid).mem.find(w.addr);
            if (sym.empty() && r) sym = r->name; // e.g. "stack t1"
            where =
                sym.empty() ? fmt::format("{:#x}", w.addr) : fmt::format("{} {:#x}", sym, w.addr);
        }
        add(fmt::format("[{}]{}: {} → {}", where, w.width == 1 ? " byte" : "",
                        value_text(m, s.pid, w.old_value), value_text(m, s.pid, w.new_value)));
    }
    if (!(s.before.flags == s.after.flags))
        add(fmt::format("flags Z={} N={} C={}", int(s.after.flags.z), int(s.after.flags.n),
                        int(s.after.flags.c)));
    return out;
}

std::string trace_header() {
    return fmt::format("{:>8}  {:<4}{:<4}{:<9}{:<28}{}", "cycle", "cpu", "thr", "pc", "instruction",
                       "what changed");
}

std::string trace_line(const Machine& m, const StepResult& s) {
    std::string text =
        s.outcome.kind == StepKind::Fault && s.outcome.fault == Fault::IllegalInstruction
            ? fmt::format(".word {:#010x}", s.outcome.word)
            : disassemble_at(m, s.pid, s.outcome.word);
    std::string changes = describe_changes(m, s);
    if (s.outcome.kind == StepKind::Fault)
        changes = fmt::format("FAULT: {} (address {:#x})", fault_name(s.outcome.fault),
                              s.outcome.fault_addr);
    std::string src = m.source_line(s.pid, s.outcome.pc);
    size_t colon = src.find(": ");
    std::string where = colon == std::string::npos ? "" : src.substr(0, colon);
    size_t slash = where.find_last_of('/');
    if (slash != std::string::npos) where = where.substr(slash + 1);
    std::string line = fmt::format("{:>8}  c{:<3}t{:<3}{:#07x}  {:<28}{}", s.cycle, s.core, s.tid,
                                   s.outcome.pc, text, changes);
    if (!where.empty()) line += fmt::format("{}; {}", changes.empty() ? "" : "  ", where);
    return line;
}

} // namespace gb
