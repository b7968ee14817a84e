// Containers on the simulated machine (lesson 16): isolated groups of
// processes, each group with its own pid numbering and its own CPU and
// memory quotas — what Linux builds from pid namespaces and cgroups.
//
// The kernel itself knows nothing about containers. A ContainerHost owns a
// Machine and plays the container runtime: it starts a program inside a
// container, steps the machine, and after every instruction applies the
// container rules to what the kernel just did:
//
//  - pid namespace: each container numbers its processes 1, 2, 3, ... in
//    the order they join it (a container's first process is its pid 1, and
//    every process forked or spawned by a member joins the same container).
//    The pids the kernel hands to a program in a container are translated:
//    getpid, getppid (0 when the parent is outside the container), fork's
//    result in the parent, and wait's result (also when the wait blocked
//    and finishes later). A pid given to `wait` is translated from the
//    container's numbering when the thread reaches its `sys wait`.
//  - CPU quota (cgroup cpu.max "quota period"): a container may run
//    cpu_quota cycles per cpu_period cycles of machine time. When it has
//    used its quota, its ready and running threads are put to sleep until
//    the period ends (throttled), even if the core would otherwise idle.
//  - memory quota (cgroup memory.max): the mapped bytes of its live
//    processes (code, data, heap, stacks, libraries). The step that takes a
//    container over its quota is followed at once by the OOM killer: the
//    process that asked for the memory (or the child a fork just made) is
//    ended with exit code 137 (128 + SIGKILL, as Docker reports it), so
//    between steps a container never holds more than its quota.
//
// Everything is deterministic and the host is a value (copyable), like the
// Machine. Every rule applied goes into the machine's event log as a Note.
//
// Limits of this model (documented in the lesson): the kernel's own
// messages (the event log, the dashboard's process list) use host pids;
// an orphan is not re-parented to its container's pid 1; quotas are checked
// after each instruction, so a container's CPU use can overrun its quota by
// the one instruction that crossed it.
#pragma once

#include "machine.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gb {

struct Lesson;

struct ContainerSpec {
    std::string name;
    uint32_t memory_quota = 0; // bytes of mapped memory for all its live processes; 0 = no quota
    uint32_t cpu_quota = 0;    // cycles it may run per period; 0 = no quota
    uint32_t cpu_period = 1000;
};

struct Container {
    int id = 0; // 1-based
    ContainerSpec spec;
    std::vector<int> pids;    // host pids in joining order: the container's pid n is pids[n - 1]
    uint64_t period = 0;      // the CPU period being accounted (machine time / cpu_period)
    uint64_t cpu_used = 0;    // cycles run in that period
    uint64_t cpu_total = 0;   // cycles run in all
    uint64_t throttles = 0;   // how often the quota ran out
    uint64_t oom_kills = 0;   // processes the OOM killer ended
    uint32_t memory_peak = 0; // the most memory it held between two steps
};

class ContainerHost {
  public:
    Machine machine;
    std::vector<Container> containers;

    explicit ContainerHost(Config cfg = {});

    // A new empty container; returns its id.
    int create(ContainerSpec spec);
    // Starts `image` as a new process in container `id` (0: on the host,
    // outside every container). Returns the host pid, or 0 (machine.stop_message says why).
    int start(int id, std::shared_ptr<const Image> image, const std::string& name);

    // One instruction, then the container rules. Same results as Machine::step.
    StepResult step();
    // Up to `budget` instructions, stopping like Machine::run.
    RunResult run(uint64_t budget);

    // The container a host pid belongs to (0: none).
    int container_of(int host_pid) const;
    // A host pid as its own container numbers it (unchanged for host processes).
    int ns_pid(int host_pid) const;
    // The host pid of pid `ns` of container `id` (0 if there is none).
    int host_pid(int id, int ns) const;
    // Mapped bytes of the container's live processes.
    uint32_t memory_used(int id) const;
    const Container& container(int id) const { return containers.at(static_cast<size_t>(id - 1)); }

  private:
    Container& mut(int id) { return containers.at(static_cast<size_t>(id - 1)); }
    void adopt_new_processes(std::vector<int>& fresh);
    void translate_syscall(const StepResult& r);
    void translate_wait_argument(int tid);
    void finish_pending_waits();
    void charge_cpu(const StepResult& r);
    void enforce_memory(const StepResult& r, const std::vector<int>& fresh);

    std::vector<int> owner_; // host pid - 1 → container id (0 = host)
    std::vector<int>
        pending_wait_; // tids in a container blocked in wait: r0 to translate when they wake
};

// The host a lesson describes in its "containers" list (lesson 16): one
// container per entry, each running its program. Returns false with
// `error` set when a program does not assemble or cannot start.
bool build_lesson_host(const Lesson& lesson, const std::string& root, ContainerHost& out,
                       std::string& error);

} // namespace gb
