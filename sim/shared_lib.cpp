#include "shared_lib.h"

#include "assembler.h"
#include "isa.h"
#include "memlayout.h"
#include "program.h"

#include <filesystem>
#include <fmt/format.h>

namespace gb {

namespace {

uint32_t word_at(const std::vector<uint8_t>& b, size_t i) {
    return uint32_t(b[i]) | uint32_t(b[i + 1]) << 8 | uint32_t(b[i + 2]) << 16 | uint32_t(b[i + 3]) << 24;
}

void put_word(std::vector<uint8_t>& b, size_t i, uint32_t v) {
    for (size_t k = 0; k < 4; ++k) b[i + k] = static_cast<uint8_t>(v >> (8 * k));
}

// Same instruction apart from its immediate?
bool same_but_imm(const Instr& a, const Instr& b) {
    return a.op == b.op && a.rd == b.rd && a.ra == b.ra && a.rb == b.rb;
}

} // namespace

std::optional<Image> relocate_image(const Image& a, const Image& b, uint32_t shift, uint32_t base,
                                    std::string& error) {
    const std::string& file = a.files.empty() ? std::string("library") : a.files[0].path;
    if (!a.data.bytes.empty() || !a.tls.bytes.empty()) {
        error = fmt::format("{}: a shared library holds only code and constants (.text); move its "
                            ".data and .tls into the programs that use it", file);
        return std::nullopt;
    }
    const auto& ta = a.text.bytes;
    const auto& tb = b.text.bytes;
    if (tb.size() != ta.size() + shift) {
        error = fmt::format("{}: the library assembled to different sizes at two addresses", file);
        return std::nullopt;
    }
    Image out = a;
    const uint32_t delta = base - layout::kCodeBase;
    size_t i = 0;
    for (; i + 4 <= ta.size(); i += 4) {
        uint32_t wa = word_at(ta, i), wb = word_at(tb, i + shift);
        if (wa == wb) continue;
        uint32_t at = layout::kCodeBase + static_cast<uint32_t>(i);
        if (wb - wa != shift) {
            error = fmt::format("{}: the word at {:#x} depends on where the library is loaded in a way "
                                "the kernel cannot relocate", file, at);
            return std::nullopt;
        }
        uint32_t moved = wa + delta;
        auto ia = decode(wa);
        if (ia) { // an instruction that holds an address: the address must still fit its field
            auto im = decode(moved);
            if (!im || !same_but_imm(*ia, *im) || im->imm != ia->imm + static_cast<int32_t>(delta)) {
                error = fmt::format("{}: the instruction at {:#x} cannot hold a library address "
                                    "(use li to put the address in a register)", file, at);
                return std::nullopt;
            }
        }
        put_word(out.text.bytes, i, moved);
    }
    for (; i < ta.size(); ++i)
        if (ta[i] != tb[i + shift]) {
            error = fmt::format("{}: the byte at {:#x} depends on where the library is loaded", file,
                                layout::kCodeBase + i);
            return std::nullopt;
        }
    out.text.base = base;
    for (auto& [name, sym] : out.symbols)
        if (sym.kind == SymbolKind::Code) sym.value += static_cast<int32_t>(delta);
    out.lines.clear();
    for (const auto& [addr, loc] : a.lines) out.lines[addr + delta] = loc;
    out.entry = a.entry + delta;
    return out;
}

std::shared_ptr<const Image> assemble_library(const std::string& path, uint32_t base, std::string& error) {
    AsmOptions opts = default_asm_options(path);
    AsmResult a = assemble_file(path, opts);
    if (!a.ok()) {
        error = format_errors(a);
        return nullptr;
    }
    constexpr uint32_t kShift = 16;
    std::string abs = std::filesystem::absolute(path).string();
    std::string wrapper = fmt::format(".text\n.space {}\n.include \"{}\"\n", kShift, abs);
    AsmResult b = assemble(wrapper, path + " (relocation check)", opts);
    if (!b.ok()) {
        error = format_errors(b);
        return nullptr;
    }
    auto img = relocate_image(*a.image, *b.image, kShift, base, error);
    if (!img) return nullptr;
    return std::make_shared<const Image>(std::move(*img));
}

} // namespace gb
