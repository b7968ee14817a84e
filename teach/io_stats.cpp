#include "teach/io_stats.h"

#include "sim/kernel/machine.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

namespace gb {

LatencySummary summarize_latencies(std::vector<uint64_t> v) {
    LatencySummary s;
    s.count = v.size();
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    // Nearest rank: the smallest value with at least q of the values at or below it.
    auto rank = [&](double q) {
        size_t k = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
        return v[std::clamp<size_t>(k, 1, v.size()) - 1];
    };
    s.min = v.front();
    s.max = v.back();
    s.p50 = rank(0.50);
    s.p95 = rank(0.95);
    s.mean = static_cast<double>(std::accumulate(v.begin(), v.end(), uint64_t{0})) /
             static_cast<double>(v.size());
    return s;
}

IoStats io_stats(const Machine& m) {
    IoStats s;
    s.cycles = m.now;
    for (const Thread& t : m.threads) {
        ThreadTimes tt{t.tid,
                       t.pid,
                       t.name,
                       t.cycles_running,
                       t.cycles_ready,
                       t.cycles_blocked,
                       t.cycles_blocked_io};
        // The state it is in now has not been added up yet.
        uint64_t since = m.now > t.state_since ? m.now - t.state_since : 0;
        if (t.state == ThreadState::Ready) tt.ready += since;
        if (t.state == ThreadState::Blocked) {
            tt.blocked += since;
            if (is_io_wait(t.reason)) tt.blocked_io += since;
        }
        s.threads.push_back(std::move(tt));
    }
    for (const Core& c : m.cores) {
        CoreTimes ct{c.index, c.busy_cycles, c.idle_cycles};
        if (c.parked && m.now > c.clock) ct.idle += m.now - c.clock;
        s.cores.push_back(ct);
    }
    const Network& n = m.io.net;
    s.network = n.started;
    s.clients = static_cast<int>(n.clients.size());
    s.planned = static_cast<int>(n.requests.size());
    bool first = true;
    for (const NetRequest& r : n.requests) {
        if (r.sent || r.done) ++s.sent;
        if (r.lost) ++s.lost;
        if (!r.done) continue;
        ++s.answered;
        s.latencies.push_back(r.latency());
        if (first || r.sent < s.first_sent) s.first_sent = r.sent;
        s.last_received = std::max(s.last_received, r.received);
        first = false;
    }
    s.latency = summarize_latencies(s.latencies);
    if (s.answered && s.last_received > s.first_sent)
        s.throughput = 1000.0 * s.answered / static_cast<double>(s.last_received - s.first_sent);
    s.disk_reads = m.io.disk.reads;
    s.disk_writes = m.io.disk.writes;
    s.io_requests = m.io.requests.size();
    s.would_blocks = m.io.would_blocks;
    for (const Pipe& p : m.io.pipes)
        s.pipe_bytes += p.bytes_written;
    s.console_bytes_in = m.io.console.bytes_read;
    return s;
}

std::string io_report(const Machine& m, const IoStats& s) {
    std::string out = "--- I/O\n";
    if (s.network) {
        const LoadSpec& spec = m.config.io.load;
        if (spec.script.empty())
            out += fmt::format("load: {} clients x {} requests, work {}, think about {} cycles, "
                               "network latency {} cycles\n",
                               s.clients, spec.requests, spec.work, spec.think, spec.net_latency);
        else
            out += fmt::format(
                "load: {} scripted requests from {} clients, network latency {} cycles\n",
                s.planned, s.clients, spec.net_latency);
        out += fmt::format("requests: {} sent, {} answered, {} lost, {} never sent\n", s.sent,
                           s.answered, s.lost, s.planned - s.sent);
        if (s.answered) {
            out += fmt::format(
                "throughput: {:.2f} requests per 1000 cycles ({} answered in {} cycles)\n",
                s.throughput, s.answered, s.last_received - s.first_sent);
            out += fmt::format("latency (cycles): mean {:.1f}, p50 {}, p95 {}, max {}\n",
                               s.latency.mean, s.latency.p50, s.latency.p95, s.latency.max);
        }
    }
    if (s.disk_reads || s.disk_writes)
        out +=
            fmt::format("disk: {} reads, {} writes (latency {} + up to {} cycles)\n", s.disk_reads,
                        s.disk_writes, m.config.io.disk_latency, m.config.io.disk_jitter);
    if (s.would_blocks) out += fmt::format("would-block answers: {}\n", s.would_blocks);
    out += fmt::format("{:<24} {:>9} {:>9} {:>9} {:>12}\n", "thread", "running", "ready", "blocked",
                       "(on I/O)");
    for (const ThreadTimes& t : s.threads)
        out += fmt::format("{:<24} {:>9} {:>9} {:>9} {:>12}\n",
                           fmt::format("{} {} (process {})", t.tid, t.name, t.pid), t.running,
                           t.ready, t.blocked, fmt::format("({})", t.blocked_io));
    for (const CoreTimes& c : s.cores)
        out += fmt::format("core {}: busy {} cycles, idle {} cycles\n", c.core, c.busy, c.idle);
    return out;
}

} // namespace gb
