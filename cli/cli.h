// The CLI's subcommands, one file each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gb {
class Machine;
}

namespace gbcli {

// Exit codes (also in --help).
constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitAsmError = 2;
constexpr int kExitFault = 3;
constexpr int kExitLimit = 4;
constexpr int kExitDeadlock = 5;
constexpr int kExitRaces = 6; // run --races found a data race

struct AsmArgs {
    std::string file;
    bool json = false;
};

struct RunArgs {
    std::string file;
    bool trace = false;
    bool json = false;
    uint64_t max_steps = 10'000'000;
    int cores = 1;
    std::string policy = "rr";
    uint32_t timer = 100;
    uint32_t quantum = 1;
    std::optional<uint32_t> switch_cost;
    uint64_t seed = 1;
    // The race runner (OSTEP's x86.py): N threads of one process, all at main.
    int threads = 0;  // 0: an ordinary run (main only)
    std::string regs; // "r1=3;r1=3": thread i's registers, lists separated by ';'
    std::string show; // "count,flag": symbols whose final values are printed
    // I/O (docs/io.md): the load generator, the disk, pipes, console input.
    std::optional<int> clients;    // the load generator's clients
    std::optional<int> requests;   // requests per client
    std::optional<uint32_t> think; // mean think time between a reply and the next request
    std::optional<uint32_t> work;  // the work of every request
    std::optional<uint32_t> net_latency;
    std::string load; // a script instead: "CLIENT:AT:WORK,..."
    std::optional<uint32_t> disk_latency, disk_jitter, pipe_size;
    std::string input;  // console input fed before the run (\n for newlines)
    std::string events; // print the event log after the run: "all", or kinds like "io,block,wake"
    std::string lang = "en"; // the words of events, faults and the deadlock report: en or ko
    // Run FILE once in each of these containers (container.h):
    // "NAME[:mem=BYTES][:cpu=QUOTA/PERIOD]".
    std::vector<std::string> containers;
    // Time travel and races (cmd_races.cpp, docs/races.md).
    bool races = false;               // report data races (happens-before)
    std::vector<std::string> watch;   // NAME[:MODE][:CONDITION]: print each hit
    bool watch_stop = false;          // end the run at the first watch hit
    std::vector<std::string> history; // print every write of these words
    bool observed() const { return races || !watch.empty() || !history.empty(); }
};

struct SchedArgs {
    std::string policy = "fifo";
    std::string jobs;          // "100,10,10" or "0:100,10:10:2"
    std::string quantum = "1"; // ticks; MLFQ also takes a list per level: "1,2,4"
    int queues = 3;
    uint32_t allotment = 1; // MLFQ: ticks at a level before moving down
    uint32_t boost = 0;     // MLFQ: boost period in ticks (0 = never)
    uint32_t io_time = 5;   // ticks an I/O takes
    std::string priority;   // per job: priority (priority policy) or tickets (lottery)
    uint64_t seed = 1;
    bool json = false;
};

int cmd_asm(const AsmArgs& a);
int cmd_disasm(const AsmArgs& a);
int cmd_isa(bool korean);
int cmd_run(const RunArgs& a);
// The rest of `run` when --races, --watch or --history is given: runs `m`
// one step at a time under the observers and prints their findings.
int run_observed(const RunArgs& a, gb::Machine& m);
int cmd_sched(const SchedArgs& a);
// args[0] is the simulator (scheduler, mlfq, lottery), the rest its own flags.
int cmd_ostep(const std::vector<std::string>& args);

} // namespace gbcli
