// A process: an address space, its threads, its children, its output.
#pragma once

#include "fault.h"
#include "image.h"
#include "memory.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gb {

enum class ProcessState : uint8_t { Running, Zombie, Reaped };

// A fault that killed a process (the simulated SIGSEGV).
struct FaultReport {
    Fault fault = Fault::None;
    int pid = 0, tid = 0;
    uint32_t pc = 0;
    uint32_t addr = 0;
    uint64_t cycle = 0;
    std::string source; // "file.s:12: load r1, [r2]" when known
};

struct Process {
    int pid = 0;
    int parent = 0; // 0 for the first process
    std::string name;
    ProcessState state = ProcessState::Running;
    AddressSpace mem;
    // The program's image, shared between the processes running the same
    // program (it is immutable once assembled, so sharing keeps copies of
    // the machine cheap without breaking value semantics).
    std::shared_ptr<const Image> image;
    std::vector<int> threads; // tids, in creation order
    uint32_t heap_end = 0;    // sbrk's current break
    int exit_code = 0;
    bool exited = false;
    FaultReport fault;        // set when a fault killed it
    std::string output;       // what it printed
};

} // namespace gb
