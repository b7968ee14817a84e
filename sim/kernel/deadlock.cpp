// Deadlock analysis: who waits for whom when nothing can run any more.
// (teach/event_words.h words the report.)
#include "sim/kernel/machine.h"

#include <algorithm>

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

} // namespace gb
