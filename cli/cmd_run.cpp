// run: execute a program to the end (or to a limit) and report what happened.
// With --threads N it is the race runner (OSTEP's x86.py): N threads of one
// process all start at main, thread i with the i-th register list of
// --regs, and --show prints the final value of some globals; --trace then
// draws the interleaving with one column per thread.
#include "cli.h"

#include "sim/kernel/machine.h"
#include "teach/event_words.h"
#include "teach/io_stats.h"
#include "teach/loader.h"
#include "teach/program.h"
#include "teach/trace.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace gbcli {

namespace {

nlohmann::json fault_json(const gb::FaultReport& f) {
    if (f.fault == gb::Fault::None) return nullptr;
    return {{"fault", gb::fault_id(f.fault)},
            {"name", gb::fault_name(f.fault)},
            {"pid", f.pid},
            {"tid", f.tid},
            {"pc", f.pc},
            {"address", f.addr},
            {"cycle", f.cycle},
            {"source", gb::fault_source_text(f, gb::Lang::En)}};
}

std::string trim(std::string s) {
    size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    while (true) {
        size_t at = s.find(sep, start);
        out.push_back(
            trim(s.substr(start, at == std::string::npos ? std::string::npos : at - start)));
        if (at == std::string::npos) break;
        start = at + 1;
    }
    return out;
}

using RegList = std::vector<std::pair<int, uint32_t>>;

// "r1=3,r2=0x10;r1=5" → one list per thread. Returns false with `error` set.
bool parse_regs(const std::string& text, std::vector<RegList>& out, std::string& error) {
    if (trim(text).empty()) return true;
    for (const std::string& thread : split(text, ';')) {
        RegList list;
        if (!thread.empty())
            for (const std::string& item : split(thread, ',')) {
                size_t eq = item.find('=');
                auto reg = eq == std::string::npos ? std::nullopt
                                                   : gb::parse_reg(trim(item.substr(0, eq)));
                if (!reg) {
                    error = fmt::format("--regs: '{}' is not REGISTER=VALUE (like r1=3)", item);
                    return false;
                }
                std::string v = trim(item.substr(eq + 1));
                try {
                    size_t used = 0;
                    long long n = std::stoll(v, &used, 0);
                    if (used != v.size() || n < INT32_MIN || n > UINT32_MAX)
                        throw std::out_of_range(v);
                    list.emplace_back(*reg, static_cast<uint32_t>(n));
                } catch (const std::exception&) {
                    error = fmt::format("--regs: '{}' is not a 32-bit number", v);
                    return false;
                }
            }
        out.push_back(std::move(list));
    }
    return true;
}

struct Watch {
    std::string name;
    uint32_t addr = 0;
};

int32_t watch_value(const gb::Machine& m, const Watch& w) {
    uint32_t v = 0;
    m.process(1).mem.peek32(w.addr, v);
    return static_cast<int32_t>(v);
}

// The race runner's trace: the watched values, then one column per thread.
constexpr int kColumn = 30;

std::string race_header(const gb::Machine& m, const std::vector<Watch>& watches) {
    std::string line = fmt::format("{:>7} ", "cycle");
    for (const Watch& w : watches)
        line += fmt::format(" {:>8}", w.name);
    line += "  ";
    for (int tid : m.process(1).threads)
        line += fmt::format("| {:<{}}", fmt::format("thread {}", tid), kColumn - 2);
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line;
}

std::string race_line(const gb::Machine& m, const std::vector<Watch>& watches,
                      const gb::StepResult& s) {
    std::string line = fmt::format("{:>7} ", s.cycle);
    for (const Watch& w : watches)
        line += fmt::format(" {:>8}", watch_value(m, w));
    line += "  ";
    std::string text =
        fmt::format("{:#07x} {}", s.outcome.pc, gb::disassemble_at(m, s.pid, s.outcome.word));
    if (m.cores.size() > 1) text = fmt::format("c{} {}", s.core, text);
    if (s.outcome.kind == gb::StepKind::Fault) text += " FAULT";
    for (int tid : m.process(1).threads)
        line += fmt::format("| {:<{}}", tid == s.tid ? text : std::string(), kColumn - 2);
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line;
}

// A context switch, drawn across the columns of the threads it involves.
std::string race_switch(const gb::Machine& m, const std::vector<Watch>& watches,
                        const gb::Event& e) {
    std::string line = fmt::format("{:>7} ", e.cycle);
    for (size_t i = 0; i < watches.size(); ++i)
        line += fmt::format(" {:>8}", "");
    line += "  ";
    std::string mark = fmt::format("------ {} ------", gb::switch_reason_name(e.reason));
    for (int tid : m.process(1).threads)
        line += fmt::format("| {:<{}}", tid == e.tid || tid == e.other ? mark : std::string(),
                            kColumn - 2);
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line;
}

nlohmann::json io_json(const gb::Machine& m, const gb::IoStats& s) {
    nlohmann::json j;
    j["used"] = m.io.used;
    j["disk"] = {{"reads", s.disk_reads},
                 {"writes", s.disk_writes},
                 {"latency", m.config.io.disk_latency},
                 {"jitter", m.config.io.disk_jitter}};
    j["io_requests"] = s.io_requests;
    j["would_blocks"] = s.would_blocks;
    j["pipe_bytes"] = s.pipe_bytes;
    j["console_bytes_in"] = s.console_bytes_in;
    if (!s.network) {
        j["load"] = nullptr;
        return j;
    }
    const gb::LoadSpec& spec = m.config.io.load;
    nlohmann::json load;
    load["clients"] = s.clients;
    load["scripted"] = !spec.script.empty();
    load["requests_per_client"] =
        spec.script.empty() ? nlohmann::json(spec.requests) : nlohmann::json(nullptr);
    load["think"] = spec.think;
    load["work"] = spec.work;
    load["net_latency"] = spec.net_latency;
    load["planned"] = s.planned;
    load["sent"] = s.sent;
    load["answered"] = s.answered;
    load["lost"] = s.lost;
    load["throughput_per_1000_cycles"] = s.throughput;
    load["first_sent"] = s.first_sent;
    load["last_received"] = s.last_received;
    load["latency"] = {{"mean", s.latency.mean},
                       {"min", s.latency.min},
                       {"p50", s.latency.p50},
                       {"p95", s.latency.p95},
                       {"max", s.latency.max}};
    nlohmann::json reqs = nlohmann::json::array();
    for (const gb::NetRequest& r : m.io.net.requests)
        reqs.push_back({{"number", r.number},
                        {"client", r.client},
                        {"work", r.work},
                        {"sent", r.sent},
                        {"arrived", r.arrived},
                        {"replied", r.replied},
                        {"received", r.received},
                        {"latency", r.done ? nlohmann::json(r.latency()) : nlohmann::json(nullptr)},
                        {"lost", r.lost}});
    load["requests"] = std::move(reqs);
    j["load"] = std::move(load);
    return j;
}

} // namespace

namespace {
// "NAME[:mem=BYTES][:cpu=QUOTA/PERIOD]" (--container).
bool parse_container(const std::string& text, gb::ContainerSpec& spec, std::string& error) {
    std::vector<std::string> parts = split(text, ':');
    spec.name = parts.empty() ? "" : trim(parts[0]);
    if (spec.name.empty()) {
        error = "a container needs a name: NAME[:mem=BYTES][:cpu=QUOTA/PERIOD]";
        return false;
    }
    try {
        for (size_t i = 1; i < parts.size(); ++i) {
            std::string p = trim(parts[i]);
            if (p.rfind("mem=", 0) == 0) {
                spec.memory_quota = static_cast<uint32_t>(std::stoul(p.substr(4)));
            } else if (p.rfind("cpu=", 0) == 0 && p.find('/') != std::string::npos) {
                size_t slash = p.find('/');
                spec.cpu_quota = static_cast<uint32_t>(std::stoul(p.substr(4, slash - 4)));
                spec.cpu_period = static_cast<uint32_t>(std::stoul(p.substr(slash + 1)));
                if (!spec.cpu_period) throw std::invalid_argument("period");
            } else {
                error = fmt::format("'{}' is neither mem=BYTES nor cpu=QUOTA/PERIOD", p);
                return false;
            }
        }
    } catch (const std::exception&) {
        error = "mem= and cpu= take whole numbers (cpu=QUOTA/PERIOD, PERIOD above 0)";
        return false;
    }
    return true;
}
} // namespace

int cmd_run(const RunArgs& a) {
    const gb::Lang lang = a.lang == "ko" ? gb::Lang::Ko : gb::Lang::En;
    gb::AsmResult r = gb::assemble_file(a.file, gb::default_asm_options(a.file));
    if (!r.ok()) {
        fmt::print(stderr, "{}", gb::format_errors(r));
        fmt::print(stderr, "{} error{} in {}\n", r.errors.size(), r.errors.size() == 1 ? "" : "s",
                   a.file);
        return kExitAsmError;
    }

    gb::Config cfg;
    cfg.cores = a.cores;
    auto policy = gb::parse_policy(a.policy);
    if (!policy) {
        fmt::print(stderr,
                   "unknown policy '{}': expected fifo, sjf, stcf, rr, priority, mlfq or lottery\n",
                   a.policy);
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
    // The devices and the load generator (docs/io.md).
    if (a.clients) cfg.io.load.clients = *a.clients;
    if (a.requests) cfg.io.load.requests = *a.requests;
    if (a.think) cfg.io.load.think = *a.think;
    if (a.work) cfg.io.load.work = *a.work;
    if (a.net_latency) cfg.io.load.net_latency = *a.net_latency;
    if (a.disk_latency) cfg.io.disk_latency = *a.disk_latency;
    if (a.disk_jitter) cfg.io.disk_jitter = *a.disk_jitter;
    if (a.pipe_size) cfg.io.pipe_capacity = *a.pipe_size;
    if (!a.load.empty()) {
        std::string load_error;
        if (a.clients || a.requests || a.think || a.work) {
            fmt::print(stderr, "--load replaces the seeded clients: leave out --clients, "
                               "--requests, --think and --work\n");
            return kExitUsage;
        }
        if (!gb::parse_load_script(a.load, cfg.io.load.script, load_error)) {
            fmt::print(stderr, "--{}\n", load_error);
            return kExitUsage;
        }
    }

    // The race runner's settings.
    const bool race = a.threads > 0;
    std::vector<RegList> regs;
    std::string error;
    if (!parse_regs(a.regs, regs, error)) {
        fmt::print(stderr, "{}\n", error);
        return kExitUsage;
    }
    if (!race && !regs.empty()) {
        fmt::print(stderr, "--regs needs --threads N (the race runner)\n");
        return kExitUsage;
    }
    if (race && regs.size() > static_cast<size_t>(a.threads)) {
        fmt::print(stderr, "--regs gives {} register lists for {} threads\n", regs.size(),
                   a.threads);
        return kExitUsage;
    }
    if (race && a.threads > cfg.limits.max_threads_per_process) {
        fmt::print(stderr, "--threads {}: a process may have at most {} threads\n", a.threads,
                   cfg.limits.max_threads_per_process);
        return kExitUsage;
    }
    std::vector<Watch> watches;
    if (!trim(a.show).empty())
        for (const std::string& name : split(a.show, ',')) {
            const gb::Symbol* sym = r.image->find(name);
            if (!sym || (sym->kind != gb::SymbolKind::Data && sym->kind != gb::SymbolKind::Code)) {
                fmt::print(stderr, "--show: '{}' is not a label in {}\n", name, a.file);
                return kExitUsage;
            }
            watches.push_back({name, static_cast<uint32_t>(sym->value)});
        }

    gb::Machine m(cfg);
    gb::install_file_loaders(m, a.file);
    auto image = std::make_shared<const gb::Image>(std::move(*r.image));
    std::string name = std::filesystem::path(a.file).filename().string();
    int pid = 0;
    if (!a.containers.empty()) {
        if (race) {
            fmt::print(stderr, "--container and --threads do not go together\n");
            return kExitUsage;
        }
        for (const std::string& text : a.containers) {
            gb::ContainerSpec spec;
            if (!parse_container(text, spec, error)) {
                fmt::print(stderr, "--container {}: {}\n", text, error);
                return kExitUsage;
            }
            int p = m.load_in_container(m.create_container(spec), image, name);
            if (!p) {
                fmt::print(stderr, "cannot start {} in container '{}': {}\n", a.file, spec.name,
                           gb::stop_text(m));
                return kExitLimit;
            }
            if (!pid) pid = p;
        }
    } else {
        pid = race ? m.load_threads(image, name, a.threads, regs) : m.load(image, name);
    }
    if (!pid) {
        fmt::print(stderr, "cannot start {}: {}\n", a.file, gb::stop_text(m));
        return kExitLimit;
    }

    if (!a.input.empty()) {
        std::string text;
        for (size_t i = 0; i < a.input.size(); ++i) {
            if (a.input[i] == '\\' && i + 1 < a.input.size() && a.input[i + 1] == 'n') {
                text += '\n';
                ++i;
            } else {
                text += a.input[i];
            }
        }
        m.feed_console(0, text);
    }

    if (a.observed()) return run_observed(a, m); // --races, --watch, --history (cmd_races.cpp)

    // Run, one step at a time when tracing so each line can be printed.
    gb::StopReason stop = gb::StopReason::Budget;
    uint64_t steps = 0;
    bool faulted = false;
    if (a.trace && !a.json) fmt::print("{}\n", race ? race_header(m, watches) : gb::trace_header());
    size_t seen_events = m.log.events.size();
    uint64_t seen_output = 0;
    // The output as it is printed: a program printing forever shows it at
    // once, and the machine keeps only its newest Limits::max_console_bytes.
    if (!a.trace && !a.json)
        m.console_sink = [](std::string_view text) {
            std::fwrite(text.data(), 1, text.size(), stdout);
        };
    while (steps < a.max_steps) {
        if (a.trace) {
            gb::StepResult s = m.step();
            // Context switches since the last line.
            for (size_t i = seen_events; i < m.log.events.size(); ++i) {
                const gb::Event& e = m.log.events[i];
                if (e.kind != gb::EventKind::Switch || a.json) continue;
                if (race)
                    fmt::print("{}\n", race_switch(m, watches, e));
                else
                    fmt::print("{:>8}  --- {} ({}) ---\n", e.cycle, gb::event_text(e, m.log, lang),
                               gb::switch_reason_text(e.reason, lang));
            }
            seen_events = m.log.events.size();
            if (!s.executed) {
                stop = s.stop;
                if (stop == gb::StopReason::Budget) continue;
                break;
            }
            ++steps;
            if (!a.json) {
                fmt::print("{}\n", race ? race_line(m, watches, s) : gb::trace_line(m, s));
                // Counted from the start of the run: the console keeps only
                // its newest bytes.
                uint64_t total = m.console_dropped + m.console.size();
                if (total > seen_output) {
                    size_t fresh = static_cast<size_t>(
                        std::min<uint64_t>(total - seen_output, m.console.size()));
                    fmt::print("{:>8}  output: {:?}\n", "",
                               m.console.substr(m.console.size() - fresh));
                    seen_output = total;
                }
            }
            if (s.stop == gb::StopReason::Fault) {
                faulted = true;
                if (!a.json)
                    fmt::print("{:>8}  {}\n", "", gb::fault_report_text(m.last_fault, lang));
            }
            if (s.stop == gb::StopReason::Paused) {
                stop = s.stop;
                break;
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
    bool paused = stop == gb::StopReason::Paused; // a kernel limit (processes, threads, memory)
    bool limit = paused || (steps >= a.max_steps && !m.all_done());
    if (limit && !paused)
        stop = gb::StopReason::Budget;
    else if (m.all_done())
        stop = gb::StopReason::AllDone;

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
        j["limit"] = paused ? nlohmann::json(gb::stop_text(m)) : nlohmann::json(nullptr);
        j["fault"] = fault_json(m.last_fault);
        j["deadlock"] = stop == gb::StopReason::Deadlock
                            ? nlohmann::json(gb::deadlock_report(m, lang))
                            : nlohmann::json(nullptr);
        for (const Watch& w : watches)
            j["show"][w.name] = watch_value(m, w);
        for (const gb::Process& p : m.processes)
            j["processes"].push_back(
                {{"pid", p.pid},
                 {"name", p.name},
                 {"parent", p.parent},
                 {"exit_code", p.exited ? nlohmann::json(p.exit_code) : nlohmann::json(nullptr)},
                 {"output", p.output},
                 {"fault", fault_json(p.fault)}});
        gb::IoStats io = gb::io_stats(m);
        for (const gb::Thread& t : m.threads) {
            const gb::ThreadTimes& tt = io.threads[static_cast<size_t>(t.tid - 1)];
            j["threads"].push_back({{"tid", t.tid},
                                    {"pid", t.pid},
                                    {"name", t.name},
                                    {"state", gb::thread_state_name(t.state)},
                                    {"instructions", t.instructions},
                                    {"cycles_running", tt.running},
                                    {"cycles_ready", tt.ready},
                                    {"cycles_blocked", tt.blocked},
                                    {"cycles_blocked_io", tt.blocked_io}});
        }
        for (const gb::CoreTimes& c : io.cores)
            j["cores"].push_back(
                {{"core", c.core}, {"busy_cycles", c.busy}, {"idle_cycles", c.idle}});
        j["io"] = io_json(m, io);
        fmt::print("{}\n", j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
        if (!m.console.empty() && m.console.back() != '\n') fmt::print("\n");
        fmt::print("---\n");
        for (const gb::Process& p : m.processes) {
            if (p.fault.fault != gb::Fault::None)
                fmt::print("{}\n", gb::fault_report_text(p.fault, lang));
            else if (p.exited)
                fmt::print("process {} ({}{}) exited with status {}\n", p.pid, p.name,
                           p.container ? fmt::format(", pid {} in container '{}'",
                                                     gb::container_pid(m, p.pid),
                                                     m.container(p.container).spec.name)
                                       : "",
                           p.exit_code);
        }
        for (const Watch& w : watches)
            fmt::print("{} = {}\n", w.name, watch_value(m, w));
        fmt::print("{} instructions, {} cycles\n", m.instructions, m.now);
        if (paused) {
            fmt::print("stopped: {}\n", gb::stop_text(m));
        } else if (limit) {
            const gb::Core& c = m.cores[0];
            fmt::print(
                "stopped: the step limit of {} instructions was reached (--max-steps) before the "
                "program ended; it may be in an endless loop.\n",
                a.max_steps);
            if (c.tid) {
                int cpid = m.thread(c.tid).pid;
                fmt::print("  core 0 was at pc {:#07x}: {}\n", c.ctx.pc,
                           m.source_line(cpid, c.ctx.pc));
            }
        }
        if (stop == gb::StopReason::Deadlock) fmt::print("{}", gb::deadlock_report(m, lang));
        if (m.io.used || m.io.net.started) fmt::print("{}", gb::io_report(m, gb::io_stats(m)));
        if (!a.events.empty()) {
            std::vector<std::string> kinds = split(a.events, ',');
            bool all = std::find(kinds.begin(), kinds.end(), "all") != kinds.end();
            fmt::print("--- events (cycle, kind, process, thread, what)\n");
            for (const gb::Event& e : m.log.events) {
                std::string kind(gb::event_kind_name(e.kind));
                if (!all && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) continue;
                // Every event names its process and thread (0: none, e.g. the kernel's own).
                fmt::print("{:>8}  {:<13} p{:<2} t{:<2} {}\n", e.cycle, kind, e.pid, e.tid,
                           gb::event_text(e, m.log, lang));
            }
        }
    }
    if (limit) return kExitLimit;
    if (stop == gb::StopReason::Deadlock) return kExitDeadlock;
    if (faulted || m.last_fault.fault != gb::Fault::None) return kExitFault;
    return kExitOk;
}

} // namespace gbcli
