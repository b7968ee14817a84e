// Deadlock analysis: who waits for whom when nothing can run any more.
#include "sim/kernel/machine.h"

#include <algorithm>

#include <fmt/format.h>

namespace gb {

namespace {

bool live(const Machine& m, int tid) {
    return tid > 0 && tid <= static_cast<int>(m.threads.size()) &&
           m.thread(tid).state != ThreadState::Done;
}

// The first live thread of the first process that holds an end of pipe `id` of kind `end`.
int pipe_end_holder(const Machine& m, int id, FdKind end) {
    for (const Process& p : m.processes) {
        if (p.exited) continue;
        bool holds = std::any_of(p.fds.begin(), p.fds.end(), [&](const Descriptor& d) {
            return d.kind == end && d.object == id;
        });
        if (!holds) continue;
        for (int c : p.threads)
            if (live(m, c)) return c;
    }
    return 0;
}

std::string pipe_holders(const Machine& m, int id, FdKind end) {
    std::string out;
    for (const Process& p : m.processes) {
        if (p.exited) continue;
        if (std::any_of(p.fds.begin(), p.fds.end(),
                        [&](const Descriptor& d) { return d.kind == end && d.object == id; }))
            out += fmt::format("{}{}", out.empty() ? "" : ", ", p.pid);
    }
    return out;
}

// The edge out of a blocked thread: the thread that must act to wake it.
WaitStep edge(const Machine& m, const Thread& t) {
    WaitStep s{t.tid, t.reason, t.wait_on, 0};
    if (t.state != ThreadState::Blocked) return s;
    switch (t.reason) {
    case BlockReason::Mutex:
        if (t.wait_on >= 1 && t.wait_on <= static_cast<int>(m.mutexes.size())) {
            int owner = m.mutexes[static_cast<size_t>(t.wait_on - 1)].owner;
            if (live(m, owner)) s.next = owner;
        }
        break;
    case BlockReason::Join:
        if (live(m, t.wait_on)) s.next = t.wait_on;
        break;
    case BlockReason::WaitChild:
        // Waiting for a child: the first live thread of the first child that could still exit.
        for (const Process& p : m.processes)
            if (p.parent == t.pid && !p.exited && (t.wait_on == 0 || t.wait_on == p.pid)) {
                for (int c : p.threads)
                    if (live(m, c)) {
                        s.next = c;
                        break;
                    }
                if (s.next) break;
            }
        break;
    case BlockReason::PipeRead:
    case BlockReason::PipeWrite:
        // A pipe's reader waits for a writer (a live thread of a process
        // holding the write end), and a writer for a reader.
        s.next = pipe_end_holder(
            m, t.wait_on, t.reason == BlockReason::PipeRead ? FdKind::PipeWrite : FdKind::PipeRead);
        break;
    default: break;
    }
    return s;
}

std::string object_text(const Machine& m, const WaitStep& s) {
    switch (s.reason) {
    case BlockReason::Mutex: {
        std::string name;
        int owner = 0;
        if (s.object >= 1 && s.object <= static_cast<int>(m.mutexes.size())) {
            const Mutex& mx = m.mutexes[static_cast<size_t>(s.object - 1)];
            owner = mx.owner;
            if (!mx.name.empty()) name = fmt::format(" '{}'", mx.name);
        }
        if (!owner) return fmt::format("mutex {}{} (free)", s.object, name);
        if (!live(m, owner))
            return fmt::format("mutex {}{} (owned by thread {}, which has ended)", s.object, name,
                               owner);
        return fmt::format("mutex {}{} (owned by thread {})", s.object, name, owner);
    }
    case BlockReason::Semaphore: {
        int32_t v = s.object >= 1 && s.object <= static_cast<int>(m.semaphores.size())
                        ? m.semaphores[static_cast<size_t>(s.object - 1)].value
                        : 0;
        return fmt::format("semaphore {} (value {}; no running thread will post it)", s.object, v);
    }
    case BlockReason::CondVar:
        return fmt::format("condition variable {} (no running thread will signal it)", s.object);
    case BlockReason::Join: return fmt::format("join (waits for thread {} to end)", s.object);
    case BlockReason::PipeRead: {
        std::string who = pipe_holders(m, s.object, FdKind::PipeWrite);
        return fmt::format(
            "pipe {} (empty; its write end is open in process {}, whose threads will not write)",
            s.object, who);
    }
    case BlockReason::PipeWrite: {
        std::string who = pipe_holders(m, s.object, FdKind::PipeRead);
        return fmt::format(
            "pipe {} (full; its read end is open in process {}, whose threads will not read)",
            s.object, who);
    }
    case BlockReason::Io: {
        const Thread& t = m.thread(s.tid);
        if (t.awaiting)
            return s.object
                       ? fmt::format("async_wait (request {}, which nothing will finish)", s.object)
                       : "async_wait (for requests nothing will finish)";
        if (s.object >= 1 && s.object <= static_cast<int>(m.io.requests.size()))
            return fmt::format("I/O request {} ({}: nothing will complete it)", s.object,
                               m.io.requests[static_cast<size_t>(s.object - 1)].what);
        return fmt::format("I/O request {}", s.object);
    }
    case BlockReason::Poll:
        return fmt::format("a readiness wait on interest set {} (nothing will become ready)",
                           s.object);
    case BlockReason::WaitChild:
        return s.object ? fmt::format("wait (for child process {})", s.object)
                        : "wait (for any child process)";
    default:
        return s.object ? fmt::format("{} {}", block_reason_name(s.reason), s.object)
                        : std::string(block_reason_name(s.reason));
    }
}

} // namespace

std::vector<WaitStep> find_wait_cycle(const Machine& m) {
    const int n = static_cast<int>(m.threads.size());
    // Follow the single out-edge of each blocked thread; a walk that comes
    // back to a thread it has visited has found a cycle.
    for (int start = 1; start <= n; ++start) {
        std::vector<int> seen_at(static_cast<size_t>(n + 1), -1);
        std::vector<WaitStep> path;
        int cur = start;
        while (cur && m.thread(cur).state == ThreadState::Blocked &&
               seen_at[static_cast<size_t>(cur)] < 0) {
            seen_at[static_cast<size_t>(cur)] = static_cast<int>(path.size());
            path.push_back(edge(m, m.thread(cur)));
            cur = path.back().next;
        }
        if (!cur || seen_at[static_cast<size_t>(cur)] < 0) continue;
        std::vector<WaitStep> cycle(path.begin() + seen_at[static_cast<size_t>(cur)], path.end());
        // Start at the lowest tid so the report does not depend on where the walk began.
        auto low =
            std::min_element(cycle.begin(), cycle.end(),
                             [](const WaitStep& a, const WaitStep& b) { return a.tid < b.tid; });
        std::rotate(cycle.begin(), low, cycle.end());
        return cycle;
    }
    return {};
}

std::string describe_wait_cycle(const Machine& m, const std::vector<WaitStep>& cycle) {
    if (cycle.empty()) return "";
    std::string out;
    for (const WaitStep& s : cycle)
        out += fmt::format("thread {} → {} → ", s.tid, object_text(m, s));
    out += fmt::format("thread {}", cycle.front().tid);
    return out;
}

std::string describe_deadlock(const Machine& m) {
    std::string out = "deadlock: every live thread is blocked and nothing can wake them\n";
    auto cycle = find_wait_cycle(m);
    if (!cycle.empty()) out += "  wait-for cycle: " + describe_wait_cycle(m, cycle) + "\n";
    for (const Thread& t : m.threads)
        if (t.state == ThreadState::Blocked)
            out += fmt::format("  thread {} (process {}) waits on {}\n", t.tid, t.pid,
                               object_text(m, {t.tid, t.reason, t.wait_on, 0}));
    return out;
}

} // namespace gb
