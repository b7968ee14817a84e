#include "sim/isa/image.h"

#include <fmt/format.h>

namespace gb {

std::string Image::label_at(uint32_t addr) const {
    for (const auto& [name, sym] : symbols)
        if ((sym.kind == SymbolKind::Code || sym.kind == SymbolKind::Data) &&
            static_cast<uint32_t>(sym.value) == addr)
            return name;
    return "";
}

std::string Image::describe_address(uint32_t addr) const {
    const Symbol* best = nullptr;
    for (const auto& [name, sym] : symbols) {
        if (sym.kind != SymbolKind::Code && sym.kind != SymbolKind::Data) continue;
        uint32_t v = static_cast<uint32_t>(sym.value);
        if (v <= addr && (!best || v > static_cast<uint32_t>(best->value))) best = &sym;
    }
    if (!best) return "";
    const Segment& seg = best->kind == SymbolKind::Code ? text : data;
    uint32_t v = static_cast<uint32_t>(best->value);
    if (addr != v && addr >= seg.base + seg.bytes.size()) return ""; // past the segment's end
    uint32_t off = addr - static_cast<uint32_t>(best->value);
    return off == 0 ? best->name : fmt::format("{}+{}", best->name, off);
}

} // namespace gb
