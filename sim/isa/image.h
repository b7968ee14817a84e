// What the assembler produces and the kernel loads: segments of bytes at
// their addresses, the symbol table, and the address → source line map.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gb {

struct SourceLoc {
    int file = -1;  // index into Image::files (or the error's file list)
    int line = 0;   // 1-based
    int column = 0; // 1-based
};

enum class SegmentKind : uint8_t { Text, Data, Tls };

struct Segment {
    SegmentKind kind = SegmentKind::Text;
    uint32_t base = 0; // for Tls: 0 (symbols are offsets from tp)
    std::vector<uint8_t> bytes;
};

enum class SymbolKind : uint8_t { Code, Data, Tls, Constant };

struct Symbol {
    std::string name;
    SymbolKind kind = SymbolKind::Code;
    int32_t value = 0; // address; TLS offset; or the constant's value
    SourceLoc where;
};

struct SourceFile {
    std::string path;               // as given / as resolved for includes
    std::vector<std::string> lines; // the text, for listings and the code panel
};

struct Image {
    std::vector<SourceFile> files; // files[0] is the main file
    Segment text{SegmentKind::Text, 0, {}};
    Segment data{SegmentKind::Data, 0, {}};
    Segment tls{SegmentKind::Tls, 0, {}}; // the initial contents of every thread's TLS block
    std::map<std::string, Symbol> symbols;
    std::map<uint32_t, SourceLoc>
        lines;          // address of each instruction/data item → where it came from
    uint32_t entry = 0; // address of `main`, else the start of .text

    const Symbol* find(const std::string& name) const {
        auto it = symbols.find(name);
        return it == symbols.end() ? nullptr : &it->second;
    }
    // The source line that produced the word at addr, if any.
    std::optional<SourceLoc> line_of(uint32_t addr) const {
        auto it = lines.find(addr);
        if (it == lines.end()) return std::nullopt;
        return it->second;
    }
    // The label at exactly this address (code or data), or "".
    std::string label_at(uint32_t addr) const;
    // "label" or "label+8" for an address inside code or data, or "".
    std::string describe_address(uint32_t addr) const;
};

} // namespace gb
