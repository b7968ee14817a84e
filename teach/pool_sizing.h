// The thread-pool sizing experiment (lesson 06), run from the dashboard:
// the lesson's pool program is assembled once per pool size (its `.equ` of
// the size changed, as a student would edit it), each run goes to its end,
// and its throughput (tasks per 1000 cycles) is recorded — so the chart of
// throughput against workers, with the rule of thumb N × (1 + WT/CT)
// marked, comes from real runs. It runs in slices (advance) so the
// dashboard can draw a progress bar between them and never blocks.
#pragma once

#include "sim/kernel/machine.h"
#include "teach/lesson.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gb {

struct SizingPoint {
    int workers = 0;
    uint64_t cycles = 0;   // to the end of the run
    int tasks = 0;         // the program's own count of finished tasks
    double throughput = 0; // tasks per 1000 cycles
};

class PoolSizing {
  public:
    // Prepares the experiment for `lesson` (which must have a pool with a
    // sizing range); false with error() set when it cannot.
    bool start(const Lesson& lesson);
    // Runs at most `budget` instructions of the experiment; true once every
    // size has run (or on an error).
    bool advance(uint64_t budget);
    bool running() const { return started_ && !finished(); }
    bool finished() const { return started_ && (next_ > to_ || !error_.empty()); }
    double progress() const; // 0..1
    const std::vector<SizingPoint>& points() const { return points_; }
    // N × (1 + WT/CT): N the lesson's cores, WT the program's wait constant,
    // CT the CPU cycles per task measured in the one-worker run (nullopt until then).
    std::optional<double> rule_of_thumb() const;
    double wait_cycles() const { return wt_; }
    double compute_cycles() const { return ct_; }
    int cores() const { return cores_; }
    const std::string& error() const { return error_; }
    // The size with the highest throughput so far (0 if none).
    int best_workers() const;

  private:
    bool begin_run(); // assembles and boots the run for size next_
    bool started_ = false;
    std::string error_;
    std::string source_, path_, constant_, wait_, done_symbol_;
    int from_ = 1, to_ = 0, next_ = 1, cores_ = 1;
    Config config_;
    std::optional<Machine> run_; // the run for size next_
    uint64_t run_steps_ = 0;
    double wt_ = 0, ct_ = 0;
    std::vector<SizingPoint> points_;
};

// The program's source with its `.equ NAME, value` line's value replaced;
// nullopt if it has no such line.
std::optional<std::string> with_equ(const std::string& source, const std::string& name, int value);

} // namespace gb
