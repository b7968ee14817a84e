// The machine as a value: construction, lookups by id, the event log and
// the console, and the one memory-limit check.
#include "sim/kernel/machine.h"

#include "sim/isa/memlayout.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

std::string_view stop_reason_name(StopReason r) {
    switch (r) {
    case StopReason::Budget: return "budget";
    case StopReason::Breakpoint: return "breakpoint";
    case StopReason::AllDone: return "all done";
    case StopReason::Fault: return "fault";
    case StopReason::Deadlock: return "deadlock";
    case StopReason::Watchpoint: return "watchpoint";
    case StopReason::Paused: return "paused";
    }
    return "?";
}

Machine::Machine(Config cfg) : config(cfg), rng(cfg.seed) {
    config.cores = std::clamp(config.cores, 1, 8);
    config.timer_period = std::max(1u, config.timer_period);
    config.limits.max_processes = std::max(1, config.limits.max_processes);
    config.limits.max_threads_per_process =
        std::clamp(config.limits.max_threads_per_process, 1, layout::kMaxThreadSlots);
    cores.resize(static_cast<size_t>(config.cores));
    for (size_t i = 0; i < cores.size(); ++i) {
        cores[i].index = static_cast<int>(i);
        cores[i].parked = true;
        cores[i].next_timer = config.timer_period;
    }
    sched.reset(config.sched);
}

int Machine::live_processes() const {
    return static_cast<int>(processes.size()) - exited_processes; // asked at every fork
}

void Machine::request_stop(StopReason why, const Reason& reason) {
    pending_stop = why;
    note_why(EventKind::Note, Msg::Paused, 0, 0, reason);
    stop_why = reason;
}

void Machine::note_why(EventKind kind, Msg msg, int pid, int tid, const Reason& r) {
    note(kind, msg, pid, tid, 0, r.why, r.args[0], r.args[1], r.args[2], r.args[3], r.args[4]);
}

int64_t Machine::need_arg(Need need, std::string_view name, uint64_t number) {
    return need_word(need, name.empty() ? static_cast<int64_t>(number) : name_arg(name));
}

bool Machine::within_memory_limit(int pid, const AddressSpace& mem, uint32_t extra, Need need,
                                  std::string_view name, uint64_t number, Reason& error) {
    uint64_t total = uint64_t{mem.mapped_bytes()} + extra;
    if (total <= config.limits.max_memory_per_process) return true;
    error = because(Why::MemoryLimit, pid, total, config.limits.max_memory_per_process,
                    need_arg(need, name, number));
    return false;
}

namespace {

// Appends, keeping at most `limit` bytes: past it, the oldest are dropped
// down to half the limit at once, so each byte is moved a bounded number
// of times.
void append_bounded(std::string& s, uint64_t& dropped, std::string_view text, size_t limit) {
    if (text.size() >= limit) {
        dropped += s.size() + (text.size() - limit / 2);
        s.assign(text.substr(text.size() - limit / 2));
        return;
    }
    s += text;
    if (s.size() > limit) {
        size_t cut = s.size() - limit / 2;
        dropped += cut;
        s.erase(0, cut);
    }
}

} // namespace

void Machine::print(int pid, std::string_view text) {
    Process& p = process(pid);
    size_t limit = std::max<size_t>(config.limits.max_console_bytes, 2);
    append_bounded(p.output, p.output_dropped, text, limit);
    append_bounded(console, console_dropped, text, limit);
    if (console_sink) console_sink(text);
}

void Machine::add_event(Event& e) {
    e.cycle = now;
    if (e.tid > 0 && e.tid <= static_cast<int>(threads.size())) e.core = thread(e.tid).core;
    log.add(e);
}

const Context& Machine::context_of(int tid) const {
    const Thread& t = thread(tid);
    return t.core >= 0 ? cores[static_cast<size_t>(t.core)].ctx : t.ctx;
}

Context& Machine::context_of(int tid) {
    Thread& t = thread(tid);
    return t.core >= 0 ? cores[static_cast<size_t>(t.core)].ctx : t.ctx;
}

std::string Machine::source_line(int pid, uint32_t addr) const {
    if (pid < 1 || pid > static_cast<int>(processes.size())) return "";
    const Image* img = process(pid).image.get();
    if (addr >= layout::kLibBase && addr < layout::kLibLimit)
        for (int id : process(pid).libraries) {
            const SharedLibrary& l = libraries[static_cast<size_t>(id - 1)];
            if (addr >= l.base && addr < l.base + l.size) img = l.image.get();
        }
    if (!img) return "";
    auto loc = img->line_of(addr);
    if (!loc || loc->file < 0 || loc->file >= static_cast<int>(img->files.size())) return "";
    const SourceFile& f = img->files[static_cast<size_t>(loc->file)];
    std::string text;
    if (loc->line >= 1 && loc->line <= static_cast<int>(f.lines.size()))
        text = f.lines[static_cast<size_t>(loc->line - 1)];
    size_t start = text.find_first_not_of(" \t");
    text = start == std::string::npos ? "" : text.substr(start);
    return fmt::format("{}:{}: {}", f.path, loc->line, text);
}

} // namespace gb
