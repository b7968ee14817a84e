// Measurements the lessons plot: where each thread's time went, how busy
// each core was, and what the load generator's clients saw (every
// request's latency, the throughput). The CLI prints them (`run --json`,
// and a text report) and the dashboard calls io_stats on its machine.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gb {

class Machine;

struct ThreadTimes {
    int tid = 0, pid = 0;
    std::string name;
    // Cycles in each state, up to now. blocked_io is the part of blocked
    // spent waiting for I/O (a device, a pipe, a readiness wait, async_wait).
    uint64_t running = 0, ready = 0, blocked = 0, blocked_io = 0;
};

struct CoreTimes {
    int core = 0;
    uint64_t busy = 0, idle = 0; // busy includes context-switch costs
};

struct LatencySummary {
    size_t count = 0;
    double mean = 0;
    uint64_t min = 0, p50 = 0, p95 = 0, max = 0; // nearest-rank percentiles
};

struct IoStats {
    uint64_t cycles = 0; // the machine's time now
    std::vector<ThreadTimes> threads;
    std::vector<CoreTimes> cores;
    // The load generator (network.h); `network` is false if no program listened.
    bool network = false;
    int clients = 0;
    int planned = 0, sent = 0, answered = 0, lost = 0; // requests
    std::vector<uint64_t> latencies; // of the answered requests, by request number
    LatencySummary latency;
    uint64_t first_sent = 0, last_received = 0;
    double throughput = 0; // answered requests per 1000 cycles, first send to last reply
    // The devices.
    uint64_t disk_reads = 0, disk_writes = 0, io_requests = 0, would_blocks = 0;
    uint64_t pipe_bytes = 0, console_bytes_in = 0;
};

IoStats io_stats(const Machine& m);
LatencySummary summarize_latencies(std::vector<uint64_t> values);
// The readable report the CLI prints after a run that used I/O.
std::string io_report(const Machine& m, const IoStats& s);

} // namespace gb
