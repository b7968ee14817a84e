// Time travel for the session (session.h): continue to the next hit,
// reverse-continue, go to instruction N, reverse step-out and step-over.
//
// Going back never runs the machine backwards: the machine is a value and
// deterministic, so the session replays it forward from its start (or a
// checkpoint) and keeps the state it wants. Forward and backward runs go
// through the same loop (advance), so a hit found going backwards is the
// very state the forward run stopped in.
#include "teach/session.h"

#include <fmt/format.h>
#include <functional>

namespace gb {

namespace {

enum class Advance { Hit, Reached, Ended };

struct AdvanceResult {
    Advance kind = Advance::Reached;
    StopReason stop = StopReason::Budget;
    std::string note;               // what was hit
    std::optional<WatchStop> watch; // the watchpoint that was hit, if one was
};

// Runs `m` until `until` instructions have run, or a hit: like
// Machine::run, its first step passes a breakpoint it starts on; after each
// step the watchpoints are checked, then whether the core that just ran
// sits on a breakpoint. A thread switched in right on a breakpoint is a
// hit too (before it runs).
AdvanceResult advance(Machine& m, uint64_t until, const std::vector<Watchpoint>& watchpoints,
                      const std::function<void(const Machine&)>& after_step) {
    bool first = true;
    int idle = 0;
    while (m.instructions < until) {
        m.stop_at_breakpoints = !first;
        StepResult s = m.step();
        m.stop_at_breakpoints = false;
        if (!s.executed) {
            if (s.stop == StopReason::Budget && ++idle < 1000) continue;
            if (s.stop == StopReason::Breakpoint)
                return {Advance::Hit, StopReason::Breakpoint,
                        "a thread switched in at a breakpoint"};
            return {Advance::Ended, s.stop, ""};
        }
        idle = 0;
        first = false;
        if (after_step) after_step(m);
        for (const Watchpoint& w : watchpoints)
            if (auto hit = watch_hit(w, m, s))
                return {Advance::Hit, StopReason::Watchpoint, describe_hit(w, *hit, m, s),
                        WatchStop{w, *hit, s.pid, s.tid, s.outcome.pc, s.cycle}};
        if (s.stop == StopReason::Watchpoint)
            return {Advance::Hit, StopReason::Watchpoint, "a watched word was written"};
        if (s.stop == StopReason::Fault || s.stop == StopReason::Paused)
            return {Advance::Ended, s.stop, ""};
        const Core& c = m.cores[static_cast<size_t>(s.core)];
        if (c.tid && m.breakpoints.count(c.ctx.pc))
            return {Advance::Hit, StopReason::Breakpoint,
                    fmt::format("breakpoint at {}", m.source_line(m.thread(c.tid).pid, c.ctx.pc))};
    }
    return {};
}

// Steps `m` (no stops) until exactly `n` instructions have run.
void replay(Machine& m, uint64_t n, const std::function<void(const StepResult&)>& seen = {}) {
    int idle = 0;
    while (m.instructions < n) {
        StepResult s = m.step();
        if (!s.executed) {
            if (s.stop == StopReason::Budget && ++idle < 1000) continue;
            break;
        }
        idle = 0;
        if (seen) seen(s);
    }
}

} // namespace

const Machine& Session::initial_machine() const {
    return checkpoints_.empty() ? machine_ : checkpoints_.front();
}

void Session::set_console_input(std::string text) {
    console_input_ = std::move(text);
    start_machine();
}

void Session::land(Machine m, std::optional<StopReason> why) {
    // Breakpoints belong to the user, not to the moment: keep today's set.
    std::set<uint32_t> breakpoints = std::move(machine_.breakpoints);
    machine_ = std::move(m);
    machine_.breakpoints = std::move(breakpoints);
    while (checkpoints_.size() > 1 && checkpoints_.back().instructions > machine_.instructions)
        checkpoints_.pop_back();
    running_ = false;
    last_stop_ = why;
    watch_stop_.reset();
    ++generation_;
}

RunResult Session::continue_run(uint64_t limit) {
    uint64_t start = machine_.instructions;
    AdvanceResult r = advance(machine_, start + limit, watchpoints_,
                              [this](const Machine&) { checkpoint_if_due(); });
    travel_note_ = r.note;
    watch_stop_ = r.watch;
    RunResult out;
    out.steps = machine_.instructions - start;
    out.reason = r.kind == Advance::Reached ? StopReason::Budget : r.stop;
    note_stop(out.reason);
    return out;
}

bool Session::reverse_continue() {
    if (checkpoints_.empty()) return false;
    const uint64_t now = machine_.instructions;
    Machine m = checkpoints_.front();
    m.breakpoints = machine_.breakpoints;
    std::optional<Machine> last;
    std::string note;
    std::optional<WatchStop> watch;
    StopReason why = StopReason::Breakpoint;
    while (m.instructions < now) {
        AdvanceResult r = advance(m, now, watchpoints_, {});
        if (r.kind == Advance::Hit) {
            if (m.instructions >= now) break; // the present itself
            last = m;
            note = r.note;
            watch = r.watch;
            why = r.stop;
            continue;
        }
        if (r.kind == Advance::Ended && r.stop == StopReason::Fault) continue; // others run on
        break;
    }
    if (!last) return false;
    land(std::move(*last), why);
    travel_note_ = note;
    watch_stop_ = watch;
    return true;
}

bool Session::go_to_instruction(uint64_t n) {
    if (checkpoints_.empty()) return false;
    if (n == machine_.instructions) return true;
    if (n > machine_.instructions) {
        while (machine_.instructions < n) {
            checkpoint_if_due();
            uint64_t before = machine_.instructions;
            replay(machine_, std::min(n, before + kCheckpointEvery));
            if (machine_.instructions == before) break; // the run has ended
        }
        running_ = false;
        last_stop_.reset();
        ++generation_;
        return machine_.instructions == n;
    }
    size_t i = checkpoints_.size();
    while (i > 1 && checkpoints_[i - 1].instructions > n)
        --i;
    Machine m = checkpoints_[i - 1];
    replay(m, n);
    travel_note_.clear();
    land(std::move(m), std::nullopt);
    return true;
}

bool Session::go_to_cycle(uint64_t cycle) {
    if (checkpoints_.empty()) return false;
    // Steps `m` until its time reaches the cycle (or the run ends).
    auto run_until_cycle = [cycle](Machine& m, const std::function<void()>& before_step) {
        const uint64_t limit = m.instructions + 50'000'000; // a cycle the run never reaches
        int idle = 0;
        while (m.now < cycle && m.instructions < limit) {
            if (before_step) before_step();
            StepResult s = m.step();
            if (!s.executed) {
                if (s.stop == StopReason::Budget && ++idle < 1000) continue;
                break;
            }
            idle = 0;
        }
    };
    if (machine_.now < cycle) { // forward: the machine itself runs on, checkpointed as it goes
        run_until_cycle(machine_, [this] { checkpoint_if_due(); });
        running_ = false;
        last_stop_.reset();
        travel_note_.clear();
        watch_stop_.reset();
        ++generation_;
        return true;
    }
    // Back: from the newest checkpoint before the cycle, find the first
    // instruction count at it, then land there.
    size_t i = checkpoints_.size();
    while (i > 1 && checkpoints_[i - 1].now >= cycle)
        --i;
    Machine m = checkpoints_[i - 1];
    run_until_cycle(m, {});
    return go_to_instruction(m.instructions);
}

namespace {

// For reverse step-out and step-over: replays to `now` and follows thread
// `tid` (0: the thread that ran the last instruction), whichever core it
// ran on: the instruction counts of its active calls, and of its latest
// instruction at each call depth.
struct Frames {
    int tid = 0;
    std::vector<uint64_t> calls;        // instruction counts of its active calls
    std::vector<int64_t> last_at_depth; // its latest instruction at each depth (-1: none since)
};

Frames frames_at(const Machine& start, uint64_t now, int tid) {
    struct PerThread {
        std::vector<uint64_t> calls;
        std::vector<int64_t> last_at_depth;
    };
    std::vector<PerThread> threads;
    int last_tid = 0;
    Machine m = start;
    replay(m, now, [&](const StepResult& s) {
        if (static_cast<size_t>(s.tid) >= threads.size())
            threads.resize(static_cast<size_t>(s.tid) + 1);
        PerThread& t = threads[static_cast<size_t>(s.tid)];
        const uint64_t count = m.instructions - 1;
        const size_t depth = t.calls.size();
        if (t.last_at_depth.size() <= depth + 1) t.last_at_depth.resize(depth + 2, -1);
        t.last_at_depth[depth] = static_cast<int64_t>(count);
        const Op op = s.outcome.instr.op;
        if (s.outcome.kind == StepKind::Executed && (op == Op::Call || op == Op::Callr)) {
            t.calls.push_back(count);
            t.last_at_depth[depth + 1] = -1; // the callee has run nothing yet
        } else if (s.outcome.kind == StepKind::Executed && op == Op::Ret && !t.calls.empty()) {
            t.calls.pop_back();
        }
        last_tid = s.tid;
    });
    Frames f;
    f.tid = tid ? tid : last_tid;
    if (f.tid > 0 && static_cast<size_t>(f.tid) < threads.size()) {
        f.calls = threads[static_cast<size_t>(f.tid)].calls;
        f.last_at_depth = threads[static_cast<size_t>(f.tid)].last_at_depth;
    } else {
        f.tid = 0; // it has not run yet
    }
    return f;
}

} // namespace

bool Session::reverse_step_out(int tid) {
    if (checkpoints_.empty() || machine_.instructions == 0) return false;
    Frames f = frames_at(checkpoints_.front(), machine_.instructions, tid);
    if (f.calls.empty()) return false;
    return go_to_instruction(f.calls.back());
}

bool Session::reverse_step_over(int tid) {
    if (checkpoints_.empty() || machine_.instructions == 0) return false;
    Frames f = frames_at(checkpoints_.front(), machine_.instructions, tid);
    if (!f.tid) return false;
    // The newest instruction at the depth the thread is in now: the one
    // that just ran, or (after a return) the call that has just finished.
    // At a function's first instruction there is none: back to its call.
    size_t depth = f.calls.size();
    if (depth < f.last_at_depth.size() && f.last_at_depth[depth] >= 0)
        return go_to_instruction(static_cast<uint64_t>(f.last_at_depth[depth]));
    if (!f.calls.empty()) return go_to_instruction(f.calls.back());
    return false;
}

} // namespace gb
