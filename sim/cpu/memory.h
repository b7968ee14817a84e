// An address space: a list of regions (code, data, heap, shared libraries,
// and per thread a stack with a guard gap below it and a thread-local
// block). The layout is in memlayout.h. Protection is enforced here; an
// access outside every region is a fault. The region table is what the
// dashboard draws as the address-space picture.
//
// Two things make guest accesses cheap without changing what they do:
// - a page table from each 256-byte page to the one region that covers it
//   (an index, not a pointer, so a copied address space stays valid), so
//   finding the region of an address takes constant time;
// - each executable region keeps its words decoded once (DecodedCode),
//   immutable and shared by every copy of the region. The words stay in
//   guest memory: the cache is dropped whenever the kernel writes into the
//   region, and a word that is not an instruction faults when fetched,
//   exactly as decoding it again would.
#pragma once

#include "sim/cpu/fault.h"
#include "sim/cpu/paged_bytes.h"
#include "sim/isa/isa.h"
#include "sim/isa/memlayout.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace gb {

enum class RegionKind : uint8_t { Trampoline, Code, Data, Heap, SharedLib, Stack, Guard, Tls };
std::string_view region_kind_name(RegionKind k);

enum Perm : uint8_t { PermR = 1, PermW = 2, PermX = 4 };

struct DecodedCode;

struct Region {
    std::string name; // "code", "data", "heap", "stack t2", "tls t2", "lib print.s"
    RegionKind kind = RegionKind::Data;
    uint32_t base = 0;
    uint32_t size = 0;
    uint8_t perms = 0;   // PermR | PermW | PermX; a guard has none
    int tid = 0;         // owning thread for stacks, guards and TLS; 0 otherwise
    bool shared = false; // mapped into several processes (shared libraries)
    PagedBytes bytes;    // size bytes (empty for guards), pages shared between copies
    // The words decoded (executable regions only; null until first needed
    // or after the kernel wrote into the region).
    std::shared_ptr<const DecodedCode> decoded;

    bool contains(uint32_t addr) const { return addr >= base && addr - base < size; }
    uint32_t end() const { return base + size; }
};

// One word of an executable region, decoded once.
struct DecodedWord {
    uint32_t word = 0;
    Instr instr;        // valid only when `valid`
    uint8_t cycles = 0; // the instruction's cost (op_info)
    bool valid = false; // false: the word is not an instruction (fetching it faults)
};

// The decoded words of one region, indexed by (address - base) / 4.
struct DecodedCode {
    std::vector<DecodedWord> words;
    static std::shared_ptr<const DecodedCode> of(const PagedBytes& bytes);
};

// The outcome of one guest memory access.
struct Access {
    Fault fault = Fault::None;
    uint32_t value = 0;
    bool ok() const { return fault == Fault::None; }
};

class AddressSpace {
  public:
    // Sorted by base, non-overlapping. Change it through map, unmap and
    // resize; code that edits it directly must call reindex() afterwards.
    std::vector<Region> regions;

    // Adds a region; returns false if it overlaps another.
    bool map(Region r);
    void unmap(uint32_t base);
    // Grows or shrinks the region at `base` (new bytes are zero).
    void resize(uint32_t base, uint32_t size);
    // Rebuilds the page table after `regions` was edited directly.
    void reindex();

    Region* find(uint32_t addr) {
        return const_cast<Region*>(static_cast<const AddressSpace&>(*this).find(addr));
    }
    const Region* find(uint32_t addr) const {
        uint32_t page = addr >> kPageBits;
        if (page < kPages) {
            uint8_t i = pages_[page];
            if (i == kNoRegion) return nullptr;
            if (i != kManyRegions) {
                const Region& r = regions[i];
                return r.contains(addr) ? &r : nullptr;
            }
        }
        return search(addr);
    }

    // Guest accesses, with protection and alignment checks.
    Access fetch(uint32_t addr) const;
    Access load32(uint32_t addr) const {
        const Region* r = nullptr;
        Access a = check(addr, 4, PermR, r);
        if (a.ok()) a.value = get32(*r, addr);
        return a;
    }
    Access load8(uint32_t addr) const {
        const Region* r = nullptr;
        Access a = check(addr, 1, PermR, r);
        if (a.ok()) a.value = r->bytes[addr - r->base];
        return a;
    }
    // Stores; on success `old` receives the value overwritten.
    Fault store32(uint32_t addr, uint32_t value, uint32_t& old) {
        const Region* r = nullptr;
        Access a = check(addr, 4, PermW, r);
        if (!a.ok()) return a.fault;
        Region& w = const_cast<Region&>(*r);
        if (w.perms & PermX) written(w); // writable code (no region today): stale decode
        old = w.bytes.write32(addr - w.base, value);
        return Fault::None;
    }
    Fault store8(uint32_t addr, uint8_t value, uint8_t& old) {
        const Region* r = nullptr;
        Access a = check(addr, 1, PermW, r);
        if (!a.ok()) return a.fault;
        Region& w = const_cast<Region&>(*r);
        if (w.perms & PermX) written(w);
        old = w.bytes.write8(addr - w.base, value);
        return Fault::None;
    }
    Fault store32(uint32_t addr, uint32_t value) {
        uint32_t old = 0;
        return store32(addr, value, old);
    }
    Fault store8(uint32_t addr, uint8_t value) {
        uint8_t old = 0;
        return store8(addr, value, old);
    }

    // The decoded instruction at `pc` when `pc` is an aligned address in an
    // executable region (decoding the region on first use); nullptr
    // otherwise, and then fetch() says which fault it is. An entry that is
    // not `valid` is an illegal instruction.
    const DecodedWord* decoded_at(uint32_t pc) {
        Region* r = find(pc);
        if (!r || (pc & 3) || !(r->perms & PermX) || pc - r->base + 4 > r->size) return nullptr;
        if (!r->decoded) r->decoded = DecodedCode::of(r->bytes);
        return &r->decoded->words[(pc - r->base) >> 2];
    }

    // The decoded words of the executable region holding `pc` (decoding it on
    // first use), and the region's base; nullptr if `pc` is not in one.
    // It stays owned by the region: valid until the region is written or unmapped.
    const DecodedCode* code_at(uint32_t pc, uint32_t& base) {
        Region* r = find(pc);
        if (!r || !(r->perms & PermX)) return nullptr;
        if (!r->decoded) r->decoded = DecodedCode::of(r->bytes);
        base = r->base;
        return r->decoded.get();
    }

    // Host-side (kernel, loader, dashboard) access that ignores permissions.
    bool peek32(uint32_t addr, uint32_t& out) const;
    bool peek8(uint32_t addr, uint8_t& out) const;
    bool poke32(uint32_t addr, uint32_t value);
    bool poke8(uint32_t addr, uint8_t value);
    // Reads a NUL-terminated string of at most max bytes; false if it runs off mapped memory.
    bool read_string(uint32_t addr, std::string& out, size_t max = 4096) const;

    // Total mapped bytes (for the memory limit).
    uint32_t mapped_bytes() const;

  private:
    static constexpr uint32_t kPageBits = 8; // 256-byte pages: the trampoline's size
    static constexpr uint32_t kPages = layout::kAddressLimit >> kPageBits;
    static constexpr uint8_t kNoRegion = 0xFF;    // no region touches the page
    static constexpr uint8_t kManyRegions = 0xFE; // several do: search them
    // pages_[addr >> kPageBits]: the index in `regions` of the one region
    // touching that page, or one of the two markers above.
    std::array<uint8_t, kPages> pages_ = filled_pages();
    static constexpr std::array<uint8_t, kPages> filled_pages() {
        std::array<uint8_t, kPages> a{};
        a.fill(kNoRegion);
        return a;
    }

    const Region* search(uint32_t addr) const;
    Access check(uint32_t addr, uint32_t width, uint8_t perm, const Region*& r) const {
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
    // Words are little-endian in guest memory, as on the host (checked in memory.cpp).
    static uint32_t get32(const Region& r, uint32_t addr) { return r.bytes.read32(addr - r.base); }
    static void put32(Region& r, uint32_t addr, uint32_t v) { r.bytes.write32(addr - r.base, v); }
    // A write by the kernel into an executable region: its decoded words are stale.
    static void written(Region& r) {
        if (r.decoded) r.decoded.reset();
    }
};

} // namespace gb
