// A process: an address space, its threads, its children, its output.
#pragma once

#include "sim/cpu/fault.h"
#include "sim/cpu/memory.h"
#include "sim/isa/image.h"
#include "sim/kernel/heap.h"
#include "sim/kernel/io/fd.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace gb {

// Running: has live threads. Zombie: exited, its exit code not yet
// collected by the parent's `wait`. Reaped: collected.
enum class ProcessState : uint8_t { Running, Zombie, Reaped };
std::string_view process_state_name(ProcessState s);

// A fault that killed a process (the simulated SIGSEGV).
// Where a PC past the code stopped: the words are made where it is shown
// (teach/event_words.h, fault_source_text).
enum class CodeEnd : uint8_t {
    None,
    NoInstructions, // the program has no instructions
    PastEnd,        // it ran off the end of its code
};

struct FaultReport {
    Fault fault = Fault::None;
    int pid = 0, tid = 0;
    uint32_t pc = 0;
    uint32_t addr = 0;
    uint64_t cycle = 0;
    std::string source; // "file.s:12: load r1, [r2]" when known (with code_end: the file)
    CodeEnd code_end = CodeEnd::None; // the PC ran past the code (source names the file)
};

struct Process {
    int pid = 0;
    int parent = 0; // 0 for the first process
    // Processes made by fork from one loaded program form a family: they
    // may all use the mutexes, semaphores and condition variables any of
    // them created (kernel objects are inherited across fork). The family
    // is the pid of the process that was loaded or spawned.
    int family = 0;
    // The container it runs in (container.h): an id into Machine::containers
    // (1-based), 0 = on the host, outside every container. A child made by
    // fork or spawn joins its parent's container. `pid` is always the host's
    // pid; its pid inside the container is container_pid(machine, pid).
    int container = 0;
    std::string name;
    ProcessState state = ProcessState::Running;
    AddressSpace mem;
    // The program's image, shared between the processes running the same
    // program (it is immutable once assembled, so sharing keeps copies of
    // the machine cheap without breaking value semantics).
    std::shared_ptr<const Image> image;
    std::vector<int> threads;           // tids, in creation order
    int done_threads = 0;               // of those, how many are Done (Machine::set_state)
    std::vector<int> unreaped_children; // pids not yet collected by wait (bounded work per wait)
    uint32_t heap_end = 0;              // sbrk's current break
    std::vector<HeapBlock> heap_blocks; // malloc's blocks, sorted by address (heap.h)
    std::vector<int> libraries;         // ids of the shared libraries mapped (shared_lib.h)
    int exit_code = 0;
    bool exited = false;
    FaultReport fault;            // set when a fault killed it
    std::string output;           // what it printed (its newest bytes)
    uint64_t output_dropped = 0;  // older bytes of output, no longer kept
    bool memory_released = false; // exited, and its memory given back (Limits::max_exited_memory)
    std::vector<Descriptor> fds = initial_fds(); // open descriptors, indexed by fd (fd.h)
    std::string input; // console input fed to this process, not yet read (console.h)
    std::deque<int>
        completions; // finished asynchronous requests not yet collected, oldest first (io.h)
};

} // namespace gb
