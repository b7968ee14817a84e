#include "sim/cpu/memory.h"

#include <algorithm>
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

bool AddressSpace::map(Region r) {
    for (const Region& o : regions)
        if (r.base < o.end() && o.base < r.end()) return false;
    if (r.kind != RegionKind::Guard) r.bytes.resize(r.size, 0);
    auto at = std::lower_bound(regions.begin(), regions.end(), r.base,
                               [](const Region& a, uint32_t b) { return a.base < b; });
    regions.insert(at, std::move(r));
    return true;
}

void AddressSpace::unmap(uint32_t base) {
    std::erase_if(regions, [&](const Region& r) { return r.base == base; });
}

Region* AddressSpace::find(uint32_t addr) {
    return const_cast<Region*>(std::as_const(*this).find(addr));
}

const Region* AddressSpace::find(uint32_t addr) const {
    // Few regions (a dozen): a binary search keeps long runs cheap anyway.
    auto it = std::upper_bound(regions.begin(), regions.end(), addr,
                               [](uint32_t a, const Region& r) { return a < r.base; });
    if (it == regions.begin()) return nullptr;
    --it;
    return it->contains(addr) ? &*it : nullptr;
}

Access AddressSpace::check(uint32_t addr, uint32_t width, uint8_t perm, const Region*& r) const {
    if (width == 4 && (addr & 3)) return {Fault::Misaligned, 0};
    r = find(addr);
    if (!r) return {Fault::BadAddress, 0};
    if (r->kind == RegionKind::Guard) return {Fault::StackOverflow, 0};
    if (addr + width > r->end()) return {Fault::BadAddress, 0};
    if (!(r->perms & perm)) {
        if (perm == PermW) return {Fault::WriteToReadOnly, 0};
        if (perm == PermX) return {Fault::ExecuteNonCode, 0};
        return {Fault::BadAddress, 0};
    }
    return {};
}

static uint32_t get32(const Region& r, uint32_t addr) {
    const uint8_t* p = r.bytes.data() + (addr - r.base);
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

static void put32(Region& r, uint32_t addr, uint32_t v) {
    uint8_t* p = r.bytes.data() + (addr - r.base);
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<uint8_t>(v >> (8 * i));
}

Access AddressSpace::fetch(uint32_t addr) const {
    const Region* r = nullptr;
    Access a = check(addr, 4, PermX, r);
    if (a.ok()) a.value = get32(*r, addr);
    return a;
}

Access AddressSpace::load32(uint32_t addr) const {
    const Region* r = nullptr;
    Access a = check(addr, 4, PermR, r);
    if (a.ok()) a.value = get32(*r, addr);
    return a;
}

Access AddressSpace::load8(uint32_t addr) const {
    const Region* r = nullptr;
    Access a = check(addr, 1, PermR, r);
    if (a.ok()) a.value = r->bytes[addr - r->base];
    return a;
}

Fault AddressSpace::store32(uint32_t addr, uint32_t value) {
    const Region* r = nullptr;
    Access a = check(addr, 4, PermW, r);
    if (a.ok()) put32(const_cast<Region&>(*r), addr, value);
    return a.fault;
}

Fault AddressSpace::store8(uint32_t addr, uint8_t value) {
    const Region* r = nullptr;
    Access a = check(addr, 1, PermW, r);
    if (a.ok()) const_cast<Region&>(*r).bytes[addr - r->base] = value;
    return a.fault;
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
    return true;
}

bool AddressSpace::poke8(uint32_t addr, uint8_t value) {
    Region* r = find(addr);
    if (!r || r->bytes.empty()) return false;
    r->bytes[addr - r->base] = value;
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
