// From an Image back to text: disassemble_image (source that assembles to
// the same bytes) and listing (addresses, encodings and source lines side
// by side, for students).
#include "sim/asm/assembler.h"

#include "sim/isa/isa.h"
#include "sim/isa/memlayout.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <string>
#include <vector>

namespace gb {

namespace {

using LabelMap = std::map<uint32_t, std::vector<std::string>>; // address → names (sorted)

LabelMap labels_of(const Image& img, SymbolKind kind) {
    LabelMap m;
    for (const auto& [name, sym] : img.symbols)
        if (sym.kind == kind) m[static_cast<uint32_t>(sym.value)].push_back(name);
    return m;
}

uint32_t word_at(const std::vector<uint8_t>& b, size_t pos) {
    return uint32_t{b[pos]} | uint32_t{b[pos + 1]} << 8 | uint32_t{b[pos + 2]} << 16 |
           uint32_t{b[pos + 3]} << 24;
}

bool printable_char(uint8_t c) {
    return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t';
}

std::string escape_string(const std::vector<uint8_t>& b, size_t from, size_t to) {
    std::string s;
    for (size_t i = from; i < to; ++i) {
        char c = static_cast<char>(b[i]);
        switch (c) {
        case '\n': s += "\\n"; break;
        case '\t': s += "\\t"; break;
        case '\\': s += "\\\\"; break;
        case '"': s += "\\\""; break;
        default: s += c;
        }
    }
    return s;
}

// Shared state for printing one image.
struct Printer {
    const Image& img;
    LabelMap code = labels_of(img, SymbolKind::Code);
    LabelMap data = labels_of(img, SymbolKind::Data);
    LabelMap tls = labels_of(img, SymbolKind::Tls);
    Symbolizer symbolize;

    explicit Printer(const Image& image) : img(image) {
        symbolize = [this](uint32_t addr) -> std::string {
            for (const LabelMap* m : {&code, &data}) {
                auto it = m->find(addr);
                if (it != m->end()) return it->second.front();
            }
            return "";
        };
    }

    uint32_t text_end() const {
        return img.text.base + static_cast<uint32_t>(img.text.bytes.size());
    }

    // The instruction text for a word in .text, if the assembler would take
    // it back unchanged (a jump must land on code).
    std::optional<std::string> instruction(uint32_t word) const {
        auto in = decode(word);
        if (!in) return std::nullopt;
        if (op_info(in->op).syntax == Syntax::Target) {
            auto t = static_cast<uint32_t>(in->imm);
            bool in_text = t >= img.text.base && t < text_end() && t % 4 == 0;
            if (!in_text && !code.contains(t)) return std::nullopt;
        }
        return disassemble(*in, symbolize);
    }

    // A data word, as a label when it points at one (tables of callbacks).
    std::string data_word(uint32_t w) const {
        if (w >= layout::kCodeBase) {
            std::string s = symbolize(w);
            if (!s.empty()) return s;
        }
        auto v = static_cast<int32_t>(w);
        if (v > -65536 && v < 65536) return fmt::format("{}", v);
        return fmt::format("0x{:08x}", w);
    }
};

// Source text for one segment. Runs of bytes never cross a label.
void emit_segment(std::string& out, const Printer& p, const Segment& seg, const LabelMap& labels,
                  std::string_view name) {
    const auto& b = seg.bytes;
    auto first = labels.lower_bound(seg.base);
    if (b.empty() && first == labels.end()) return;
    out += fmt::format("\n{}\n", name);
    size_t pos = 0;
    while (pos < b.size()) {
        uint32_t addr = seg.base + static_cast<uint32_t>(pos);
        if (auto it = labels.find(addr); it != labels.end())
            for (const auto& l : it->second)
                out += fmt::format("{}:\n", l);
        auto next = labels.upper_bound(addr);
        size_t limit = b.size();
        if (next != labels.end()) limit = std::min<size_t>(limit, next->first - seg.base);
        bool aligned = pos % 4 == 0 && pos + 4 <= limit;
        if (seg.kind == SegmentKind::Text && aligned) {
            uint32_t w = word_at(b, pos);
            if (auto text = p.instruction(w))
                out += fmt::format("    {}\n", *text);
            else
                out += fmt::format("    .word 0x{:08x}\n", w);
            pos += 4;
            continue;
        }
        if (seg.kind != SegmentKind::Text) {
            // Text ending in a NUL reads back best as .string.
            size_t q = pos;
            while (q < limit && printable_char(b[q]))
                ++q;
            if (q < limit && b[q] == 0 && q - pos >= 2) {
                out += fmt::format("    .string \"{}\"\n", escape_string(b, pos, q));
                pos = q + 1;
                continue;
            }
            // A long run of zeros is a .space.
            q = pos;
            while (q < limit && b[q] == 0)
                ++q;
            if (q - pos >= 8) {
                out += fmt::format("    .space {}\n", q - pos);
                pos = q;
                continue;
            }
            if (aligned) {
                out += fmt::format("    .word {}\n", p.data_word(word_at(b, pos)));
                pos += 4;
                continue;
            }
        }
        // Odd bytes: up to the next word boundary (or the label).
        size_t end = std::min(limit, (pos / 4 + 1) * 4);
        std::string bytes;
        for (size_t i = pos; i < end; ++i)
            bytes += fmt::format("{}{}", i == pos ? "" : ", ", b[i]);
        out += fmt::format("    .byte {}\n", bytes);
        pos = end;
    }
    for (auto it = labels.lower_bound(seg.base + static_cast<uint32_t>(b.size()));
         it != labels.end(); ++it)
        for (const auto& l : it->second)
            out += fmt::format("{}:\n", l);
}

std::string source_of(const Image& img, const SourceLoc& loc) {
    if (loc.file < 0 || static_cast<size_t>(loc.file) >= img.files.size()) return "";
    const SourceFile& f = img.files[static_cast<size_t>(loc.file)];
    std::string text;
    if (loc.line >= 1 && static_cast<size_t>(loc.line) <= f.lines.size())
        text = f.lines[static_cast<size_t>(loc.line - 1)];
    size_t b = text.find_first_not_of(" \t");
    text = b == std::string::npos ? "" : text.substr(b);
    std::string file = f.path;
    if (auto slash = file.find_last_of('/'); slash != std::string::npos)
        file = file.substr(slash + 1);
    return fmt::format("{}:{}  {}", file, loc.line, text);
}

} // namespace

std::string disassemble_image(const Image& img) {
    Printer p(img);
    std::string out = "; disassembled by Glassbox\n";
    bool any_const = false;
    for (const auto& [name, sym] : img.symbols)
        if (sym.kind == SymbolKind::Constant) {
            if (!any_const) out += "\n";
            any_const = true;
            out += fmt::format(".equ {}, {}\n", name, sym.value);
        }
    emit_segment(out, p, img.text, p.code, ".text");
    emit_segment(out, p, img.data, p.data, ".data");
    emit_segment(out, p, img.tls, p.tls, ".tls");
    return out;
}

std::string listing(const Image& img, const std::function<std::string(int32_t)>& syscall_name) {
    Printer p(img);
    std::string out;
    std::optional<SourceLoc> last;
    auto line = [&](uint32_t addr_shown, bool tls, std::string_view enc, std::string_view what,
                    std::optional<SourceLoc> loc) {
        std::string src;
        if (loc && !(last && last->file == loc->file && last->line == loc->line))
            src = "; " + source_of(img, *loc);
        if (loc) last = loc;
        std::string a =
            tls ? fmt::format("tp+0x{:03x}", addr_shown) : fmt::format("0x{:05x}", addr_shown);
        std::string row = fmt::format("  {:<9} {:<11}  {:<26}  {}", a, enc, what, src);
        while (!row.empty() && row.back() == ' ')
            row.pop_back();
        out += row + "\n";
    };
    auto labels_at = [&](const LabelMap& m, uint32_t addr) {
        if (auto it = m.find(addr); it != m.end())
            for (const auto& l : it->second)
                out += fmt::format("{}:\n", l);
    };

    // Code: one line per word.
    const auto& t = img.text.bytes;
    out += fmt::format("; .text  code at 0x{:05x}, {} bytes, entry 0x{:05x}\n", img.text.base,
                       t.size(), img.entry);
    for (size_t pos = 0; pos < t.size(); pos += 4) {
        uint32_t addr = img.text.base + static_cast<uint32_t>(pos);
        labels_at(p.code, addr);
        if (pos + 4 > t.size()) { // the segment ends in odd bytes
            std::string enc;
            for (size_t i = pos; i < t.size(); ++i)
                enc += fmt::format("{}{:02x}", i == pos ? "" : " ", t[i]);
            line(addr, false, enc, ".byte", img.line_of(addr));
            continue;
        }
        uint32_t w = word_at(t, pos);
        auto in = decode(w);
        std::string text = in ? disassemble(*in, p.symbolize) : std::string("(not an instruction)");
        if (in && in->op == Op::Sys && syscall_name)
            if (std::string name = syscall_name(in->imm); !name.empty()) text = "sys " + name;
        line(addr, false, fmt::format("{:08x}", w), text, img.line_of(addr));
    }

    // Data: one line per word (a label starts a new line).
    auto data_rows = [&](const Segment& seg, const LabelMap& labels, bool tls) {
        const auto& b = seg.bytes;
        size_t pos = 0;
        while (pos < b.size()) {
            uint32_t addr = seg.base + static_cast<uint32_t>(pos);
            labels_at(labels, addr);
            size_t end = std::min(b.size(), (pos / 4 + 1) * 4);
            auto next = labels.upper_bound(addr);
            if (next != labels.end()) end = std::min<size_t>(end, next->first - seg.base);
            // Collapse a run of zero words into one line.
            if (pos % 4 == 0 && pos > 0 && end - pos == 4 && word_at(b, pos) == 0 &&
                word_at(b, pos - 4) == 0 && !labels.contains(addr - 4)) {
                size_t q = pos;
                while (q + 4 <= b.size() && word_at(b, q) == 0 &&
                       !labels.contains(seg.base + static_cast<uint32_t>(q)) &&
                       (tls || !img.lines.contains(seg.base + static_cast<uint32_t>(q))))
                    q += 4;
                if (q - pos >= 8) {
                    out += fmt::format("  {:<9} ... {} more zero bytes\n", "", q - pos);
                    pos = q;
                    continue;
                }
            }
            std::string enc, ascii;
            size_t shown = 0;
            bool text = true;
            for (size_t i = pos; i < end; ++i) {
                enc += fmt::format("{}{:02x}", i == pos ? "" : " ", b[i]);
                uint8_t c = b[i];
                if (c >= 0x20 && c < 0x7f)
                    ascii += static_cast<char>(c), ++shown;
                else if (c == '\n')
                    ascii += "\\n", ++shown;
                else if (c == '\t')
                    ascii += "\\t", ++shown;
                else if (c == 0)
                    ascii += "\\0";
                else
                    ascii += fmt::format("\\x{:02x}", c), text = false;
            }
            text = text && shown >= 2;
            std::string what = fmt::format("\"{}\"", ascii);
            if (end - pos == 4 && pos % 4 == 0 && !text) {
                uint32_t w = word_at(b, pos);
                std::string label = w >= layout::kCodeBase ? p.symbolize(w) : "";
                what = label.empty() ? fmt::format(".word {}", static_cast<int32_t>(w))
                                     : fmt::format(".word {}", label);
            }
            std::optional<SourceLoc> loc;
            if (!tls) {
                auto it = img.lines.lower_bound(addr);
                if (it != img.lines.end() && it->first < seg.base + end) loc = it->second;
            }
            line(addr, tls, enc, what, loc);
            pos = end;
        }
    };
    if (!img.data.bytes.empty()) {
        out += fmt::format("\n; .data  globals at 0x{:05x}, {} bytes\n", img.data.base,
                           img.data.bytes.size());
        data_rows(img.data, p.data, false);
    }
    if (!img.tls.bytes.empty()) {
        out += fmt::format("\n; .tls  every thread's own copy, at tp + offset, {} bytes\n",
                           img.tls.bytes.size());
        data_rows(img.tls, p.tls, true);
    }
    bool any_const = false;
    for (const auto& [name, sym] : img.symbols)
        if (sym.kind == SymbolKind::Constant) {
            if (!any_const) out += "\n; constants\n";
            any_const = true;
            out += fmt::format("  {} = {}\n", name, sym.value);
        }
    return out;
}

} // namespace gb
