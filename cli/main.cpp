// glassbox-cli: the headless runner. It proves the sim/GUI split and makes
// every program and lesson testable in CI.
#include "cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>

int main(int argc, char** argv) {
    CLI::App app{"Glassbox command-line runner: assemble, list and run toy programs.\n"
                 "Exit codes: 0 ok, 1 bad command line, 2 assembler errors, 3 guest fault,\n"
                 "4 a limit reached (steps, processes, threads, memory), 5 deadlock,\n"
                 "6 data races found (run --races)."};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Show the help of every subcommand");

    gbcli::AsmArgs asm_args;
    CLI::App* asm_cmd = app.add_subcommand(
        "asm", "Assemble FILE and print a listing: address, encoding, source line");
    asm_cmd->add_option("file", asm_args.file, "Program file (.s)")->required();
    asm_cmd->add_flag("--json", asm_args.json, "Print the image (segments, symbols) as JSON");

    gbcli::AsmArgs dis_args;
    CLI::App* dis_cmd = app.add_subcommand(
        "disasm", "Assemble FILE, then print it back as assembly text (round trip)");
    dis_cmd->add_option("file", dis_args.file, "Program file (.s)")->required();

    CLI::App* isa_cmd = app.add_subcommand(
        "isa", "Print the instruction set: every instruction, its operands, cycles and meaning");
    bool isa_ko = false;
    isa_cmd->add_flag("--ko", isa_ko, "Explanations in Korean");

    gbcli::RunArgs run_args;
    CLI::App* run_cmd = app.add_subcommand(
        "run", "Run FILE to the end; print its output, exit status and instruction count");
    run_cmd->add_option("file", run_args.file, "Program file (.s)")->required();
    run_cmd->add_flag("--trace", run_args.trace,
                      "Print every instruction executed, with the registers and memory it changed");
    run_cmd->add_flag("--json", run_args.json, "Print a machine-readable summary instead of text");
    run_cmd
        ->add_option("--max-steps", run_args.max_steps,
                     "Stop after this many instructions (a runaway program)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    run_cmd->add_option("--cores", run_args.cores, "Number of CPU cores, 1 to 8")
        ->capture_default_str()
        ->check(CLI::Range(1, 8));
    run_cmd
        ->add_option("--policy", run_args.policy,
                     "Scheduling policy: fifo, sjf, stcf, rr, priority, mlfq, lottery")
        ->capture_default_str();
    run_cmd
        ->add_option("--timer", run_args.timer,
                     "Timer period in cycles (an interrupt every T cycles)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    run_cmd->add_option("--quantum", run_args.quantum, "Time slice in timer ticks")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    run_cmd->add_option(
        "--switch-cost", run_args.switch_cost,
        "Cycles for a context switch between threads of one process (a process switch costs 5x)");
    run_cmd->add_option("--seed", run_args.seed, "Seed of the machine's random number generator")
        ->capture_default_str();
    run_cmd
        ->add_option("--threads", run_args.threads,
                     "Race runner: start N threads of one process, all at main (1 to 8)")
        ->check(CLI::Range(1, 8));
    run_cmd->add_option(
        "--regs", run_args.regs,
        "Race runner: each thread's registers, lists separated by ';', e.g. \"r1=3;r1=3\"");
    run_cmd->add_option("--show", run_args.show,
                        "Print the final value of these globals, e.g. count,flag");
    run_cmd
        ->add_option("--clients", run_args.clients, "Load generator: number of clients (default 4)")
        ->check(CLI::Range(0, 64));
    run_cmd
        ->add_option("--requests", run_args.requests,
                     "Load generator: requests per client (default 5)")
        ->check(CLI::Range(0, 10000));
    run_cmd->add_option("--think", run_args.think,
                        "Load generator: mean think time in cycles between a reply and the next "
                        "request (default 1000)");
    run_cmd->add_option(
        "--work", run_args.work,
        "Load generator: the work of each request, in server loop iterations (default 20)");
    run_cmd->add_option("--net-latency", run_args.net_latency,
                        "Load generator: cycles a message takes each way (default 10)");
    run_cmd->add_option("--load", run_args.load,
                        "Load generator script instead of seeded clients: CLIENT:AT:WORK,... (AT "
                        "in cycles after listen)");
    run_cmd->add_option("--disk-latency", run_args.disk_latency,
                        "Cycles every disk request takes (default 300)");
    run_cmd->add_option("--disk-jitter", run_args.disk_jitter,
                        "Up to this many more cycles per disk request, seeded (default 100)");
    run_cmd->add_option("--pipe-size", run_args.pipe_size, "Bytes a pipe holds (default 16)")
        ->check(CLI::Range(1, 4096));
    run_cmd->add_option("--events", run_args.events,
                        "After the run, print the event log: 'all', or comma-separated kinds "
                        "(io,block,wake,switch,syscall,...)");
    run_cmd
        ->add_option("--lang", run_args.lang,
                     "Language of the event log, the fault line and the deadlock report: en or ko")
        ->check(CLI::IsMember({"en", "ko"}))
        ->capture_default_str();
    run_cmd->add_option(
        "--container", run_args.containers,
        "Run FILE in a container (repeat for more): NAME[:mem=BYTES][:cpu=QUOTA/PERIOD], "
        "e.g. tiny:mem=49152 or batch:cpu=250/1000");
    run_cmd->add_option("--input", run_args.input,
                        "Console input fed to the program before it runs (\\n is a newline)");
    run_cmd->add_flag("--races", run_args.races,
                      "Report data races: pairs of accesses from different threads not ordered "
                      "by happens-before (exit status 6 when any is found)");
    run_cmd->add_option("--watch", run_args.watch,
                        "Print every access to a word (repeat for more): NAME[:r|w|rw][:COND], "
                        "e.g. count, count:w:==0, 0x10000:rw");
    run_cmd->add_flag("--watch-stop", run_args.watch_stop, "End the run at the first --watch hit");
    run_cmd->add_option("--history", run_args.history,
                        "Print every write of a word with its thread, line, old and new value, "
                        "marking stale stores and lost updates (repeat for more)");

    gbcli::SchedArgs sched_args;
    CLI::App* sched_cmd = app.add_subcommand(
        "sched",
        "Scheduling lab: run jobs as processes under a policy; print the timeline and the metrics");
    sched_cmd
        ->add_option("--policy", sched_args.policy,
                     "fifo, sjf, stcf, rr, priority, mlfq or lottery")
        ->capture_default_str();
    sched_cmd
        ->add_option(
            "--jobs", sched_args.jobs,
            "Comma-separated jobs, each LENGTH, ARRIVAL:LENGTH or ARRIVAL:LENGTH:IO_EVERY (ticks)")
        ->required();
    sched_cmd
        ->add_option("--quantum", sched_args.quantum,
                     "Time slice in ticks; for mlfq also a list per level, e.g. 1,2,4")
        ->capture_default_str();
    sched_cmd->add_option("--queues", sched_args.queues, "MLFQ: number of levels")
        ->capture_default_str()
        ->check(CLI::Range(1, 8));
    sched_cmd
        ->add_option("--allotment", sched_args.allotment,
                     "MLFQ: ticks a job may run at a level before it moves down")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    sched_cmd
        ->add_option("--boost", sched_args.boost,
                     "MLFQ: every B ticks all jobs go back to the top level (0 = never)")
        ->capture_default_str();
    sched_cmd->add_option("--io-time", sched_args.io_time, "Ticks each I/O takes")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    sched_cmd->add_option(
        "--priority", sched_args.priority,
        "Per job, comma-separated: its priority (priority policy) or tickets (lottery)");
    sched_cmd->add_option("--seed", sched_args.seed, "Seed of the PRNG (lottery draws)")
        ->capture_default_str();
    sched_cmd->add_flag("--json", sched_args.json, "Print the metrics as JSON");

    CLI::App* ostep_cmd = app.add_subcommand(
        "ostep", "OSTEP's homework simulators with their own flags, on Glassbox's kernel: "
                 "ostep scheduler|mlfq|lottery [flags] (docs/ostep.md)");
    ostep_cmd->prefix_command();
    ostep_cmd->set_help_flag(); // -h belongs to the simulator: `ostep mlfq -h`

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help prints and succeeds; every other command-line mistake is exit code 1.
        int code = app.exit(e);
        return code == 0 ? 0 : gbcli::kExitUsage;
    }

    if (*asm_cmd) return gbcli::cmd_asm(asm_args);
    if (*dis_cmd) return gbcli::cmd_disasm(dis_args);
    if (*isa_cmd) return gbcli::cmd_isa(isa_ko);
    if (*run_cmd) return gbcli::cmd_run(run_args);
    if (*sched_cmd) return gbcli::cmd_sched(sched_args);
    if (*ostep_cmd) return gbcli::cmd_ostep(ostep_cmd->remaining());
    return gbcli::kExitUsage;
}
