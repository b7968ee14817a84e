// The whole machine as one copyable value (DESIGN.md invariant 2): cores,
// processes, threads, scheduler, sync objects, shared libraries, clock,
// event log and PRNG. Parts refer to each other by id: pid and tid are
// 1-based indexes into `processes` and `threads` (records are never
// removed, so ids stay valid), mutex/semaphore/condvar/library ids are
// 1-based indexes into their vectors, cores are referred to by index.
//
// How cores interleave (deterministic, no wall clock): every core has its
// own clock, in cycles. Each step runs one instruction on the core whose
// clock is lowest (ties go to the lowest core index) and adds the
// instruction's cycles to that core's clock. So two cores that each run
// one-cycle instructions alternate: core 0, core 1, core 0, ... and a
// three-cycle `mul` on core 0 lets core 1 run three instructions meanwhile.
// A core with nothing to run parks until the kernel makes a thread ready;
// then it resumes at the waker's time. The machine's time `now` is the
// clock of the core that last ran, which never goes backwards. Atomic
// instructions (xchg, cas, fadd) are single steps, so no other core can
// come in between their read and their write.
//
// The timer: every core has a timer that interrupts it every
// `timer_period` cycles (at cycle T, 2T, 3T, ... of its clock), whether or
// not a switch happened in between, as real hardware does. On each tick the
// scheduler charges the running thread one tick of its time slice; a slice
// is a whole number of ticks (SchedParams::quantum_ticks).
#pragma once

#include "sim/cpu/cpu.h"
#include "sim/isa/image.h"
#include "sim/kernel/container.h"
#include "sim/kernel/event_log.h"
#include "sim/kernel/io/io.h"
#include "sim/kernel/process.h"
#include "sim/kernel/rng.h"
#include "sim/kernel/scheduler.h"
#include "sim/kernel/shared_lib.h"
#include "sim/kernel/sync.h"
#include "sim/kernel/thread.h"
#include "sim/kernel/watch.h"
#include "sim/kernel/why.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gb {

// Resource limits. Exceeding one stops the machine with StopReason::Paused
// and a message in stop_why that names the limit (the syscall that hit
// it has already returned -1 or 0, so resuming the run carries on).
struct Limits {
    int max_processes = 64;          // live (not yet exited) processes at once
    int max_threads_per_process = 8; // live threads of one process; at most layout::kMaxThreadSlots
    uint32_t max_memory_per_process =
        512 * 1024;                // mapped bytes: code, data, heap, stacks, libraries
    uint64_t max_instructions = 0; // instructions per run of the machine, all cores (0 = no limit)
    // Host memory: the console (and each process's own output) keeps its
    // newest bytes up to this; older ones are dropped and counted, so a
    // program printing forever costs bounded memory (docs/limits.md).
    uint32_t max_console_bytes = 1u << 20;
    // Host memory: exited processes keep their memory (to be looked at)
    // until theirs together passes this; then the oldest give it back.
    uint64_t max_exited_memory = 16u << 20;
    // Mutexes, semaphores and condition variables together (each lives as
    // long as the machine).
    size_t max_sync_objects = 4096;
    // The I/O system (docs/limits.md). Past one of these the call returns
    // -1 and the machine pauses with a message naming the limit.
    // Pipes, interest sets and listening sockets together (each lives as
    // long as the machine).
    size_t max_io_objects = 4096;
    // Bytes asynchronous requests hold from when they are made until they
    // are collected (or cancelled): the lengths of their buffers, all processes.
    uint64_t max_async_bytes = 1u << 20;
    uint32_t max_file_bytes = 1u << 20;  // bytes one disk file may hold
    uint64_t max_disk_bytes = 16u << 20; // bytes on the disk, all files together
    size_t max_disk_files = 1024;        // files on the disk
    // Records of I/O requests (each about 130 bytes, kept for the I/O
    // panel and the statistics after its data is given back).
    size_t max_io_requests = 1u << 20;
    // The most a pipe's buffer holds, whatever Config::io.pipe_capacity asks.
    uint32_t max_pipe_bytes = 64u << 10;
};

// OSTEP's x86.py timer (docs/kernel.md, "rules side by side"). With
// `every` > 0 the timer counts instructions, not cycles: after every
// `every` instructions of a core (with `random`, a count drawn each time as
// x86.py's int(random() * every) + 1 from Scheduler::py_random) the running
// thread goes to the back of the ready queue; a `yield` restarts the count;
// a halt keeps it. With `halt_switches_twice`, when a thread halts on the
// very instruction the count ends on, x86.py's double switch: the thread
// next in line is passed over too. With a `schedule` (x86.py -P: tids in
// the order they take turns, round and round, skipping ended threads)
// every instruction is an interrupt and the next thread is the schedule's
// next; instruction_timer_begin puts its first thread first. The cycle
// timer is off meanwhile.
struct InstructionTimer {
    uint32_t every = 0; // 0: Glassbox's cycle timer (timer_period)
    bool random = false;
    bool halt_switches_twice = false;
    std::vector<int> schedule;
};

struct Config {
    int cores = 1; // 1..8
    SchedParams sched;
    uint32_t timer_period = 100; // cycles between timer interrupts
    // A thread switch saves and restores registers. A process switch also
    // changes the address space (page tables, and in real hardware the TLB
    // and caches go cold), so it costs more.
    uint32_t thread_switch_cost = 2;
    uint32_t process_switch_cost = 10;
    uint64_t seed = 1;
    InstructionTimer instruction_timer;
    Limits limits;
    IoConfig io; // devices: disk latency, pipe size, the load generator (io.h)
};

enum class StopReason : uint8_t {
    Budget,     // ran the number of instructions asked for
    Breakpoint, // the next instruction on some core is at a breakpoint
    AllDone,    // every thread of every process has ended
    Fault,      // a guest fault killed a process (others may run on)
    Deadlock,   // every live thread is blocked and nothing can wake them
    Watchpoint, // an instruction just wrote a watched word whose watch says stop
    Paused,     // the kernel stopped the run: a resource limit was reached
                // (Limits; stop_why names it), or a syscall asked to stop
};
std::string_view stop_reason_name(StopReason r);

struct Core {
    int index = 0;
    int tid = 0;             // running thread, 0 when idle
    Context ctx;             // the live registers while a thread runs
    uint64_t clock = 0;      // this core's time in cycles
    uint64_t next_timer = 0; // cycle of this core's next timer interrupt
    bool parked = false;     // idle, waiting for the kernel to make work
    int last_pid = 0;        // whose address space is loaded (for switch cost)
    int prev_tid = 0;        // the thread switched out, until the next switch is logged
    SwitchReason pending = SwitchReason::Start;
    StepOutcome last; // the last instruction executed here
    Context before;   // the context before that instruction (for highlights)
    uint64_t busy_cycles = 0, idle_cycles = 0;
    // InstructionTimer: instructions left before the next interrupt (0: not
    // yet drawn) and the interrupts taken so far (a yield counts as one).
    uint32_t instructions_left = 0;
    uint64_t instruction_interrupts = 0;
    int passed_over = 0;    // the thread a halt switched to, when an interrupt passed it over
    size_t schedule_at = 0; // InstructionTimer::schedule: whose turn it is
};

// What Machine::step did.
struct StepResult {
    bool executed = false;                // false when the machine could not run anything
    StopReason stop = StopReason::Budget; // why, when it could not or when it must stop
    int core = -1, pid = 0, tid = 0;
    uint64_t cycle = 0; // the core's clock when the instruction started
    StepOutcome outcome;
    Context before, after;
};

struct RunResult {
    StopReason reason = StopReason::Budget;
    uint64_t steps = 0;
};

// One step of a deadlock's wait-for cycle: thread `tid` is blocked on
// object `object` (of kind `reason`), which thread `next` must release (its
// owner, the thread joined, ...). The next step starts at `next`.
struct WaitStep {
    int tid = 0;
    BlockReason reason = BlockReason::None;
    int object = 0;
    int next = 0; // 0: nobody can release it (e.g. a semaphore nobody will post)
};

// Assembles a program file for spawn: the image, or nullptr with `error` set.
using ProgramLoader =
    std::function<std::shared_ptr<const Image>(const std::string& path, LoadError& error)>;
// Assembles a library file for address `base` (see shared_lib.h).
using LibraryLoader = std::function<std::shared_ptr<const Image>(const std::string& path,
                                                                 uint32_t base, LoadError& error)>;

class Machine {
  public:
    Config config;
    std::vector<Core> cores;
    std::vector<Process> processes; // pid = index + 1
    std::vector<Thread> threads;    // tid = index + 1
    int exited_processes = 0;       // processes with exited set
    Scheduler sched;
    uint64_t now = 0;          // cycles
    uint64_t instructions = 0; // executed, all cores
    EventLog log;
    Rng rng;
    std::set<uint32_t> breakpoints; // addresses (any process)
    std::vector<Watch> watches;     // watched words and their writes (watch.h)
    bool stop_at_breakpoints =
        false; // set by run(): step() stops before a switched-in thread's breakpoint
    // Takes every timer tick one by one instead of skipping the quiet ones
    // in closed form: the same result, slower (tests compare the two).
    bool ticks_one_by_one = false;
    FaultReport last_fault; // the newest fault (fault == None if none yet)
    uint64_t faults = 0;    // how many processes faults have killed
    Reason stop_why; // why the last stop happened, if the kernel says (why.h; words in teach/)
    // Kernel objects, indexed by id - 1 (sync.h, shared_lib.h).
    std::vector<Mutex> mutexes;
    std::vector<Semaphore> semaphores;
    std::vector<CondVar> condvars;
    std::vector<SharedLibrary> libraries;
    // Containers (container.h): pid namespaces and cgroup quotas, kept by
    // the kernel. containers[id - 1] is container `id`; its spec.name is what
    // the dashboard shows next to Process::container.
    std::vector<Container> containers;
    // Devices, pipes, interest sets, I/O requests and the scheduled events (io.h).
    IoSystem io;
    // The wait-for cycle found when the machine stopped with Deadlock (empty if none).
    std::vector<WaitStep> deadlock_cycle;
    // How spawn and load_library turn a path into an image. The machine
    // itself never touches the file system: the CLI, the GUI and the tests
    // install these (loader.h has the usual file-based pair). Empty: those
    // syscalls fail with -1. std::function keeps the machine copyable.
    ProgramLoader loader;
    LibraryLoader lib_loader;

    explicit Machine(Config cfg = {});

    // Creates a process running `image` from `main`; returns its pid, or 0
    // with stop_why set when a limit forbids it. With start_at > now the
    // main thread stays New until that cycle (the scheduling lab's arrivals).
    int load(std::shared_ptr<const Image> image, const std::string& name, int parent = 0,
             uint64_t start_at = 0);
    // Makes an empty container (container.h); returns its id (1-based).
    int create_container(ContainerSpec spec);
    // Like load, in container `id` (0: on the host): the first process
    // started in a container is its pid 1. Returns the host pid, or 0 with
    // stop_why set (a limit, or the container's memory quota).
    int load_in_container(int id, std::shared_ptr<const Image> image, const std::string& name);
    const Container& container(int id) const { return containers.at(static_cast<size_t>(id - 1)); }
    Container& container(int id) { return containers.at(static_cast<size_t>(id - 1)); }
    // The race runner: one process whose `count` threads all start at `main`,
    // thread i (tid = first + i) with the registers regs[i] (register number,
    // value). Returning from main ends only that thread (as `halt` does); the
    // process ends with its last thread. Returns the pid, or 0.
    int load_threads(std::shared_ptr<const Image> image, const std::string& name, int count,
                     const std::vector<std::vector<std::pair<int, uint32_t>>>& regs);

    // Runs one instruction on the next core (see the interleaving rule above).
    StepResult step();
    // Runs up to `budget` instructions; stops early on a breakpoint, a fault,
    // a deadlock, a limit (Paused) or when everything has ended. The state
    // it reaches is exactly the state of the same number of step() calls
    // (tests/test_cosim.cpp); it gets there faster by running bursts of
    // instructions without per-instruction bookkeeping whenever nothing
    // else can happen meanwhile (machine_run.cpp).
    RunResult run(uint64_t budget);

    // Lookups by id (ids are 1-based; an id out of range is a bug in the caller).
    Process& process(int pid) { return processes.at(static_cast<size_t>(pid - 1)); }
    const Process& process(int pid) const { return processes.at(static_cast<size_t>(pid - 1)); }
    Thread& thread(int tid) { return threads.at(static_cast<size_t>(tid - 1)); }
    const Thread& thread(int tid) const { return threads.at(static_cast<size_t>(tid - 1)); }
    // A thread's current context: live on its core if running, else saved.
    const Context& context_of(int tid) const;
    Context& context_of(int tid);

    bool all_done() const { return live_threads_ == 0; }
    // Threads not yet Done (a running count, kept by create_thread, fork and finish_thread).
    int live_threads() const { return live_threads_; }
    // "file.s:12: load r1, [r2]" for an address in a process's image.
    std::string source_line(int pid, uint32_t addr) const;
    // All output so far, of all processes, in the order it was printed:
    // the newest Limits::max_console_bytes of it, after console_dropped
    // older bytes.
    std::string console;
    uint64_t console_dropped = 0;
    // When set, every byte printed is also handed here as it is printed
    // (glassbox-cli streams it to stdout, so nothing depends on the limit).
    std::function<void(std::string_view)> console_sink;
    // Exited processes still holding memory, oldest first (Limits::max_exited_memory).
    std::deque<int> exited_holding;
    uint64_t exited_holding_bytes = 0;
    // Console input (console.h): to process pid, or with pid 0 to the shared
    // terminal any process reads; now, or at a cycle (a scheduled event).
    void feed_console(int pid, std::string_view text);
    void feed_console_at(uint64_t cycle, int pid, std::string text);
    // Puts a file on the disk (replacing one of the same name); returns its index + 1.
    int add_file(const std::string& name, std::string_view bytes);

    // --- kernel services used by the syscalls (syscalls.cpp) ---
    // Creates a thread in `pid` starting at `entry` with r1 = arg; returns
    // tid or 0 (stop_why says which limit). Returning from `entry` goes
    // to the trampoline: exit(r0) for a process's main thread, thread_exit(r0)
    // for the others.
    int create_thread(int pid, uint32_t entry, uint32_t arg, const std::string& name,
                      bool main_thread = false, uint64_t start_at = 0);
    // fork for thread tid: a new process with a copy of the address space
    // and one thread, a copy of tid with r0 = 0. Returns the child pid or 0.
    int fork_process(int tid);
    // Maps library `name` into process pid (assembling it first if no
    // process has yet). Returns its base address, or 0 with `error` set
    // (when the memory limit is the reason, the machine also stops: Paused).
    uint32_t map_library(int pid, const std::string& name, Reason& error);
    void make_ready(int tid);
    void block(int tid, BlockReason reason, int wait_on);
    void wake(int tid);
    void finish_thread(int tid, uint32_t value);
    void exit_process(int pid, int code);
    void kill_process(int pid, const FaultReport& why);
    // Keeps an exited process's memory while Limits::max_exited_memory allows.
    void release_exited_memory(int pid);
    void print(int pid, std::string_view text);
    // Logs an event: the message id and its numbers (event_msg.h); no text
    // is made here (teach/event_words.h words it when shown).
    template <typename... Args>
    void note(EventKind kind, Msg msg, int pid, int tid, int other, Args... args) {
        static_assert(sizeof...(Args) <= kEventArgs, "too many event arguments");
        Event e;
        e.kind = kind;
        e.msg = msg;
        e.pid = pid;
        e.tid = tid;
        e.other = other;
        e.args = {static_cast<int64_t>(args)...};
        add_event(e);
    }
    void add_event(Event& e);
    // Logs `msg` whose arguments are a reason (why.h): its id, then its numbers.
    void note_why(EventKind kind, Msg msg, int pid, int tid, const Reason& r);
    // A name for an event argument: its index in the log's string table.
    int64_t name_arg(std::string_view s) { return log.intern(s); }
    // Sets the thread's state and accounts the time spent in the old one.
    void set_state(Thread& t, ThreadState s);
    // A syscall may ask to stop the run loop (with stop_why set): the
    // stop the current step will report, if any.
    std::optional<StopReason> pending_stop;
    void request_stop(StopReason why, const Reason& reason);
    // Whether process `pid` (whose address space is `mem`) may map `extra`
    // more bytes under Config::limits.max_memory_per_process; if not,
    // `error` says so, naming what needs them (`need`, with its name or number).
    bool within_memory_limit(int pid, const AddressSpace& mem, uint32_t extra, Need need,
                             std::string_view name, uint64_t number, Reason& error);
    // A reason's n argument: `need` with its name (interned) or number.
    int64_t need_arg(Need need, std::string_view name, uint64_t number);
    // Live (not exited) processes.
    int live_processes() const;

    // Saves the running thread's context into its record and frees the core.
    void switch_out(Core& core, SwitchReason reason);

  private:
    int create_process(std::shared_ptr<const Image> image, const std::string& name, int parent,
                       int container = -1); // -1: the parent's container
    int load_process(std::shared_ptr<const Image> image, const std::string& name, int parent,
                     uint64_t start_at, int container);
    Core& next_core();
    bool switch_in(Core& core);
    void timer_interrupt(Core& core, uint64_t at);
    // Takes the timer interrupts due on `core` (its clock reached next_timer),
    // in order; with `while_running`, only as long as a thread holds it.
    // Ticks that can change nothing but a slice count (a switch's dead time
    // at timer 1) are taken in closed form, so the host's work stays bounded.
    void take_timer_ticks(Core& core, bool while_running = false);
    // How many of the next `due` ticks of `core` change nothing but the
    // running thread's slice count, and applies them (machine_switch.cpp).
    uint64_t skip_quiet_ticks(Core& core, uint64_t due);
    // The cycle of the first timer tick of `core` that may do more than
    // count (a slice that ends with a rival, an MLFQ boost), as long as the
    // ready queues and the running thread's level stay as they are.
    uint64_t first_loud_tick(const Core& core) const;
    void wake_sleepers();
    bool handle_idle();
    void preempt_for(int ready_tid);
    // The fast path: runs a burst on the next core if nothing needs step();
    // returns how many instructions ran (0: the next one needs step()).
    uint64_t run_fast(uint64_t budget, bool& at_breakpoint);
    uint64_t next_wake = UINT64_MAX; // the earliest sleeper's or New thread's wake-up cycle
    int live_threads_ = 0;
    std::vector<uint32_t> burst_watched_; // scratch: the watched words of the burst's process
};

// Deadlock analysis (deadlock.cpp). The wait-for graph has an edge from
// each blocked thread to the thread that must act to wake it (a mutex's
// owner, the thread joined, a child being waited for); semaphores and
// condition variables have no owner, so a chain through them ends there.
// find_wait_cycle returns a cycle of that graph (empty if there is none),
// starting at its lowest tid.
std::vector<WaitStep> find_wait_cycle(const Machine& m);
// (teach/event_words.h words the cycle and the whole report.)

} // namespace gb
