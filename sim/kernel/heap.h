// The heap: sbrk moves the end of the heap region; malloc and free are a
// kernel-side allocator on top of it, so the dashboard can show every block
// (address, size, the thread that allocated it, an optional label).
//
// The allocator is first fit over the blocks it has handed out before, and
// otherwise grows the heap. Blocks are 8-byte aligned and carry no header in
// guest memory: the bookkeeping lives in the Process record. Freeing a block
// twice, or an address malloc never returned, kills the process (as glibc
// aborts), because it is a bug worth seeing.
#pragma once

#include "sim/kernel/why.h"

#include <cstdint>
#include <string>

namespace gb {

class Machine;

struct HeapBlock {
    uint32_t addr = 0;
    uint32_t size = 0;
    int tid = 0;        // the thread that allocated it (last time)
    std::string label;  // given by the program, e.g. "node"
    bool free = false;  // freed and ready for reuse
    uint64_t cycle = 0; // when it was allocated or freed
};

// Moves the break of process pid by delta bytes. Returns the old break, or
// nullopt-like -1 with `error` set when the heap cannot grow (heap limit or
// the process's memory limit).
int64_t heap_sbrk(Machine& m, int pid, int32_t delta, Reason& error);
// Returns the block's address, or 0 with `error` set.
uint32_t heap_malloc(Machine& m, int tid, uint32_t size, std::string label, Reason& error);
// Frees the block at addr (0 is allowed and does nothing). False with
// `error` set for an address malloc did not return or a second free.
bool heap_free(Machine& m, int tid, uint32_t addr, Reason& error);

} // namespace gb
