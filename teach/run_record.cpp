#include "teach/run_record.h"

#include "teach/event_words.h"

#include <fmt/format.h>

namespace gb {

std::string run_record(const Session& s) {
    const Machine& m = s.machine();
    const Config& c = s.config();
    std::string out = "# Glassbox run\n";
    out += fmt::format("program: {}\n", s.path());
    if (const Lesson* l = s.lesson())
        out += fmt::format("lesson: {} (program {})\n", l->id, s.lesson_program() + 1);
    out += fmt::format("settings: cores {}, policy {}, quantum {} ticks, timer every {} cycles, "
                       "thread switch {} cycles, process switch {} cycles, seed {}\n",
                       c.cores, policy_name(c.sched.policy), c.sched.quantum_ticks, c.timer_period,
                       c.thread_switch_cost, c.process_switch_cost, c.seed);
    out += fmt::format("instructions: {}\ncycle: {}\n", m.instructions, m.now);
    if (auto stop = s.last_stop()) out += fmt::format("stopped: {}\n", stop_reason_name(*stop));
    out += "\n## Console\n";
    out += m.console;
    if (!m.console.empty() && m.console.back() != '\n') out += '\n';
    out += "\n## Event log (cycle, kind, core, pid, tid, text)\n";
    if (m.log.dropped) out += fmt::format("({} oldest events dropped)\n", m.log.dropped);
    for (const Event& e : m.log.events)
        out += fmt::format("{:>10} {:<13} c{} p{} t{} {}\n", e.cycle, event_kind_name(e.kind),
                           e.core, e.pid, e.tid, event_text(e, m.log, Lang::En));
    return out;
}

} // namespace gb
