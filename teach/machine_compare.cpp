#include "teach/machine_compare.h"

#include "teach/event_words.h"

#include <fmt/format.h>

namespace gb {

namespace {

template <class T> bool differ(std::string& out, const std::string& what, const T& a, const T& b) {
    if (a == b) return false;
    out = what;
    return true;
}

std::string context_diff(const Context& a, const Context& b) {
    if (a.pc != b.pc) return fmt::format("pc {:#x} vs {:#x}", a.pc, b.pc);
    for (size_t r = 0; r < a.regs.size(); ++r)
        if (a.regs[r] != b.regs[r]) return fmt::format("r{} {} vs {}", r, a.regs[r], b.regs[r]);
    if (!(a.flags == b.flags)) return "flags";
    return "";
}

} // namespace

std::string machine_difference(const Machine& a, const Machine& b) {
    std::string d;
    if (differ(d, fmt::format("instructions {} vs {}", a.instructions, b.instructions),
               a.instructions, b.instructions) ||
        differ(d, fmt::format("time {} vs {}", a.now, b.now), a.now, b.now) ||
        differ(d, "the PRNG", a.rng.state, b.rng.state) ||
        differ(d, "the console", a.console, b.console) ||
        differ(d, "the number of cores", a.cores.size(), b.cores.size()) ||
        differ(d, "the number of threads", a.threads.size(), b.threads.size()) ||
        differ(d, "the number of processes", a.processes.size(), b.processes.size()) ||
        differ(d, "the breakpoints", a.breakpoints, b.breakpoints))
        return d;
    for (size_t i = 0; i < a.cores.size(); ++i) {
        const Core &x = a.cores[i], &y = b.cores[i];
        std::string c = fmt::format("core {}: ", i);
        if (differ(d, c + "thread", x.tid, y.tid) || differ(d, c + "clock", x.clock, y.clock) ||
            differ(d, c + "next timer", x.next_timer, y.next_timer) ||
            differ(d, c + "parked", x.parked, y.parked) ||
            differ(d, c + "busy cycles", x.busy_cycles, y.busy_cycles) ||
            differ(d, c + "idle cycles", x.idle_cycles, y.idle_cycles) ||
            differ(d, c + "last instruction", x.last.pc, y.last.pc))
            return d;
        if (std::string cd = context_diff(x.ctx, y.ctx); !cd.empty()) return c + cd;
    }
    for (size_t i = 0; i < a.threads.size(); ++i) {
        const Thread &x = a.threads[i], &y = b.threads[i];
        std::string t = fmt::format("thread {}: ", x.tid);
        if (differ(d, t + "state", x.state, y.state) ||
            differ(d, t + "block reason", x.reason, y.reason) ||
            differ(d, t + "wait_on", x.wait_on, y.wait_on) ||
            differ(d, t + "core", x.core, y.core) ||
            differ(d, t + "instructions", x.instructions, y.instructions) ||
            differ(d, t + "cycles running", x.cycles_running, y.cycles_running) ||
            differ(d, t + "slice used", x.slice_used, y.slice_used) ||
            differ(d, t + "exit value", x.exit_value, y.exit_value))
            return d;
        if (std::string cd = context_diff(x.ctx, y.ctx); !cd.empty()) return t + cd;
    }
    for (size_t i = 0; i < a.processes.size(); ++i) {
        const Process &x = a.processes[i], &y = b.processes[i];
        std::string p = fmt::format("process {}: ", x.pid);
        if (differ(d, p + "exited", x.exited, y.exited) ||
            differ(d, p + "exit code", x.exit_code, y.exit_code) ||
            differ(d, p + "output", x.output, y.output) ||
            differ(d, p + "heap end", x.heap_end, y.heap_end) ||
            differ(d, p + "regions", x.mem.regions.size(), y.mem.regions.size()))
            return d;
        for (size_t r = 0; r < x.mem.regions.size(); ++r) {
            const Region &rx = x.mem.regions[r], &ry = y.mem.regions[r];
            if (differ(d, p + "region " + rx.name, rx.base, ry.base) ||
                differ(d, p + "region " + rx.name + " size", rx.size, ry.size))
                return d;
            if (rx.bytes != ry.bytes) {
                for (size_t k = 0; k < rx.bytes.size() && k < ry.bytes.size(); ++k)
                    if (rx.bytes[k] != ry.bytes[k])
                        return p + fmt::format("memory at {:#x}: {} vs {}", rx.base + k,
                                               rx.bytes[k], ry.bytes[k]);
                return p + "region " + rx.name + " bytes";
            }
        }
    }
    if (differ(d, "mutexes", a.mutexes.size(), b.mutexes.size()) ||
        differ(d, "semaphores", a.semaphores.size(), b.semaphores.size()) ||
        differ(d, "condition variables", a.condvars.size(), b.condvars.size()))
        return d;
    for (size_t i = 0; i < a.mutexes.size(); ++i)
        if (differ(d, fmt::format("mutex {} owner", i + 1), a.mutexes[i].owner,
                   b.mutexes[i].owner) ||
            differ(d, fmt::format("mutex {} waiters", i + 1), a.mutexes[i].waiters,
                   b.mutexes[i].waiters))
            return d;
    for (size_t i = 0; i < a.semaphores.size(); ++i)
        if (differ(d, fmt::format("semaphore {} value", i + 1), a.semaphores[i].value,
                   b.semaphores[i].value))
            return d;
    if (differ(d, "the event log's length", a.log.events.size(), b.log.events.size())) return d;
    for (size_t i = 0; i < a.log.events.size(); ++i) {
        const Event &x = a.log.events[i], &y = b.log.events[i];
        if (x.cycle == y.cycle && x.kind == y.kind && x.tid == y.tid && x.msg == y.msg &&
            x.args == y.args)
            continue;
        // Names are indices into each log's string table: compare the words.
        std::string xt = event_text(x, a.log, Lang::En), yt = event_text(y, b.log, Lang::En);
        if (x.cycle != y.cycle || x.kind != y.kind || x.tid != y.tid || xt != yt)
            return fmt::format("event {}: '{}' at {} vs '{}' at {}", i, xt, x.cycle, yt, y.cycle);
    }
    return "";
}

} // namespace gb
