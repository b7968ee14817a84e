// OSTEP's homework simulators on Glassbox's kernel: `glassbox-cli ostep SIM
// [flags]` takes the flags of scheduler.py, mlfq.py and lottery.py with the
// same meanings and defaults, runs the jobs as processes on the kernel (the
// scheduling lab, sched_lab.h) under SchedRules::Ostep, and prints the
// figures in the original's format and order (docs/ostep.md). Random
// workloads and lottery draws come from Python's random stream (mt19937.h).
#pragma once

#include <string>
#include <vector>

namespace gb {

struct OstepOutput {
    std::string out;   // what the original prints on stdout
    std::string error; // non-empty: a bad command line or workload
    int exit_code = 0;
};

// The simulators Glassbox knows: "scheduler", "mlfq", "lottery", "process-run", "x86".
const std::vector<std::string>& ostep_simulators();
OstepOutput run_ostep(const std::string& sim, const std::vector<std::string>& args);

} // namespace gb
