// An address space: a list of regions (code, data, heap, shared libraries,
// and per thread a stack with a guard gap below it and a thread-local
// block). The layout is in memlayout.h. Protection is enforced here; an
// access outside every region is a fault. The region table is what the
// dashboard draws as the address-space picture.
#pragma once

#include "sim/cpu/fault.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gb {

enum class RegionKind : uint8_t { Trampoline, Code, Data, Heap, SharedLib, Stack, Guard, Tls };
std::string_view region_kind_name(RegionKind k);

enum Perm : uint8_t { PermR = 1, PermW = 2, PermX = 4 };

struct Region {
    std::string name; // "code", "data", "heap", "stack t2", "tls t2", "lib print.s"
    RegionKind kind = RegionKind::Data;
    uint32_t base = 0;
    uint32_t size = 0;
    uint8_t perms = 0;          // PermR | PermW | PermX; a guard has none
    int tid = 0;                // owning thread for stacks, guards and TLS; 0 otherwise
    bool shared = false;        // mapped into several processes (shared libraries)
    std::vector<uint8_t> bytes; // size bytes (empty for guards)

    bool contains(uint32_t addr) const { return addr >= base && addr - base < size; }
    uint32_t end() const { return base + size; }
};

// The outcome of one guest memory access.
struct Access {
    Fault fault = Fault::None;
    uint32_t value = 0;
    bool ok() const { return fault == Fault::None; }
};

class AddressSpace {
  public:
    std::vector<Region> regions; // sorted by base, non-overlapping

    // Adds a region; returns false if it overlaps another.
    bool map(Region r);
    void unmap(uint32_t base);
    Region* find(uint32_t addr);
    const Region* find(uint32_t addr) const;

    // Guest accesses, with protection and alignment checks.
    Access fetch(uint32_t addr) const;
    Access load32(uint32_t addr) const;
    Access load8(uint32_t addr) const;
    Fault store32(uint32_t addr, uint32_t value);
    Fault store8(uint32_t addr, uint8_t value);

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
    Access check(uint32_t addr, uint32_t width, uint8_t perm, const Region*& r) const;
};

} // namespace gb
