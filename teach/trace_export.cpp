#include "teach/trace_export.h"

#include "teach/event_words.h"
#include "teach/viewmodel.h"

#include <nlohmann/json.hpp>

namespace gb {

using nlohmann::json;

std::string chrome_trace_json(const Machine& m) {
    view::Timeline tl = view::build_timeline(m);
    json events = json::array();
    auto meta = [&](const char* what, int pid, int tid, const std::string& name) {
        events.push_back(
            {{"ph", "M"}, {"name", what}, {"pid", pid}, {"tid", tid}, {"args", {{"name", name}}}});
    };
    auto thread_name = [&](int tid) {
        return tid ? "t" + std::to_string(tid) + " " + m.thread(tid).name : std::string("idle");
    };
    meta("process_name", 0, 0, "cores");
    for (size_t c = 0; c < m.cores.size(); ++c)
        meta("thread_name", 0, static_cast<int>(c), "core " + std::to_string(c));
    for (const Process& p : m.processes)
        meta("process_name", p.pid, 0, "process " + std::to_string(p.pid) + " " + p.name);
    for (int tid : tl.thread_lanes)
        meta("thread_name", m.thread(tid).pid, tid, thread_name(tid));
    for (const view::Segment& s : tl.cores)
        if (s.tid)
            events.push_back({{"ph", "X"},
                              {"name", thread_name(s.tid)},
                              {"cat", "core"},
                              {"pid", 0},
                              {"tid", s.lane},
                              {"ts", s.start},
                              {"dur", s.end - s.start}});
    for (const view::Segment& s : tl.threads) {
        if (s.state == view::LaneState::Idle || s.state == view::LaneState::Done) continue;
        json e = {{"ph", "X"},
                  {"name", std::string(view::lane_state_name(s.state))},
                  {"cat", "thread"},
                  {"pid", m.thread(s.lane).pid},
                  {"tid", s.lane},
                  {"ts", s.start},
                  {"dur", s.end - s.start}};
        if (!s.why.empty()) e["args"] = {{"why", s.why}};
        events.push_back(e);
    }
    for (const view::SwitchMarker& sw : tl.switches)
        events.push_back(
            {{"ph", "i"},
             {"s", "t"},
             {"name", std::string(switch_reason_name(sw.reason))},
             {"cat", "switch"},
             {"pid", 0},
             {"tid", sw.core},
             {"ts", sw.cycle},
             {"args", {{"from", thread_name(sw.from_tid)}, {"to", thread_name(sw.to_tid)}}}});
    return json{{"traceEvents", events}, {"displayTimeUnit", "ns"}}.dump(1) + "\n";
}

std::string events_csv(const Machine& m) {
    std::string out = "cycle,kind,core,pid,tid,other,reason,text\n";
    for (const Event& e : m.log.events) {
        std::string text;
        for (char c : event_text(e, m.log, Lang::En))
            text += c == '"' ? std::string("\"\"") : std::string(1, c);
        out += std::to_string(e.cycle) + "," + std::string(event_kind_name(e.kind)) + "," +
               std::to_string(e.core) + "," + std::to_string(e.pid) + "," + std::to_string(e.tid) +
               "," + std::to_string(e.other) + "," +
               (e.kind == EventKind::Switch ? std::string(switch_reason_name(e.reason)) : "") +
               ",\"" + text + "\"\n";
    }
    return out;
}

} // namespace gb
