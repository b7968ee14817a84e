#include "teach/memory_view.h"
#include "teach/viewmodel.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

namespace gb::view {

namespace {

bool valid_pid(const Machine& m, int pid) {
    return pid >= 1 && pid <= static_cast<int>(m.processes.size());
}

uint32_t word_at(const Region& r, uint32_t addr) {
    size_t o = addr - r.base;
    uint32_t v = 0;
    for (size_t k = 0; k < 4 && o + k < r.bytes.size(); ++k)
        v |= static_cast<uint32_t>(r.bytes[o + k]) << (8 * k);
    return v;
}

std::string trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return std::string(s);
}

std::optional<uint32_t> parse_number(std::string_view s) {
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s.remove_prefix(2);
        base = 16;
    }
    uint32_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

} // namespace

std::vector<size_t> memory_regions(const Machine& m, int pid) {
    std::vector<size_t> out;
    if (!valid_pid(m, pid)) return out;
    const auto& regions = m.process(pid).mem.regions;
    for (size_t i = 0; i < regions.size(); ++i)
        if (!regions[i].bytes.empty()) out.push_back(i);
    return out;
}

std::optional<size_t> region_at(const Machine& m, int pid, uint32_t addr) {
    for (size_t i : memory_regions(m, pid))
        if (m.process(pid).mem.regions[i].contains(addr)) return i;
    return std::nullopt;
}

MemoryView memory_view(const Machine& m, int pid, size_t region, uint32_t from, size_t max_lines,
                       uint32_t words_per_line) {
    const uint32_t span = 4 * (words_per_line == 1 || words_per_line == 2 ? words_per_line : 4);
    MemoryView v;
    v.pid = pid;
    v.region = region;
    if (!valid_pid(m, pid)) return v;
    const Process& p = m.process(pid);
    if (region >= p.mem.regions.size() || p.mem.regions[region].bytes.empty()) return v;
    const Region& r = p.mem.regions[region];
    v.region_name = r.name;
    v.base = r.base;
    v.end = r.end();

    std::map<uint32_t, std::string> labels = word_labels(p, r);
    for (int tid : p.threads) {
        const Thread& t = m.thread(tid);
        if (t.state == ThreadState::Done) continue;
        const Context& c = m.context_of(tid);
        if (r.contains(c.pc)) v.marks.push_back({tid, true, c.pc});
        if (r.contains(c.regs[SP])) v.marks.push_back({tid, false, c.regs[SP]});
    }

    uint32_t start = r.contains(from) ? (from - r.base) / span * span + r.base : r.base;
    for (uint32_t a = start; a < r.end() && v.lines.size() < max_lines; a += span) {
        MemoryLine line;
        line.addr = a;
        for (uint32_t w = a; w < std::min(a + span, r.end()); w += 4) {
            MemoryWord word;
            word.addr = w;
            word.value = word_at(r, w);
            if (auto it = labels.find(w); it != labels.end()) word.symbol = it->second;
            for (const MemoryMark& mk : v.marks)
                if (mk.addr >= w && mk.addr < w + 4) word.marks.push_back(mk);
            for (const Watch& k : m.watches)
                if ((k.pid == 0 || k.pid == pid) && k.addr == w) {
                    word.watched = true;
                    if (k.writes > 0) word.last = &k.last;
                }
            line.words.push_back(std::move(word));
        }
        for (uint32_t b = a; b < std::min(a + span, r.end()); ++b) {
            uint8_t c = r.bytes[b - r.base];
            line.text += c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.';
        }
        v.lines.push_back(std::move(line));
    }
    return v;
}

std::optional<uint32_t> parse_memory_address(const Machine& m, int pid, std::string_view text,
                                             AddressError& error, std::string& what) {
    std::string s = trim(text);
    error = AddressError::None;
    what = s;
    if (s.empty()) {
        error = AddressError::Empty;
        return std::nullopt;
    }
    if (std::isdigit(static_cast<unsigned char>(s[0]))) {
        if (auto a = parse_number(s)) return a;
        error = AddressError::NotNumber;
        return std::nullopt;
    }
    // A label, with an optional +offset.
    std::string name = s;
    uint32_t offset = 0;
    if (size_t plus = s.find('+'); plus != std::string::npos) {
        name = trim(std::string_view(s).substr(0, plus));
        auto o = parse_number(trim(std::string_view(s).substr(plus + 1)));
        if (!o) {
            error = AddressError::BadOffset;
            return std::nullopt;
        }
        offset = *o;
    }
    const Symbol* sym =
        valid_pid(m, pid) && m.process(pid).image ? m.process(pid).image->find(name) : nullptr;
    if (!sym || (sym->kind != SymbolKind::Code && sym->kind != SymbolKind::Data)) {
        error = AddressError::NoLabel;
        what = name;
        return std::nullopt;
    }
    return static_cast<uint32_t>(sym->value) + offset;
}

} // namespace gb::view
