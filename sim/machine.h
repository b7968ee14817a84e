// The whole machine as one copyable value (DESIGN.md invariant 2): cores,
// processes, threads, scheduler, clock, event log and PRNG. Parts refer to
// each other by id: pid and tid are 1-based indexes into `processes` and
// `threads` (records are never removed, so ids stay valid), cores by index.
//
// How cores interleave (deterministic, no wall clock): every core has its
// own clock, in cycles. Each step runs one instruction on the core whose
// clock is lowest (ties go to the lowest core index) and adds the
// instruction's cycles to that core's clock. A core with nothing to run
// parks until the kernel makes a thread ready; then it resumes at the
// waker's time. The machine's time `now` is the clock of the core that last
// ran, which never goes backwards.
#pragma once

#include "cpu.h"
#include "event_log.h"
#include "image.h"
#include "process.h"
#include "rng.h"
#include "scheduler.h"
#include "thread.h"

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace gb {

struct Limits {
    int max_processes = 64;
    int max_threads_per_process = 8; // at most layout::kMaxThreadSlots
    uint32_t max_memory_per_process = 512 * 1024;
};

struct Config {
    int cores = 1;                      // 1..8
    SchedParams sched;
    uint32_t timer_period = 100;        // cycles between timer interrupts
    // A thread switch saves and restores registers. A process switch also
    // changes the address space (page tables, and in real hardware the TLB
    // and caches go cold), so it costs more.
    uint32_t thread_switch_cost = 2;
    uint32_t process_switch_cost = 10;
    uint64_t seed = 1;
    Limits limits;
};

enum class StopReason : uint8_t {
    Budget,     // ran the number of instructions asked for
    Breakpoint, // the next instruction on some core is at a breakpoint
    AllDone,    // every thread of every process has ended
    Fault,      // a guest fault killed a process (others may run on)
    Deadlock,   // every live thread is blocked and nothing can wake them
    Paused,     // a syscall asked the machine to stop (e.g. a limit report)
};
std::string_view stop_reason_name(StopReason r);

enum class Phase : uint8_t { Fetch, Decode, Execute };

struct Core {
    int index = 0;
    int tid = 0;               // running thread, 0 when idle
    Context ctx;               // the live registers while a thread runs
    uint64_t clock = 0;        // this core's time in cycles
    uint64_t next_timer = 0;   // cycle of this core's next timer interrupt
    bool parked = false;       // idle, waiting for the kernel to make work
    int last_pid = 0;          // whose address space is loaded (for switch cost)
    int prev_tid = 0;          // the thread switched out, until the next switch is logged
    SwitchReason pending = SwitchReason::Start;
    StepOutcome last;          // the last instruction executed here
    Context before;            // the context before that instruction (for highlights)
    uint64_t busy_cycles = 0, idle_cycles = 0;
};

// What Machine::step did.
struct StepResult {
    bool executed = false;     // false when the machine could not run anything
    StopReason stop = StopReason::Budget; // why, when it could not or when it must stop
    int core = -1, pid = 0, tid = 0;
    uint64_t cycle = 0;        // the core's clock when the instruction started
    StepOutcome outcome;
    Context before, after;
};

struct RunResult {
    StopReason reason = StopReason::Budget;
    uint64_t steps = 0;
};

class Machine {
public:
    Config config;
    std::vector<Core> cores;
    std::vector<Process> processes; // pid = index + 1
    std::vector<Thread> threads;    // tid = index + 1
    Scheduler sched;
    uint64_t now = 0;               // cycles
    uint64_t instructions = 0;      // executed, all cores
    EventLog log;
    Rng rng;
    std::set<uint32_t> breakpoints; // addresses (any process)
    FaultReport last_fault;         // the newest fault (fault == None if none yet)
    uint64_t faults = 0;            // how many processes faults have killed
    std::string stop_message;       // a human explanation of the last stop, if any
    std::vector<std::string> library_dirs; // where spawn/include look for files

    explicit Machine(Config cfg = {});

    // Creates a process running `image` from `main`; returns its pid, or 0
    // with stop_message set when a limit forbids it.
    int load(std::shared_ptr<const Image> image, const std::string& name, int parent = 0);

    // Runs one instruction on the next core (see the interleaving rule above).
    StepResult step();
    // Runs up to `budget` instructions; stops early on a breakpoint, a fault,
    // deadlock or when everything has ended.
    RunResult run(uint64_t budget);

    // Lookups by id (ids are 1-based; an id out of range is a bug in the caller).
    Process& process(int pid) { return processes.at(static_cast<size_t>(pid - 1)); }
    const Process& process(int pid) const { return processes.at(static_cast<size_t>(pid - 1)); }
    Thread& thread(int tid) { return threads.at(static_cast<size_t>(tid - 1)); }
    const Thread& thread(int tid) const { return threads.at(static_cast<size_t>(tid - 1)); }
    // A thread's current context: live on its core if running, else saved.
    const Context& context_of(int tid) const;
    Context& context_of(int tid);

    bool all_done() const;
    int live_threads() const;
    // "file.s:12: load r1, [r2]" for an address in a process's image.
    std::string source_line(int pid, uint32_t addr) const;
    // All output so far, of all processes, in the order it was printed.
    std::string console;

    // --- kernel services used by the syscalls (syscalls.cpp) ---
    // Creates a thread in `pid` starting at `entry` with r1 = arg; returns tid or 0.
    int create_thread(int pid, uint32_t entry, uint32_t arg, const std::string& name);
    void make_ready(int tid);
    void block(int tid, BlockReason reason, int wait_on);
    void wake(int tid);
    void finish_thread(int tid, uint32_t value);
    void exit_process(int pid, int code);
    void kill_process(int pid, const FaultReport& why);
    void print(int pid, std::string_view text);
    void note(EventKind kind, int pid, int tid, std::string text, int other = 0);
    // Sets the thread's state and accounts the time spent in the old one.
    void set_state(Thread& t, ThreadState s);
    // A syscall may ask to stop the run loop (with stop_message set).
    bool stop_requested = false;

    // Saves the running thread's context into its record and frees the core.
    void switch_out(Core& core, SwitchReason reason);

private:
    Core& next_core();
    bool switch_in(Core& core);
    void timer_interrupt(Core& core);
    void wake_sleepers();
    bool handle_idle();
    void preempt_for(int ready_tid);
    uint64_t next_wake = UINT64_MAX;
    bool fault_pending = false;
};

// A report of who waits for what when the machine deadlocks (deadlock.cpp).
std::string describe_deadlock(const Machine& m);

} // namespace gb
