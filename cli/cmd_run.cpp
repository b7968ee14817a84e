// run: execute a program to the end (or to a limit) and report what happened.
#include "cli.h"

#include "machine.h"
#include "program.h"
#include "trace.h"

#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <nlohmann/json.hpp>

namespace gbcli {

namespace {

nlohmann::json fault_json(const gb::FaultReport& f) {
    if (f.fault == gb::Fault::None) return nullptr;
    return {{"fault", gb::fault_id(f.fault)}, {"name", gb::fault_name(f.fault)}, {"pid", f.pid},
            {"tid", f.tid}, {"pc", f.pc}, {"address", f.addr}, {"cycle", f.cycle}, {"source", f.source}};
}

std::string fault_text(const gb::FaultReport& f) {
    std::string s = fmt::format("process {} killed by a fault: {} in thread {} at pc {:#07x} (address {:#07x})",
                                f.pid, gb::fault_name(f.fault), f.tid, f.pc, f.addr);
    if (!f.source.empty()) s += fmt::format("\n           at {}", f.source);
    return s;
}

} // namespace

int cmd_run(const RunArgs& a) {
    gb::AsmResult r = gb::assemble_file(a.file, gb::default_asm_options(a.file));
    if (!r.ok()) {
        fmt::print(stderr, "{}", gb::format_errors(r));
        fmt::print(stderr, "{} error{} in {}\n", r.errors.size(), r.errors.size() == 1 ? "" : "s", a.file);
        return kExitAsmError;
    }

    gb::Config cfg;
    cfg.cores = a.cores;
    auto policy = gb::parse_policy(a.policy);
    if (!policy) {
        fmt::print(stderr, "unknown policy '{}': expected fifo, sjf, stcf, rr, priority, mlfq or lottery\n", a.policy);
        return kExitUsage;
    }
    cfg.sched.policy = *policy;
    cfg.sched.quantum_ticks = a.quantum;
    cfg.timer_period = a.timer;
    if (a.switch_cost) {
        cfg.thread_switch_cost = *a.switch_cost;
        cfg.process_switch_cost = *a.switch_cost * 5;
    }
    cfg.seed = a.seed;

    gb::Machine m(cfg);
    auto image = std::make_shared<const gb::Image>(std::move(*r.image));
    std::string name = std::filesystem::path(a.file).filename().string();
    if (!m.load(image, name)) {
        fmt::print(stderr, "cannot start {}: {}\n", a.file, m.stop_message);
        return kExitLimit;
    }

    // Run, one step at a time when tracing so each line can be printed.
    gb::StopReason stop = gb::StopReason::Budget;
    uint64_t steps = 0;
    bool faulted = false;
    if (a.trace && !a.json) fmt::print("{}\n", gb::trace_header());
    size_t seen_events = m.log.events.size();
    size_t seen_output = 0;
    while (steps < a.max_steps) {
        if (a.trace) {
            gb::StepResult s = m.step();
            // Context switches since the last line.
            for (size_t i = seen_events; i < m.log.events.size(); ++i) {
                const gb::Event& e = m.log.events[i];
                if (e.kind == gb::EventKind::Switch && !a.json)
                    fmt::print("{:>8}  --- {} ({}) ---\n", e.cycle, e.text, gb::switch_reason_name(e.reason));
            }
            seen_events = m.log.events.size();
            if (!s.executed) {
                stop = s.stop;
                if (stop == gb::StopReason::Budget) continue;
                break;
            }
            ++steps;
            if (!a.json) {
                fmt::print("{}\n", gb::trace_line(m, s));
                if (m.console.size() > seen_output) {
                    fmt::print("{:>8}  output: {:?}\n", "", m.console.substr(seen_output));
                    seen_output = m.console.size();
                }
            }
            if (s.stop == gb::StopReason::Fault) {
                faulted = true;
                if (!a.json) fmt::print("{:>8}  {}\n", "", fault_text(m.last_fault));
            }
            continue;
        }
        gb::RunResult rr = m.run(a.max_steps - steps);
        steps += rr.steps;
        stop = rr.reason;
        if (stop == gb::StopReason::Fault) { // the faulting process is gone; the others run on
            faulted = true;
            continue;
        }
        if (stop != gb::StopReason::Breakpoint) break;
    }
    bool limit = steps >= a.max_steps && !m.all_done();
    if (limit) stop = gb::StopReason::Budget;
    else if (m.all_done()) stop = gb::StopReason::AllDone;

    const gb::Process& main = m.process(1);
    if (a.json) {
        nlohmann::json j;
        j["file"] = a.file;
        j["stop"] = gb::stop_reason_name(stop);
        j["exit_code"] = main.exited ? nlohmann::json(main.exit_code) : nlohmann::json(nullptr);
        j["instructions"] = m.instructions;
        j["cycles"] = m.now;
        j["output"] = m.console;
        j["limit_reached"] = limit;
        j["fault"] = fault_json(m.last_fault);
        j["deadlock"] = stop == gb::StopReason::Deadlock ? nlohmann::json(m.stop_message) : nlohmann::json(nullptr);
        for (const gb::Process& p : m.processes)
            j["processes"].push_back({{"pid", p.pid}, {"name", p.name}, {"parent", p.parent},
                                      {"exit_code", p.exited ? nlohmann::json(p.exit_code) : nlohmann::json(nullptr)},
                                      {"output", p.output}, {"fault", fault_json(p.fault)}});
        for (const gb::Thread& t : m.threads)
            j["threads"].push_back({{"tid", t.tid}, {"pid", t.pid}, {"name", t.name},
                                    {"state", gb::thread_state_name(t.state)}, {"instructions", t.instructions},
                                    {"cycles_running", t.cycles_running}, {"cycles_ready", t.cycles_ready},
                                    {"cycles_blocked", t.cycles_blocked}});
        fmt::print("{}\n", j.dump(2));
    } else {
        if (!a.trace) fmt::print("{}", m.console);
        if (!m.console.empty() && m.console.back() != '\n') fmt::print("\n");
        fmt::print("---\n");
        for (const gb::Process& p : m.processes) {
            if (p.fault.fault != gb::Fault::None) fmt::print("{}\n", fault_text(p.fault));
            else if (p.exited) fmt::print("process {} ({}) exited with status {}\n", p.pid, p.name, p.exit_code);
        }
        fmt::print("{} instructions, {} cycles\n", m.instructions, m.now);
        if (limit) {
            const gb::Core& c = m.cores[0];
            fmt::print("stopped: the step limit of {} instructions was reached (--max-steps) before the "
                       "program ended; it may be in an endless loop.\n", a.max_steps);
            if (c.tid) {
                int pid = m.thread(c.tid).pid;
                fmt::print("  core 0 was at pc {:#07x}: {}\n", c.ctx.pc, m.source_line(pid, c.ctx.pc));
            }
        }
        if (stop == gb::StopReason::Deadlock) fmt::print("{}", m.stop_message);
    }
    if (limit) return kExitLimit;
    if (stop == gb::StopReason::Deadlock) return kExitDeadlock;
    if (faulted || m.last_fault.fault != gb::Fault::None) return kExitFault;
    return kExitOk;
}

} // namespace gbcli
