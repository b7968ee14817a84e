#include "sim/kernel/scheduler.h"

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
    if (name == "fcfs") return Policy::Fifo;
    if (name == "psjf") return Policy::Stcf;
    return std::nullopt;
}

std::string_view sched_rules_name(SchedRules r) {
    return r == SchedRules::Ostep ? "ostep" : "glassbox";
}

void Scheduler::reset(const SchedParams& p) {
    params = p;
    params.mlfq_levels = std::clamp(params.mlfq_levels, 1, 8);
    params.quantum_ticks = std::max(1u, params.quantum_ticks);
    params.mlfq_allotment_ticks = std::max(1u, params.mlfq_allotment_ticks);
    for (uint32_t& q : params.mlfq_quantum_ticks)
        q = std::max(1u, q);
    queues.assign(params.policy == Policy::Mlfq ? static_cast<size_t>(params.mlfq_levels) : 1, {});
    boost_epoch = 0;
    boosts = 0;
    draws.clear();
    last_picked = 0;
    run_next = 0;
}

int Scheduler::ostep_fifo_pick(const std::vector<Thread>& threads) {
    std::deque<int>& q = queues[0];
    auto take = [&](int tid) {
        std::erase(q, tid);
        last_picked = tid;
        run_next = 0;
        return tid;
    };
    auto ready = [&](int tid) { return std::find(q.begin(), q.end(), tid) != q.end(); };
    if (run_next && ready(run_next)) return take(run_next);
    // SWITCH_ON_END: the CPU belongs to the last thread until it ends.
    if (params.run_to_end && last_picked &&
        threads[static_cast<size_t>(last_picked - 1)].state != ThreadState::Done)
        return ready(last_picked) ? take(last_picked) : 0;
    // The first ready id after last_picked, round the circle.
    auto distance = [&](int tid) {
        return tid > last_picked ? tid - last_picked
                                 : tid - last_picked + static_cast<int>(threads.size()) + 1;
    };
    int best = 0;
    for (int tid : q)
        if (!best || distance(tid) < distance(best)) best = tid;
    return best ? take(best) : 0;
}

uint32_t Scheduler::allotment_quanta_at(int level) const {
    if (params.mlfq_allotment_quanta.empty()) return 1;
    size_t i =
        std::min(static_cast<size_t>(std::max(level, 0)), params.mlfq_allotment_quanta.size() - 1);
    return params.mlfq_allotment_quanta[i];
}

uint32_t Scheduler::quantum_at(int level) const {
    if (params.policy != Policy::Mlfq || params.mlfq_quantum_ticks.empty())
        return params.quantum_ticks;
    size_t i =
        std::min(static_cast<size_t>(std::max(level, 0)), params.mlfq_quantum_ticks.size() - 1);
    return params.mlfq_quantum_ticks[i];
}

void Scheduler::make_ready(const std::vector<Thread>& threads, int tid, bool front) {
    size_t level = 0;
    if (params.policy == Policy::Mlfq)
        level = static_cast<size_t>(
            std::clamp(threads[static_cast<size_t>(tid - 1)].level, 0, params.mlfq_levels - 1));
    remove(tid);
    if (front)
        queues[level].push_front(tid);
    else
        queues[level].push_back(tid);
}

namespace {
// Remaining work of a job with a known length (SJF/STCF); unknown lengths sort last.
int64_t remaining(const Thread& t) {
    if (t.expected_length < 0) return INT64_MAX;
    return std::max<int64_t>(0, t.expected_length - static_cast<int64_t>(t.cycles_running));
}
int64_t length(const Thread& t) {
    return t.expected_length < 0 ? INT64_MAX : t.expected_length;
}
uint64_t tickets(const Thread& t) {
    return static_cast<uint64_t>(std::max(1, t.priority));
}
} // namespace

std::deque<int>::iterator Scheduler::ostep_lottery_draw(std::deque<int>& q,
                                                        const std::vector<Thread>& threads) {
    auto th = [&](int tid) -> const Thread& { return threads[static_cast<size_t>(tid - 1)]; };
    // lottery.py: the tickets of the jobs in id order; zero tickets never win.
    std::vector<int> by_id(q.begin(), q.end());
    std::sort(by_id.begin(), by_id.end());
    uint64_t total = 0;
    for (int tid : by_id)
        total += static_cast<uint64_t>(std::max(0, th(tid).priority));
    LotteryDraw d;
    d.number = static_cast<uint64_t>(py_random.random() * 1000001.0);
    d.total = total;
    d.winner = total ? d.number % total : 0;
    d.tid = by_id.front();
    uint64_t current = 0;
    for (int tid : by_id) {
        current += static_cast<uint64_t>(std::max(0, th(tid).priority));
        if (current > d.winner) {
            d.tid = tid;
            break;
        }
    }
    draws.push_back(d);
    return std::find(q.begin(), q.end(), d.tid);
}

int Scheduler::pick(const std::vector<Thread>& threads, Rng& rng) {
    if (ostep() && params.policy == Policy::Fifo) return ostep_fifo_pick(threads);
    auto th = [&](int tid) -> const Thread& { return threads[static_cast<size_t>(tid - 1)]; };
    for (auto& q : queues) {
        if (q.empty()) continue;
        auto chosen = q.begin(); // FIFO, RR, MLFQ: the front of the highest non-empty level
        // Ties always go to the thread nearest the front (it has waited longest).
        switch (params.policy) {
        case Policy::Sjf:
            chosen = std::min_element(q.begin(), q.end(),
                                      [&](int a, int b) { return length(th(a)) < length(th(b)); });
            break;
        case Policy::Stcf:
            chosen = std::min_element(q.begin(), q.end(), [&](int a, int b) {
                return remaining(th(a)) < remaining(th(b));
            });
            break;
        case Policy::Priority:
            chosen = std::max_element(
                q.begin(), q.end(), [&](int a, int b) { return th(a).priority < th(b).priority; });
            break;
        case Policy::Lottery: {
            if (ostep()) {
                chosen = ostep_lottery_draw(q, threads);
                break;
            }
            uint64_t total = 0;
            for (int tid : q)
                total += tickets(th(tid));
            uint64_t win = rng.below(total);
            for (auto it = q.begin(); it != q.end(); ++it) {
                if (win < tickets(th(*it))) {
                    chosen = it;
                    break;
                }
                win -= tickets(th(*it));
            }
            break;
        }
        default: break;
        }
        int tid = *chosen;
        if (chosen == q.begin())
            q.pop_front(); // the usual pick: a deque's general erase costs far more
        else
            q.erase(chosen);
        return tid;
    }
    return 0;
}

bool Scheduler::tick(Thread& t) const {
    ++t.slice_used;
    if (ostep() && params.policy == Policy::Mlfq) return false; // slices end in ostep_rules.cpp
    switch (params.policy) {
    case Policy::Fifo:
    case Policy::Sjf:
    case Policy::Stcf:
        return false; // run to completion (STCF preempts only when a job becomes ready)
    case Policy::RoundRobin:
    case Policy::Priority:
    case Policy::Lottery: return t.slice_used >= params.quantum_ticks;
    case Policy::Mlfq: return t.slice_used >= quantum_at(t.level);
    }
    return false;
}

uint32_t Scheduler::slice_ticks(const Thread& t) const {
    if (ostep() && params.policy == Policy::Mlfq) return 0;
    switch (params.policy) {
    case Policy::Fifo:
    case Policy::Sjf:
    case Policy::Stcf: return 0;
    case Policy::RoundRobin:
    case Policy::Priority:
    case Policy::Lottery: return params.quantum_ticks;
    case Policy::Mlfq: return quantum_at(t.level);
    }
    return 0;
}

bool Scheduler::charge(Thread& t, uint64_t cycles, uint32_t timer_period) const {
    if (params.policy != Policy::Mlfq || ostep()) return false;
    t.allotment_used += cycles;
    if (t.allotment_used < uint64_t{params.mlfq_allotment_ticks} * timer_period) return false;
    t.allotment_used = 0;
    if (t.level >= params.mlfq_levels - 1) return false; // already at the bottom
    ++t.level;
    return true;
}

bool Scheduler::maybe_boost(std::vector<Thread>& threads, uint64_t tick) {
    if (params.policy != Policy::Mlfq || params.mlfq_boost_ticks == 0 || ostep()) return false;
    uint64_t epoch = tick / params.mlfq_boost_ticks;
    if (epoch <= boost_epoch) return false;
    boost_epoch = epoch;
    ++boosts;
    for (Thread& o : threads) {
        o.level = 0;
        o.allotment_used = 0;
    }
    for (size_t l = 1; l < queues.size(); ++l) {
        queues[0].insert(queues[0].end(), queues[l].begin(), queues[l].end());
        queues[l].clear();
    }
    return true;
}

bool Scheduler::has_rival(const std::vector<Thread>& threads, const Thread& running) const {
    auto th = [&](int tid) -> const Thread& { return threads[static_cast<size_t>(tid - 1)]; };
    if (ostep() && params.policy == Policy::Lottery) return true; // a draw after every slice
    switch (params.policy) {
    case Policy::Priority:
        return std::any_of(queues[0].begin(), queues[0].end(),
                           [&](int tid) { return th(tid).priority >= running.priority; });
    case Policy::Mlfq:
        for (size_t l = 0; l < queues.size() && static_cast<int>(l) <= running.level; ++l)
            if (!queues[l].empty()) return true;
        return false;
    default: return !empty();
    }
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
    for (auto& q : queues)
        if (!q.empty()) std::erase(q, tid);
}

bool Scheduler::empty() const {
    return std::all_of(queues.begin(), queues.end(), [](const auto& q) { return q.empty(); });
}

size_t Scheduler::ready_count() const {
    size_t n = 0;
    for (const auto& q : queues)
        n += q.size();
    return n;
}

} // namespace gb
