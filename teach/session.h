// A debugging session over one Machine: the named commands the dashboard
// (and tests) use to change the machine — load, reload, reset, step, step
// back, run to an address, run a frame's budget, breakpoints, settings.
// No GUI dependency, so every command is unit-testable.
//
// Step back is exact, one instruction at a time: the session keeps a
// bounded list of checkpoints (copies of the Machine, which is a value) and
// replays from the newest one before the target. Replay is deterministic
// (DESIGN.md invariant 3), so the state reached is the state that was.
//
// Errors are values: a program that does not assemble never replaces the
// current session; its errors are kept for the dashboard's error list.
//
// A lesson (lesson.h) opens through the session too: its settings, then one
// of its programs. A lesson with containers (lesson 16) creates them in the
// machine's kernel (container.h) and starts each one's program there.
#pragma once

#include "sim/asm/assembler.h"
#include "sim/kernel/container.h"
#include "sim/kernel/machine.h"
#include "teach/event_words.h"
#include "teach/lesson.h"
#include "teach/watchpoint.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gb {

class Session {
  public:
    explicit Session(Config cfg = {});

    // --- loading ---------------------------------------------------------
    // Assembles `path` and, if it assembles, starts a fresh machine on it.
    // On errors the current program and machine stay; errors() lists them.
    bool load(const std::string& path);
    // The same from text (tests, drag-and-drop of text); `path` names it.
    bool load_source(const std::string& source, const std::string& path);
    // The editor's "apply and reset": `source` (the edited text of `path`)
    // becomes the program and the machine starts again on it. Unlike
    // load_source, the settings, pinned watches and — when `keep_lesson` —
    // the open lesson stay, and each breakpoint moves to the same source
    // line in the new program (dropped if that line has no instruction now).
    // On errors nothing changes but errors() (the last good program runs on).
    bool apply_source(const std::string& source, const std::string& path, bool keep_lesson);
    bool reload();
    // Opens a machine built elsewhere with its own settings (OSTEP's x86.py
    // homework: teach/ostep_x86.h), running `image` from `path`; reset, step
    // back and time travel return to this start. New settings replace it
    // with a machine built from them.
    void load_prepared(const Machine& start, std::shared_ptr<const Image> image,
                       const std::string& path);
    bool prepared() const { return prepared_.has_value(); }

    // --- lessons ---------------------------------------------------------
    // Opens `lesson`: its settings (lesson_config) replace the current ones
    // and its program number `program` (0: the first, the one a lesson opens
    // with) is loaded. A lesson with containers starts them when it opens
    // its first program, each running its own program. Like load(), a
    // program that does not assemble leaves everything as it was (errors()
    // lists why) and false is returned; so does a program number out of range.
    bool open_lesson(const Lesson& lesson, size_t program = 0);
    // The lesson last opened, or nullptr after a plain load().
    const Lesson* lesson() const { return lesson_ ? &*lesson_ : nullptr; }
    size_t lesson_program() const { return lesson_program_; }
    // Whether the lesson runs its programs in containers (Machine::containers).
    bool contained() const { return !container_runs_.empty(); }
    bool loaded() const { return image_ != nullptr; }
    const std::string& path() const { return path_; }
    const Image* image() const { return image_.get(); }

    // The errors of the last failed load (empty after a successful one).
    const std::vector<AsmError>& errors() const { return errors_; }
    const std::string& error_path() const { return error_path_; }
    void clear_errors() { errors_.clear(); }
    // The text of an error's line (read from its file), or "".
    static std::string line_of_file(const std::string& file, int line);

    // True when the program's file (or one it includes) changed on disk
    // since it was loaded (or since the last failed load of it).
    bool source_changed_on_disk() const;

    // --- the machine -----------------------------------------------------
    const Machine& machine() const { return machine_; }
    const Config& config() const { return config_; }
    // New settings rebuild the machine from the start of the program.
    void set_config(const Config& cfg);
    // Back to the state right after loading (breakpoints stay).
    void reset();

    // --- stepping --------------------------------------------------------
    StepResult step();
    // Up to n instructions; stops early like Machine::run. Returns the stop.
    RunResult step_n(uint64_t n);
    // Undo the last instruction executed. False at the start.
    bool step_back();
    bool can_step_back() const { return machine().instructions > 0; }
    // Runs until some core is about to execute `addr` (or another stop, or
    // `limit` instructions).
    RunResult run_to(uint32_t addr, uint64_t limit = 50'000'000);
    // One frame of a live run: up to `budget` instructions. A stop other
    // than the budget pauses the session.
    RunResult run_for_frame(uint64_t budget);

    // --- run state -------------------------------------------------------
    bool running() const { return running_; }
    void set_running(bool on);
    void toggle_running() { set_running(!running_); }
    // Instructions per second while running; 0 means as fast as possible.
    double speed() const { return speed_; }
    void set_speed(double instr_per_sec) { speed_ = instr_per_sec < 0 ? 0 : instr_per_sec; }
    // Why the last command stopped (nullopt after a plain budget or a new load).
    std::optional<StopReason> last_stop() const { return last_stop_; }
    // A sentence for the status bar about the last stop ("" if none).
    std::string last_stop_text(Lang lang = Lang::En) const;

    // --- watches (lesson_watch.h) ---------------------------------------
    // The lesson's watches, then those the user pinned. The kernel records
    // the writes to every watched word from the start of the program.
    std::vector<LessonWatch> watches() const;
    // Pins a watch (a global or a TLS variable from the code or memory
    // views); its writes are recorded from now on (and in the checkpoints,
    // so step back keeps them). False if one of that name is pinned already.
    bool pin(const LessonWatch& w);
    void unpin(const std::string& name);
    const std::vector<LessonWatch>& pinned() const { return pinned_; }

    // --- breakpoints (code addresses, any process) -----------------------
    // Kept in one place, the machine's set (Machine::breakpoints), which
    // survives reset, step back and new settings; a new program clears it.
    void set_breakpoint(uint32_t addr, bool on);
    void toggle_breakpoint(uint32_t addr);
    bool has_breakpoint(uint32_t addr) const { return machine_.breakpoints.count(addr) != 0; }
    const std::set<uint32_t>& breakpoints() const { return machine_.breakpoints; }

    // --- time travel (time_travel.cpp) -----------------------------------
    // Watchpoints (watchpoint.h) that continue_run and reverse_continue stop at.
    void set_watchpoints(std::vector<Watchpoint> w) { watchpoints_ = std::move(w); }
    const std::vector<Watchpoint>& watchpoints() const { return watchpoints_; }
    // Runs forward to the next breakpoint or watchpoint hit (or another
    // stop, or `limit` instructions), one step at a time.
    RunResult continue_run(uint64_t limit = 50'000'000);
    // Runs backwards to the previous breakpoint or watchpoint hit, on any
    // thread or core: replays from the start and lands on exactly the state
    // a forward continue_run had there. False (nothing changes) if none.
    bool reverse_continue();
    // The state after exactly n instructions (replayed; past the present it runs forward).
    bool go_to_instruction(uint64_t n);
    // The first moment whose time (Machine::now) is at least `cycle`, going
    // back or forward (the timeline's clicks): back through the checkpoints
    // and replay, or forward from the present; breakpoints do not stop it.
    // At the end of the run before that cycle, it stays at the end.
    bool go_to_cycle(uint64_t cycle);
    // Back to just before the call of the function that thread `tid` is in
    // (0: the thread that ran last), whichever cores it ran on. False at
    // its outermost function.
    bool reverse_step_out(int tid = 0);
    // Back to thread `tid`'s previous instruction (0: the thread that ran
    // last) in the same function, whichever core ran it, while other
    // threads ran in between (a call made in between is undone as a
    // whole); at a function's first instruction, back to its call.
    bool reverse_step_over(int tid = 0);
    // Console input fed to the shared terminal when the machine starts (and
    // on every restart, so replays see it too). Setting it restarts the machine.
    void set_console_input(std::string text);
    const std::string& console_input() const { return console_input_; }
    // The machine as it started (what histories and race reports replay from).
    const Machine& initial_machine() const;
    // What the last continue_run or reverse_continue stopped at ("" if nothing).
    const std::string& travel_note() const { return travel_note_; }
    // The watchpoint hit it stopped at, if it stopped at one of watchpoints().
    const std::optional<WatchStop>& watch_stop() const { return watch_stop_; }

    // --- bookkeeping -----------------------------------------------------
    // Bumped whenever the machine jumps (load, reset, step back, config), so
    // views can drop caches keyed on instruction counts.
    uint64_t generation() const { return generation_; }
    size_t checkpoints() const { return checkpoints_.size(); }
    static constexpr size_t kMaxCheckpoints = 64;
    // The bytes the checkpoints hold of their own: each one's memory pages
    // that the checkpoint before it does not share, and an estimate of the
    // rest of it (its event log above all). Kept under kCheckpointBudget by
    // thinning out the older checkpoints.
    size_t checkpoint_bytes() const;
    static constexpr size_t kCheckpointBudget = size_t{16} << 20;
    void set_checkpoint_budget(size_t bytes) { checkpoint_budget_ = bytes; }
    // The least spacing of checkpoints, in instructions (more when the event
    // log is long, as copying the machine costs more then).
    static constexpr uint64_t kCheckpointEvery = 2048;

  private:
    // A program to start in a container (lesson 16).
    struct ContainerRun {
        ContainerSpec spec;
        std::shared_ptr<const Image> image;
        std::string name; // the process name (the program's file name)
        std::string path;
    };

    // Assembles `path`; on errors records them (and watches the file) and returns false.
    bool assemble_or_keep(const std::string& path, std::shared_ptr<const Image>& out);
    // Makes `image` (assembled from `path`) the session's program.
    void commit(const std::string& path, std::shared_ptr<const Image> image);
    void start_machine();
    void checkpoint_if_due();
    void note_stop(StopReason r);
    void remember_files();

    Config config_;
    Machine machine_;
    std::optional<Machine> prepared_; // load_prepared's start, if that is what is open
    std::vector<ContainerRun> container_runs_;
    std::optional<Lesson> lesson_;
    size_t lesson_program_ = 0;
    std::shared_ptr<const Image> image_;
    std::string path_;
    std::vector<AsmError> errors_;
    std::string error_path_;
    std::vector<Machine> checkpoints_; // ascending by instructions; [0] is the start
    // checkpoint_bytes_[i]: the unshared bytes of checkpoints_[i] (against
    // [i - 1]); trimmed to checkpoints_'s size whenever that shrank.
    std::vector<size_t> checkpoint_bytes_;
    size_t checkpoint_budget_ = kCheckpointBudget;
    std::vector<LessonWatch> pinned_;
    bool running_ = false;
    double speed_ = 0;
    std::optional<StopReason> last_stop_;
    uint64_t generation_ = 0;
    struct Watched {
        std::string path;
        std::filesystem::file_time_type mtime;
    };
    std::vector<Watched> watched_;
    std::vector<Watchpoint> watchpoints_;
    std::string travel_note_;
    std::optional<WatchStop> watch_stop_;
    std::string console_input_;
    void land(Machine m, std::optional<StopReason> why); // time travel arrives at `m`
};

} // namespace gb
