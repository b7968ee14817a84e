// sched: the scheduling lab. Jobs run as real processes on the kernel's
// scheduler; prints a tick-by-tick timeline and the textbook metrics.
#include "cli.h"

#include "teach/sched_lab.h"

#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace gbcli {

namespace {

bool parse_list(const std::string& text, std::vector<uint32_t>& out) {
    out.clear();
    size_t start = 0;
    while (true) {
        size_t at = text.find(',', start);
        std::string item =
            text.substr(start, at == std::string::npos ? std::string::npos : at - start);
        try {
            size_t used = 0;
            long v = std::stol(item, &used);
            if (used != item.size() || v < 0 || v > 1000000) return false;
            out.push_back(static_cast<uint32_t>(v));
        } catch (const std::exception&) {
            return false;
        }
        if (at == std::string::npos) return true;
        start = at + 1;
    }
}

} // namespace

int cmd_sched(const SchedArgs& a) {
    gb::LabOptions o;
    auto policy = gb::parse_policy(a.policy);
    if (!policy) {
        fmt::print(stderr,
                   "unknown policy '{}': expected fifo, sjf, stcf, rr, priority, mlfq or lottery\n",
                   a.policy);
        return kExitUsage;
    }
    std::vector<gb::LabJob> jobs;
    std::string error;
    if (!gb::parse_jobs(a.jobs, jobs, error)) {
        fmt::print(stderr, "--jobs: {}\n", error);
        return kExitUsage;
    }
    std::vector<uint32_t> quanta;
    if (!parse_list(a.quantum, quanta) || quanta.empty() ||
        std::any_of(quanta.begin(), quanta.end(), [](uint32_t q) { return q == 0; })) {
        fmt::print(stderr, "--quantum: expected a positive number of ticks (mlfq: or one per "
                           "level, like 1,2,4)\n");
        return kExitUsage;
    }
    if (quanta.size() > 1 && *policy != gb::Policy::Mlfq) {
        fmt::print(stderr, "--quantum: a list of quanta is for mlfq only\n");
        return kExitUsage;
    }
    if (!a.priority.empty()) {
        std::vector<uint32_t> pr;
        if (!parse_list(a.priority, pr) || pr.size() != jobs.size()) {
            fmt::print(stderr, "--priority: expected one whole number per job ({} jobs)\n",
                       jobs.size());
            return kExitUsage;
        }
        for (size_t i = 0; i < jobs.size(); ++i)
            jobs[i].priority = static_cast<int>(pr[i]);
    }
    o.sched.policy = *policy;
    o.sched.quantum_ticks = quanta[0];
    if (quanta.size() > 1) o.sched.mlfq_quantum_ticks = quanta;
    o.sched.mlfq_levels = a.queues;
    o.sched.mlfq_allotment_ticks = a.allotment;
    o.sched.mlfq_boost_ticks = a.boost;
    o.io_time = a.io_time;
    o.seed = a.seed;

    gb::LabResult r = gb::run_sched_lab(jobs, o);
    if (!r.ok()) {
        fmt::print(stderr, "{}\n", r.error);
        return kExitUsage;
    }
    if (a.json) {
        // Keys in the documented order: {"jobs":[{"id","arrival",...}],"average":{...}}.
        nlohmann::ordered_json j;
        j["jobs"] = nlohmann::ordered_json::array();
        for (const gb::LabJobResult& jr : r.jobs)
            j["jobs"].push_back(nlohmann::ordered_json{{"id", jr.job.id},
                                                       {"arrival", jr.job.arrival},
                                                       {"length", jr.job.length},
                                                       {"response", jr.response},
                                                       {"turnaround", jr.turnaround},
                                                       {"wait", jr.wait}});
        j["average"] = nlohmann::ordered_json{
            {"response", r.avg_response}, {"turnaround", r.avg_turnaround}, {"wait", r.avg_wait}};
        fmt::print("{}\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        return kExitOk;
    }
    fmt::print("{}", gb::format_lab_report(r, o));
    return kExitOk;
}

} // namespace gbcli
