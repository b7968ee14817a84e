#include "scheduler.h"

#include <algorithm>

namespace gb {

std::string_view policy_name(Policy p) {
    switch (p) {
    case Policy::Fifo: return "fifo";
    case Policy::Sjf: return "sjf";
    case Policy::Stcf: return "stcf";
    case Policy::RoundRobin: return "rr";
    case Policy::Priority: return "priority";
    case Policy::Mlfq: return "mlfq";
    case Policy::Lottery: return "lottery";
    }
    return "?";
}

std::optional<Policy> parse_policy(std::string_view name) {
    for (Policy p : {Policy::Fifo, Policy::Sjf, Policy::Stcf, Policy::RoundRobin, Policy::Priority,
                     Policy::Mlfq, Policy::Lottery})
        if (policy_name(p) == name) return p;
    if (name == "round-robin") return Policy::RoundRobin;
    return std::nullopt;
}

void Scheduler::reset(const SchedParams& p) {
    params = p;
    params.mlfq_levels = std::clamp(params.mlfq_levels, 1, 8);
    params.quantum_ticks = std::max(1u, params.quantum_ticks);
    queues.assign(params.policy == Policy::Mlfq ? static_cast<size_t>(params.mlfq_levels) : 1, {});
    ticks = 0;
}

void Scheduler::make_ready(const std::vector<Thread>& threads, int tid, bool preempted) {
    (void)preempted;
    size_t level = 0;
    if (params.policy == Policy::Mlfq)
        level = static_cast<size_t>(std::clamp(threads[static_cast<size_t>(tid - 1)].level, 0,
                                               params.mlfq_levels - 1));
    queues[level].push_back(tid);
}

namespace {
// Remaining work of a job with a known length (SJF/STCF); unknown lengths sort last.
int64_t remaining(const Thread& t) {
    if (t.expected_length < 0) return INT64_MAX;
    return std::max<int64_t>(0, t.expected_length - static_cast<int64_t>(t.cycles_running));
}
} // namespace

int Scheduler::pick(const std::vector<Thread>& threads, Rng& rng) {
    auto th = [&](int tid) -> const Thread& { return threads[static_cast<size_t>(tid - 1)]; };
    for (auto& q : queues) {
        if (q.empty()) continue;
        auto chosen = q.begin(); // FIFO, RR, MLFQ: the front of the highest non-empty level
        switch (params.policy) {
        case Policy::Sjf:
            chosen = std::min_element(q.begin(), q.end(), [&](int a, int b) {
                return th(a).expected_length < 0   ? false
                       : th(b).expected_length < 0 ? true
                                                   : th(a).expected_length < th(b).expected_length;
            });
            break;
        case Policy::Stcf:
            chosen = std::min_element(q.begin(), q.end(),
                                      [&](int a, int b) { return remaining(th(a)) < remaining(th(b)); });
            break;
        case Policy::Priority:
            // Highest priority first; among equals, the one that has waited longest (queue order).
            chosen = std::max_element(q.begin(), q.end(),
                                      [&](int a, int b) { return th(a).priority < th(b).priority; });
            break;
        case Policy::Lottery: {
            // Each thread holds max(1, priority) tickets; draw one with the machine's PRNG.
            uint64_t total = 0;
            for (int tid : q) total += static_cast<uint64_t>(std::max(1, th(tid).priority));
            uint64_t win = rng.below(total);
            for (auto it = q.begin(); it != q.end(); ++it) {
                uint64_t n = static_cast<uint64_t>(std::max(1, th(*it).priority));
                if (win < n) { chosen = it; break; }
                win -= n;
            }
            break;
        }
        default: break;
        }
        int tid = *chosen;
        q.erase(chosen);
        return tid;
    }
    return 0;
}

bool Scheduler::tick(std::vector<Thread>& threads, Thread& t, uint32_t timer_period) {
    (void)timer_period;
    ++ticks;
    ++t.slice_used;
    switch (params.policy) {
    case Policy::Fifo:
    case Policy::Sjf:
    case Policy::Stcf: return false; // run to completion (STCF preempts only on arrival)
    case Policy::RoundRobin:
    case Policy::Priority:
    case Policy::Lottery: return t.slice_used >= params.quantum_ticks;
    case Policy::Mlfq: {
        bool over = false;
        // Rule 4: once a thread uses up its allotment at a level, it moves down.
        if (++t.allotment_used >= params.mlfq_allotment_ticks) {
            t.level = std::min(t.level + 1, params.mlfq_levels - 1);
            t.allotment_used = 0;
            over = true;
        }
        // Lower levels get longer slices: quantum × 2^level.
        if (t.slice_used >= (uint64_t{params.quantum_ticks} << t.level)) over = true;
        // Rule 5: every boost period, everyone goes back to the top level.
        if (params.mlfq_boost_ticks && ticks % params.mlfq_boost_ticks == 0) {
            for (Thread& o : threads) {
                o.level = 0;
                o.allotment_used = 0;
            }
            for (size_t l = 1; l < queues.size(); ++l) {
                queues[0].insert(queues[0].end(), queues[l].begin(), queues[l].end());
                queues[l].clear();
            }
            over = true;
        }
        return over;
    }
    }
    return false;
}

bool Scheduler::should_preempt(const std::vector<Thread>& threads, const Thread& running,
                               int ready_tid) const {
    const Thread& r = threads[static_cast<size_t>(ready_tid - 1)];
    switch (params.policy) {
    case Policy::Stcf: return remaining(r) < remaining(running);
    case Policy::Priority: return r.priority > running.priority;
    case Policy::Mlfq: return r.level < running.level;
    default: return false;
    }
}

void Scheduler::remove(int tid) {
    for (auto& q : queues) std::erase(q, tid);
}

bool Scheduler::empty() const {
    return std::all_of(queues.begin(), queues.end(), [](const auto& q) { return q.empty(); });
}

size_t Scheduler::ready_count() const {
    size_t n = 0;
    for (const auto& q : queues) n += q.size();
    return n;
}

} // namespace gb
