#include "sim/cpu/memory.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <optional>
#include <utility>

namespace gb {

std::string_view region_kind_name(RegionKind k) {
    switch (k) {
    case RegionKind::Trampoline: return "trampoline";
    case RegionKind::Code: return "code";
    case RegionKind::Data: return "data";
    case RegionKind::Heap: return "heap";
    case RegionKind::SharedLib: return "shared library";
    case RegionKind::Stack: return "stack";
    case RegionKind::Guard: return "guard";
    case RegionKind::Tls: return "thread-local";
    }
    return "?";
}

static_assert(std::endian::native == std::endian::little,
              "guest words are little-endian and are copied as host words");

std::shared_ptr<const DecodedCode> DecodedCode::of(const PagedBytes& bytes) {
    auto code = std::make_shared<DecodedCode>();
    code->words.resize(bytes.size() / 4);
    for (size_t i = 0; i < code->words.size(); ++i) {
        DecodedWord& d = code->words[i];
        d.word = bytes.read32(4 * i);
        if (std::optional<Instr> in = decode(d.word)) {
            d.instr = *in;
            d.cycles = op_info(in->op).cycles;
            d.valid = true;
        }
    }
    return code;
}

bool AddressSpace::map(Region r) {
    for (const Region& o : regions)
        if (r.base < o.end() && o.base < r.end()) return false;
    if (r.kind != RegionKind::Guard) r.bytes.resize(r.size, 0);
    r.decoded.reset(); // decoded again from its bytes when first fetched
    auto at = std::lower_bound(regions.begin(), regions.end(), r.base,
                               [](const Region& a, uint32_t b) { return a.base < b; });
    regions.insert(at, std::move(r));
    reindex();
    return true;
}

void AddressSpace::unmap(uint32_t base) {
    std::erase_if(regions, [&](const Region& r) { return r.base == base; });
    reindex();
}

void AddressSpace::resize(uint32_t base, uint32_t size) {
    for (Region& r : regions)
        if (r.base == base) {
            r.size = size;
            if (r.kind != RegionKind::Guard) r.bytes.resize(size, 0);
            written(r);
        }
    reindex();
}

void AddressSpace::reindex() {
    pages_ = filled_pages();
    for (size_t i = 0; i < regions.size(); ++i) {
        const Region& r = regions[i];
        if (r.size == 0) continue;
        uint32_t first = r.base >> kPageBits, last = (r.end() - 1) >> kPageBits;
        for (uint32_t p = first; p <= last && p < kPages; ++p) {
            uint8_t& e = pages_[p];
            e = e == kNoRegion && i < kManyRegions ? static_cast<uint8_t>(i) : kManyRegions;
        }
    }
}

const Region* AddressSpace::search(uint32_t addr) const {
    auto it = std::upper_bound(regions.begin(), regions.end(), addr,
                               [](uint32_t a, const Region& r) { return a < r.base; });
    if (it == regions.begin()) return nullptr;
    --it;
    return it->contains(addr) ? &*it : nullptr;
}

Access AddressSpace::fetch(uint32_t addr) const {
    const Region* r = nullptr;
    Access a = check(addr, 4, PermX, r);
    if (a.ok()) a.value = get32(*r, addr);
    return a;
}

bool AddressSpace::peek32(uint32_t addr, uint32_t& out) const {
    const Region* r = find(addr);
    if (!r || r->bytes.empty() || addr + 4 > r->end()) return false;
    out = get32(*r, addr);
    return true;
}

bool AddressSpace::peek8(uint32_t addr, uint8_t& out) const {
    const Region* r = find(addr);
    if (!r || r->bytes.empty()) return false;
    out = r->bytes[addr - r->base];
    return true;
}

bool AddressSpace::poke32(uint32_t addr, uint32_t value) {
    Region* r = find(addr);
    if (!r || r->bytes.empty() || addr + 4 > r->end()) return false;
    put32(*r, addr, value);
    written(*r);
    return true;
}

bool AddressSpace::poke8(uint32_t addr, uint8_t value) {
    Region* r = find(addr);
    if (!r || r->bytes.empty()) return false;
    r->bytes.write8(addr - r->base, value);
    written(*r);
    return true;
}

bool AddressSpace::read_string(uint32_t addr, std::string& out, size_t max) const {
    out.clear();
    for (size_t i = 0; i < max; ++i) {
        uint8_t c;
        if (!peek8(addr + static_cast<uint32_t>(i), c)) return false;
        if (c == 0) return true;
        out.push_back(static_cast<char>(c));
    }
    return true; // truncated at max
}

uint32_t AddressSpace::mapped_bytes() const {
    uint32_t n = 0;
    for (const Region& r : regions)
        if (r.kind != RegionKind::Guard) n += r.size;
    return n;
}

} // namespace gb
