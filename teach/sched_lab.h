// The scheduling lab (OSTEP chapters 7–8, like its scheduler.py and
// mlfq.py): a list of jobs runs as real processes on the same kernel and
// scheduler as every program, on one core, with zero switch cost, and the
// lab reports a tick-by-tick timeline and the textbook metrics:
//
//   response   = first run  − arrival
//   turnaround = completion − arrival
//   wait       = time spent ready (in the ready queue, not running, not in I/O)
//
// Each job is a generated program that burns exactly LENGTH ticks of CPU
// (one tick = tick_cycles cycles, the timer period) in a counting loop,
// and, when IO_EVERY is given, does an I/O (a sleep of io_time ticks) after
// every IO_EVERY ticks of running. Every piece of work is a whole number of
// ticks, so each tick belongs to exactly one job and the figures are whole
// ticks. SJF and STCF know each job's length (the textbook's oracle).
#pragma once

#include "sim/kernel/machine.h"
#include "sim/kernel/scheduler.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gb {

struct LabJob {
    int id = 0;            // 0, 1, 2, ... in the order given
    uint32_t arrival = 0;  // ticks
    uint32_t length = 0;   // ticks of CPU
    uint32_t io_every = 0; // ticks of running between I/Os (0 = no I/O)
    int priority = 0;      // priority policy: higher first; lottery: tickets
    // Instead of length and io_every: the ticks of work before each I/O and
    // after the last one (process-run.py's programs); length is their sum.
    std::vector<uint32_t> pieces;
};

// "100,10,10" or "0:100,10:10:2": LENGTH, ARRIVAL:LENGTH or ARRIVAL:LENGTH:IO_EVERY.
bool parse_jobs(std::string_view spec, std::vector<LabJob>& out, std::string& error);

struct LabOptions {
    SchedParams sched;         // policy, quantum, MLFQ levels/allotment/boost (all in ticks)
    uint32_t io_time = 5;      // ticks an I/O takes
    uint64_t seed = 1;         // the machine's PRNG (lottery)
    uint32_t tick_cycles = 10; // the timer period: cycles per tick
    // OSTEP rules' lottery: the state of Python's random stream the draws
    // continue (after lottery.py generated its jobs from it).
    std::optional<PyRandom> ostep_random;
};

// A job's program (assembly text), as the lab generates it.
std::string lab_job_program(const LabJob& job, uint32_t tick_cycles, uint32_t io_time);

enum class LabState : uint8_t { NotArrived, Ready, Running, Io, Done };
std::string_view lab_state_name(LabState s);

struct LabTick {
    uint32_t tick = 0;
    int running = -1;                // job id, -1 when the CPU is idle
    std::vector<LabState> states;    // per job, during this tick
    std::vector<int> levels;         // per job, its MLFQ level
    std::vector<std::string> events; // "1 arrives", "0 starts I/O", "0 done", ...
};

struct LabJobResult {
    LabJob job;
    int pid = 0, tid = 0;
    uint32_t first_run = 0, completion = 0;                  // ticks
    uint32_t response = 0, turnaround = 0, wait = 0, io = 0; // ticks
    uint64_t ready_cycles = 0; // wait in cycles (a multiple of tick_cycles)
};

struct LabResult {
    std::string error; // non-empty when the lab could not run
    std::vector<LabJobResult> jobs;
    std::vector<LabTick> timeline;
    double avg_response = 0, avg_turnaround = 0, avg_wait = 0;
    uint32_t ticks = 0;             // when the last job completed
    uint64_t switches = 0;          // context switches between jobs
    uint64_t boosts = 0;            // MLFQ boosts
    std::vector<LotteryDraw> draws; // OSTEP rules' lottery: every draw, in order
    // The machine with every job loaded, before it ran (the dashboard opens it).
    std::shared_ptr<const Machine> start;
    bool ok() const { return error.empty(); }
};

LabResult run_sched_lab(const std::vector<LabJob>& jobs, const LabOptions& opts);

// The text report: settings, the tick-by-tick timeline, the metrics table.
std::string format_lab_report(const LabResult& r, const LabOptions& opts);

} // namespace gb
