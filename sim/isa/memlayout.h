// The virtual address space of every Glassbox process, in one place (as
// xv6's memlayout.h). Addresses are 20 bits wide (0x00000..0x7ffff), so
// every address fits the signed 20-bit immediate of `li` and of absolute
// loads and stores: one instruction reaches any variable.
//
//   0x7ffff ┌──────────────────────────┐
//           │ thread slot 0: TLS block │  each slot: TLS at the top,
//           │   stack (grows down)     │  the stack below it,
//           │   guard gap (unmapped)   │  a guard gap at the bottom
//           ├──────────────────────────┤
//           │ thread slot 1 ...        │  one slot per thread, downwards
//   0x50000 ├──────────────────────────┤
//           │ shared libraries (r-x)   │  mapped into every process that uses them
//   0x40000 ├──────────────────────────┤
//           │ heap (rw-, grows up)     │  sbrk moves its end
//   0x20000 ├──────────────────────────┤
//           │ data: globals (rw-)      │  .data
//   0x10000 ├──────────────────────────┤
//           │ code (r-x)               │  .text; main is the entry point
//   0x01000 ├──────────────────────────┤
//           │ kernel trampoline (r-x)  │  where main and thread functions return to
//   0x00f00 ├──────────────────────────┤
//           │ null page (unmapped)     │  so that a null pointer faults
//   0x00000 └──────────────────────────┘
#pragma once

#include <cstdint>

namespace gb::layout {

constexpr uint32_t kAddressLimit = 0x80000; // first address past the space

constexpr uint32_t kTrampolineBase = 0x00f00;
constexpr uint32_t kTrampolineSize = 0x00100;
constexpr uint32_t kCodeBase = 0x01000;
constexpr uint32_t kCodeLimit = 0x10000;
constexpr uint32_t kDataBase = 0x10000;
constexpr uint32_t kDataLimit = 0x20000;
constexpr uint32_t kHeapBase = 0x20000;
constexpr uint32_t kHeapLimit = 0x40000;
constexpr uint32_t kLibBase = 0x40000;
constexpr uint32_t kLibLimit = 0x50000;

// Thread slots, counted down from the top of the address space.
constexpr uint32_t kSlotsBase = 0x50000;
constexpr uint32_t kSlotSize = 0x4000;  // 16 KiB per thread
constexpr uint32_t kTlsSize = 0x400;    // 1 KiB thread-local block at the top of the slot
constexpr uint32_t kGuardSize = 0x1000; // 4 KiB unmapped guard gap at the bottom
constexpr uint32_t kStackSize = kSlotSize - kTlsSize - kGuardSize;
constexpr int kMaxThreadSlots = static_cast<int>((kAddressLimit - kSlotsBase) / kSlotSize); // 12

constexpr uint32_t slot_top(int slot) {
    return kAddressLimit - static_cast<uint32_t>(slot) * kSlotSize;
}
constexpr uint32_t tls_base(int slot) {
    return slot_top(slot) - kTlsSize;
}
constexpr uint32_t stack_top(int slot) {
    return tls_base(slot);
} // initial sp
constexpr uint32_t stack_base(int slot) {
    return stack_top(slot) - kStackSize;
}
constexpr uint32_t guard_base(int slot) {
    return stack_base(slot) - kGuardSize;
}

static_assert(guard_base(kMaxThreadSlots - 1) == kSlotsBase);

} // namespace gb::layout
