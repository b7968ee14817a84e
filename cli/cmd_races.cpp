// run --races / --watch / --history: the run goes one Machine::step() at a
// time under observers that never change it (teach/race_detector.h,
// teach/watchpoint.h, teach/value_history.h), then their findings are
// printed as text or JSON. docs/races.md explains the output.
#include "cli.h"

#include "sim/kernel/machine.h"
#include "teach/event_words.h"
#include "teach/race_detector.h"
#include "teach/value_history.h"
#include "teach/watchpoint.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gbcli {

namespace {

// "file.s:35: load r3, [count]" without the line's comment.
std::string code_of(const std::string& source) {
    size_t semi = source.find(';', source.find(": "));
    std::string out = semi == std::string::npos ? source : source.substr(0, semi);
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

nlohmann::json access_json(const gb::RaceAccess& x) {
    return {{"tid", x.tid},
            {"pc", x.pc},
            {"write", x.write},
            {"cycle", x.cycle},
            {"line", x.line},
            {"source", x.source},
            {"instruction", x.instruction}};
}

std::string access_text(const gb::RaceAccess& x) {
    return fmt::format("thread {} {:<5} at {}  (cycle {}, instruction {})", x.tid,
                       x.write ? "write" : "read", code_of(x.source), x.cycle, x.instruction);
}

std::string write_ref(const gb::ValueHistory& h, int i) {
    const gb::HistoryEntry& e = h.writes[static_cast<size_t>(i)];
    return fmt::format("#{} (thread {})", i, e.tid);
}

void print_history(const gb::ValueHistory& h) {
    uint32_t final_value = h.writes.empty() ? h.initial : h.writes.back().new_value;
    fmt::print("--- history of {} ({:#x}): {} writes, {} stale stores, {} lost updates, "
               "value {} -> {}\n",
               h.name, h.addr, h.writes.size(), h.stale(), h.lost(),
               static_cast<int32_t>(h.initial), static_cast<int32_t>(final_value));
    for (size_t i = 0; i < h.writes.size(); ++i) {
        const gb::HistoryEntry& e = h.writes[i];
        std::string marks;
        if (e.stale()) {
            std::vector<std::string> refs;
            for (int o : e.overwrote)
                refs.push_back(write_ref(h, o));
            marks += fmt::format("  STALE: read {} and overwrote {}",
                                 e.from >= 0 ? fmt::format("#{}", e.from) : "the initial value",
                                 fmt::join(refs, ", "));
        }
        if (e.lost)
            marks += e.erased_by >= 0
                         ? fmt::format("  LOST: erased by {}", write_ref(h, e.erased_by))
                         : std::string("  LOST");
        fmt::print("{:>5} cycle {:>7}  thread {}  {}  {} -> {}{}\n", i, e.cycle, e.tid,
                   code_of(e.source), static_cast<int32_t>(e.old_value),
                   static_cast<int32_t>(e.new_value), marks);
    }
}

nlohmann::json history_json(const gb::ValueHistory& h) {
    nlohmann::json j;
    j["name"] = h.name;
    j["address"] = h.addr;
    j["initial"] = static_cast<int32_t>(h.initial);
    j["lost_updates"] = h.lost();
    j["stale_stores"] = h.stale();
    j["writes"] = nlohmann::json::array();
    for (const gb::HistoryEntry& e : h.writes)
        j["writes"].push_back({{"cycle", e.cycle},
                               {"instruction", e.instruction},
                               {"tid", e.tid},
                               {"pc", e.pc},
                               {"line", e.line},
                               {"source", e.source},
                               {"old", static_cast<int32_t>(e.old_value)},
                               {"new", static_cast<int32_t>(e.new_value)},
                               {"read_from", e.from >= 0 ? nlohmann::json(e.from) : nullptr},
                               {"stale", e.stale()},
                               {"overwrote", e.overwrote},
                               {"lost", e.lost},
                               {"erased_by", e.lost ? nlohmann::json(e.erased_by) : nullptr}});
    return j;
}

} // namespace

int run_observed(const RunArgs& a, gb::Machine& m) {
    const gb::Image& image = *m.process(1).image;
    std::vector<gb::Watchpoint> watches;
    std::vector<gb::ValueHistoryRecorder> histories;
    std::string error;
    for (const std::string& text : a.watch) {
        auto w = gb::parse_watchpoint(text, image, error);
        if (!w) {
            fmt::print(stderr, "--{}\n", error);
            return kExitUsage;
        }
        watches.push_back(*w);
    }
    for (const std::string& text : a.history) {
        auto w = gb::parse_watchpoint(text, image, error);
        if (!w || w->cmp != gb::Watchpoint::Cmp::Any || w->on_read || !w->on_write) {
            fmt::print(stderr,
                       "--history {}: expected a data label or an address (no mode, no "
                       "condition){}\n",
                       text, w ? "" : ": " + error);
            return kExitUsage;
        }
        histories.emplace_back(m, w->pid, w->addr, w->name);
    }

    gb::RaceDetector races;
    nlohmann::json hits = nlohmann::json::array();
    gb::StopReason stop = gb::StopReason::Budget;
    bool faulted = false, watch_stopped = false;
    int idle = 0;
    while (m.instructions < a.max_steps && !watch_stopped) {
        gb::StepResult s = m.step();
        if (!s.executed) {
            stop = s.stop;
            if (stop == gb::StopReason::Budget && ++idle < 1000) continue;
            break;
        }
        idle = 0;
        if (a.races) races.observe(m, s);
        for (auto& h : histories)
            h.observe(m, s);
        for (const gb::Watchpoint& w : watches)
            if (auto hit = gb::watch_hit(w, m, s)) {
                if (a.json)
                    hits.push_back({{"watch", w.text},
                                    {"tid", s.tid},
                                    {"write", hit->write},
                                    {"old", static_cast<int32_t>(hit->old_value)},
                                    {"new", static_cast<int32_t>(hit->new_value)},
                                    {"cycle", s.cycle},
                                    {"instruction", m.instructions},
                                    {"source", m.source_line(s.pid, s.outcome.pc)}});
                else
                    fmt::print("watch {}: {}\n", w.text, gb::describe_hit(w, *hit, m, s));
                if (a.watch_stop) {
                    watch_stopped = true;
                    stop = gb::StopReason::Watchpoint;
                }
            }
        if (s.stop == gb::StopReason::Fault) faulted = true;
        if (s.stop == gb::StopReason::Paused) {
            stop = s.stop;
            break;
        }
    }
    bool paused = stop == gb::StopReason::Paused;
    bool limit = paused || (!watch_stopped && m.instructions >= a.max_steps && !m.all_done());
    if (m.all_done()) stop = gb::StopReason::AllDone;
    const std::vector<gb::Race>& found = races.races();

    if (a.json) {
        nlohmann::json j;
        j["file"] = a.file;
        j["stop"] = gb::stop_reason_name(stop);
        const gb::Process& main = m.process(1);
        j["exit_code"] = main.exited ? nlohmann::json(main.exit_code) : nlohmann::json(nullptr);
        j["instructions"] = m.instructions;
        j["cycles"] = m.now;
        j["output"] = m.console;
        j["limit_reached"] = limit;
        if (a.races) {
            j["races"] = nlohmann::json::array();
            for (const gb::Race& r : found)
                j["races"].push_back({{"pid", r.pid},
                                      {"address", r.addr},
                                      {"symbol", r.symbol},
                                      {"times", r.times},
                                      {"first", access_json(r.first)},
                                      {"second", access_json(r.second)}});
        }
        if (!watches.empty()) j["watch_hits"] = hits;
        for (const auto& h : histories)
            j["histories"].push_back(history_json(h.history()));
        fmt::print("{}\n", j.dump(2));
    } else {
        fmt::print("{}", m.console);
        if (!m.console.empty() && m.console.back() != '\n') fmt::print("\n");
        fmt::print("---\n");
        fmt::print("{} instructions, {} cycles ({})\n", m.instructions, m.now,
                   watch_stopped ? "stopped at the watch" : gb::stop_reason_name(stop));
        if (paused) fmt::print("stopped: {}\n", gb::stop_text(m));
        if (limit && !paused)
            fmt::print("stopped: the step limit of {} instructions was reached (--max-steps)\n",
                       a.max_steps);
        for (const auto& h : histories)
            print_history(h.history());
        if (a.races) {
            for (const gb::Race& r : found) {
                fmt::print("race on {} ({:#x}) in process {}, {} time{}:\n", r.symbol, r.addr,
                           r.pid, r.times, r.times == 1 ? "" : "s");
                fmt::print("  {}\n  {}\n", access_text(r.first), access_text(r.second));
            }
            if (found.empty())
                fmt::print("no data races: every conflicting pair of accesses is ordered by "
                           "happens-before\n");
            else
                fmt::print("{} data race{} (pairs of instructions)\n", found.size(),
                           found.size() == 1 ? "" : "s");
        }
    }
    if (limit) return kExitLimit;
    if (a.races && !found.empty()) return kExitRaces;
    if (stop == gb::StopReason::Deadlock) return kExitDeadlock;
    if (faulted || m.last_fault.fault != gb::Fault::None) return kExitFault;
    return kExitOk;
}

} // namespace gbcli
