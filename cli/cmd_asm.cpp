// asm, disasm and isa: looking at a program and the instruction set.
#include "cli.h"

#include "sim/asm/assembler.h"
#include "sim/isa/isa.h"
#include "sim/kernel/syscalls.h"
#include "teach/program.h"

#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gbcli {

namespace {
std::optional<gb::Image> assemble_or_report(const std::string& file) {
    gb::AsmResult r = gb::assemble_file(file, gb::default_asm_options(file));
    if (!r.ok()) {
        fmt::print(stderr, "{}", gb::format_errors(r));
        fmt::print(stderr, "{} error{} in {}\n", r.errors.size(), r.errors.size() == 1 ? "" : "s",
                   file);
        return std::nullopt;
    }
    return std::move(*r.image);
}

std::string_view symbol_kind(gb::SymbolKind k) {
    switch (k) {
    case gb::SymbolKind::Code: return "code";
    case gb::SymbolKind::Data: return "data";
    case gb::SymbolKind::Tls: return "tls";
    case gb::SymbolKind::Constant: return "constant";
    }
    return "?";
}
} // namespace

int cmd_asm(const AsmArgs& a) {
    auto img = assemble_or_report(a.file);
    if (!img) return kExitAsmError;
    if (!a.json) {
        fmt::print("{}", gb::listing(*img, [](int32_t n) {
                       const gb::SyscallInfo* sc = gb::syscall_info(n);
                       return sc ? std::string(sc->name) : std::string();
                   }));
        return kExitOk;
    }
    nlohmann::json j;
    j["entry"] = img->entry;
    auto seg = [](const gb::Segment& s) {
        return nlohmann::json{{"base", s.base}, {"size", s.bytes.size()}, {"bytes", s.bytes}};
    };
    j["text"] = seg(img->text);
    j["data"] = seg(img->data);
    j["tls"] = seg(img->tls);
    for (const auto& [name, sym] : img->symbols)
        j["symbols"][name] = {
            {"kind", symbol_kind(sym.kind)}, {"value", sym.value}, {"line", sym.where.line}};
    fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return kExitOk;
}

int cmd_disasm(const AsmArgs& a) {
    auto img = assemble_or_report(a.file);
    if (!img) return kExitAsmError;
    fmt::print("{}", gb::disassemble_image(*img));
    return kExitOk;
}

int cmd_isa(bool korean) {
    std::string_view group;
    for (const gb::OpInfo& op : gb::isa_table()) {
        if (op.group != group) {
            group = op.group;
            fmt::print("\n{}:\n", group);
        }
        // Show the operand pattern by disassembling a sample instruction.
        gb::Instr sample{op.op, 1, 2, 3, 8};
        if (op.syntax == gb::Syntax::Target || op.syntax == gb::Syntax::D_MemAbs)
            sample.imm = 0x1000;
        fmt::print("  {:<26} {} cycle{}  {}\n", gb::disassemble(sample), op.cycles,
                   op.cycles == 1 ? " " : "s", korean ? op.explain_ko : op.explain_en);
    }
    fmt::print("\nsystem calls (sys NAME; arguments in r1..r3 (r4 for a few), result in r0):\n");
    for (const gb::SyscallInfo& s : gb::syscall_table())
        fmt::print("  {:>2} {:<16} {:<26} {}\n", s.number, s.name, s.args,
                   korean ? s.explain_ko : s.explain_en);
    return kExitOk;
}

} // namespace gbcli
