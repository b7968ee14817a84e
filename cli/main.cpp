// glassbox-cli: the headless runner. It proves the sim/GUI split and makes
// every program and lesson testable in CI.
#include "cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>

int main(int argc, char** argv) {
    CLI::App app{"Glassbox command-line runner: assemble, list and run toy programs.\n"
                 "Exit codes: 0 ok, 1 bad command line, 2 assembler errors, 3 guest fault,\n"
                 "4 step limit reached, 5 deadlock."};
    app.require_subcommand(1);
    app.set_help_all_flag("--help-all", "Show the help of every subcommand");

    gbcli::AsmArgs asm_args;
    CLI::App* asm_cmd = app.add_subcommand("asm", "Assemble FILE and print a listing: address, encoding, source line");
    asm_cmd->add_option("file", asm_args.file, "Program file (.s)")->required();
    asm_cmd->add_flag("--json", asm_args.json, "Print the image (segments, symbols) as JSON");

    gbcli::AsmArgs dis_args;
    CLI::App* dis_cmd = app.add_subcommand("disasm", "Assemble FILE, then print it back as assembly text (round trip)");
    dis_cmd->add_option("file", dis_args.file, "Program file (.s)")->required();

    CLI::App* isa_cmd = app.add_subcommand("isa", "Print the instruction set: every instruction, its operands, cycles and meaning");
    bool isa_ko = false;
    isa_cmd->add_flag("--ko", isa_ko, "Explanations in Korean");

    gbcli::RunArgs run_args;
    CLI::App* run_cmd = app.add_subcommand("run", "Run FILE to the end; print its output, exit status and instruction count");
    run_cmd->add_option("file", run_args.file, "Program file (.s)")->required();
    run_cmd->add_flag("--trace", run_args.trace, "Print every instruction executed, with the registers and memory it changed");
    run_cmd->add_flag("--json", run_args.json, "Print a machine-readable summary instead of text");
    run_cmd->add_option("--max-steps", run_args.max_steps, "Stop after this many instructions (a runaway program)")
        ->capture_default_str()->check(CLI::PositiveNumber);
    run_cmd->add_option("--cores", run_args.cores, "Number of CPU cores, 1 to 8")->capture_default_str()->check(CLI::Range(1, 8));
    run_cmd->add_option("--policy", run_args.policy, "Scheduling policy: fifo, sjf, stcf, rr, priority, mlfq, lottery")
        ->capture_default_str();
    run_cmd->add_option("--timer", run_args.timer, "Timer period in cycles (an interrupt every T cycles)")
        ->capture_default_str()->check(CLI::PositiveNumber);
    run_cmd->add_option("--quantum", run_args.quantum, "Time slice in timer ticks")->capture_default_str()->check(CLI::PositiveNumber);
    run_cmd->add_option("--switch-cost", run_args.switch_cost,
                        "Cycles for a context switch between threads of one process (a process switch costs 5x)");
    run_cmd->add_option("--seed", run_args.seed, "Seed of the machine's random number generator")->capture_default_str();

    CLI11_PARSE(app, argc, argv);

    if (*asm_cmd) return gbcli::cmd_asm(asm_args);
    if (*dis_cmd) return gbcli::cmd_disasm(dis_args);
    if (*isa_cmd) return gbcli::cmd_isa(isa_ko);
    if (*run_cmd) return gbcli::cmd_run(run_args);
    return gbcli::kExitUsage;
}
