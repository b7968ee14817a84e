// The containers picture (lesson 16): one box per container with its
// processes inside, numbered as the container numbers them, and its two
// quotas as bars (CPU used in the current period against cpu.max, memory
// held against memory.max). A process the OOM killer ended is named as
// such, not only by its exit code. Pure function of `const Machine&`.
#pragma once

#include "sim/kernel/machine.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gb::view {

struct ContainedProcess {
    int pid = 0;    // the host's pid
    int ns_pid = 0; // its pid inside the container (1, 2, 3, ...)
    std::string name;
    bool exited = false;
    int exit_code = 0;
    bool oom_killed = false; // ended by the OOM killer (exit code 137)
    bool faulted = false;    // killed by a fault
    bool running = false;    // one of its threads is on a core now
    bool throttled = false;  // live, and every live thread is asleep for the CPU quota
    uint32_t memory = 0;     // mapped bytes (0 once exited)
};

struct ContainerBox {
    int id = 0;
    std::string name;
    std::vector<ContainedProcess> processes; // in joining order (ns pid 1 first)
    // CPU (cgroup cpu.max): cycles used in the period that contains `now`.
    uint64_t cpu_quota = 0, cpu_period = 0; // quota 0: no CPU quota
    uint64_t cpu_used = 0;                  // in the current period
    uint64_t cpu_total = 0;                 // in all
    uint64_t throttles = 0;
    bool throttled = false; // its quota for this period is used up
    // Memory (cgroup memory.max).
    uint32_t memory_quota = 0; // 0: no memory quota
    uint32_t memory = 0;       // held now by its live processes
    uint32_t memory_peak = 0;
    uint64_t oom_kills = 0;
    int live = 0; // processes not yet exited
};

std::vector<ContainerBox> container_boxes(const Machine& m);

} // namespace gb::view
