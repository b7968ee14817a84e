// OSTEP's homework simulators on Glassbox's kernel: `glassbox-cli ostep SIM
// [flags]` takes the flags of scheduler.py, mlfq.py and lottery.py with the
// same meanings and defaults, runs the jobs as processes on the kernel (the
// scheduling lab, sched_lab.h) under SchedRules::Ostep, and prints the
// figures in the original's format and order (docs/ostep.md). Random
// workloads and lottery draws come from Python's random stream (mt19937.h).
#pragma once

#include "sim/kernel/machine.h"

#include <memory>
#include <string>
#include <vector>

namespace gb {

struct OstepOutput {
    std::string out;   // what the original prints on stdout
    std::string error; // non-empty: a bad command line or workload
    int exit_code = 0;
    // The jobs' machine before it ran (scheduler, mlfq, lottery,
    // process-run with -c): what `glassbox --ostep SIM ...` opens.
    std::shared_ptr<const Machine> start;

    OstepOutput() = default;
    OstepOutput(std::string o, std::string e, int code,
                std::shared_ptr<const Machine> machine = nullptr)
        : out(std::move(o)), error(std::move(e)), exit_code(code), start(std::move(machine)) {}
};

// The simulators Glassbox knows: "scheduler", "mlfq", "lottery", "process-run", "x86".
const std::vector<std::string>& ostep_simulators();
OstepOutput run_ostep(const std::string& sim, const std::vector<std::string>& args);

} // namespace gb
