// Containers (lesson 16): isolated groups of processes, each group with its
// own pid numbering and its own CPU and memory quotas. In Linux these are
// kernel features — pid namespaces and cgroups — and so they are here: the
// Machine keeps its containers (Machine::containers, ids 1-based) and every
// process records the one it belongs to (Process::container, 0 = the host).
// This file holds the records and the rules; the kernel calls the rules at
// the points where Linux applies them:
//
//  - pid namespace: each container numbers its processes 1, 2, 3, ... in
//    the order they join it. A container's first process (started with
//    Machine::load_in_container) is its pid 1; every process forked or
//    spawned by a member joins the same container. The syscalls translate
//    (syscalls.cpp): getpid, getppid (0 when the parent is outside the
//    container, as for a container's pid 1), fork's and spawn's result in the
//    parent, wait's argument and result (also when the wait blocked).
//  - CPU quota (cgroup cpu.max "quota period"): a container may run
//    cpu_quota cycles per cpu_period cycles of machine time. Each step
//    charges the instruction's cycles to its container (Machine::step); when
//    the quota is used up, its ready and running threads are put to sleep
//    until the period ends (throttled), even if the core would otherwise
//    idle. The event log says so.
//  - memory quota (cgroup memory.max): the mapped bytes of its live
//    processes (code, data, heap, stacks, libraries). A request that would
//    take the container over its quota (sbrk or malloc growing the heap, a
//    thread's stack, fork's copy, spawn's new program, a library) is refused
//    and the OOM killer ends the process that asked, with exit code 137
//    (128 + SIGKILL, what Docker reports as OOMKilled). So a container never
//    holds more than its quota.
//
// Everything is deterministic and part of the Machine value. Every rule
// applied goes into the machine's event log as a Note.
//
// Limits of this model (documented in the lesson): the kernel's own
// messages (the event log) use host pids; an orphan is not re-parented to
// its container's pid 1; a CPU quota is checked after each instruction, so
// a container can overrun it by the one instruction that crossed it.
#pragma once

#include "sim/kernel/why.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gb {

class Machine;

struct ContainerSpec {
    std::string name;          // shown by the dashboard's processes panel
    uint32_t memory_quota = 0; // bytes of mapped memory for all its live processes; 0 = no quota
    uint32_t cpu_quota = 0;    // cycles it may run per period; 0 = no quota
    uint32_t cpu_period = 1000;
};

struct Container {
    int id = 0; // 1-based: Machine::containers[id - 1]
    ContainerSpec spec;
    std::vector<int> pids;    // host pids in joining order: the container's pid n is pids[n - 1]
    uint64_t period = 0;      // the CPU period being accounted (machine time / cpu_period)
    uint64_t cpu_used = 0;    // cycles run in that period
    uint64_t cpu_total = 0;   // cycles run in all
    uint64_t throttles = 0;   // how often the quota ran out
    uint64_t oom_kills = 0;   // processes the OOM killer ended
    uint32_t memory_peak = 0; // the most memory it has held
};

// 128 + SIGKILL: the exit code of a process the OOM killer ended.
inline constexpr int kOomExitCode = 137;

// --- the rules (container.cpp), called by the kernel -------------------------

// Process `pid` (just made) joins container `id` and gets the next pid there.
void container_join(Machine& m, int pid, int id);
// A host pid as its own container numbers it (unchanged for host processes).
int container_pid(const Machine& m, int host_pid);
// The host pid of pid `ns` of container `id` (0 if there is none).
int container_host_pid(const Machine& m, int id, int ns);
// Mapped bytes of the container's live processes.
uint32_t container_memory(const Machine& m, int id);
// memory.max: may container `id` take `extra` more bytes for `need` (with
// its name or number, why.h)? If not, the OOM killer ends `requester` (when
// it is not 0) and false is returned.
bool container_grant_memory(Machine& m, int id, int requester, uint32_t extra, Need need,
                            std::string_view name = {}, uint64_t number = 0);
// cpu.max: charges `cycles` run by process `pid` to its container and
// throttles the container when its quota for the period is used up.
void container_charge_cpu(Machine& m, int pid, uint64_t cycles);

} // namespace gb
