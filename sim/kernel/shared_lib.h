// Shared libraries (OSTEP's "code sharing"; the notes' gap between the heap
// and the stacks). A library is a code-only program file, usually in
// programs/lib. The first process that asks for it (`sys load_library`)
// makes the kernel assemble it once, for a fixed address in the library area
// [layout::kLibBase, layout::kLibLimit); every process that asks later maps
// the very same bytes at the same address, read-only and executable
// (RegionKind::SharedLib, shared = true). A library may not have .data or
// .tls: what it shares is code and constants, and each process keeps its own
// data.
//
// A library's functions are reached through a jump table at its start, by
// convention: `jmp f0` at base + 0, `jmp f1` at base + 4, ... so a program
// calls the i-th function at base + 4*i, whatever the library's size.
#pragma once

#include "sim/isa/image.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace gb {

struct SharedLibrary {
    int id = 0;
    std::string name;                   // as the program asked for it, e.g. "libprint.s"
    std::string path;                   // the file that was assembled
    uint32_t base = 0;                  // where it is mapped, in every process
    uint32_t size = 0;                  // bytes mapped (rounded up to 16)
    std::shared_ptr<const Image> image; // assembled for `base`
    std::vector<int> users;             // pids that mapped it
};

} // namespace gb
