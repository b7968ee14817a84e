#include "sim/kernel/io/poll.h"

#include "sim/kernel/machine.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

uint32_t fd_ready(const Machine& m, int pid, int fd) {
    if (fd == kAsyncQueue) return m.process(pid).completions.empty() ? 0 : kPollIn;
    const Descriptor* d = fd_get(m, pid, fd);
    if (!d) return 0;
    size_t i = static_cast<size_t>(d->object - 1);
    switch (d->kind) {
    case FdKind::ConsoleIn: return console_available(m, pid) ? kPollIn : 0;
    case FdKind::ConsoleOut: return kPollOut;
    case FdKind::File: return 0; // disk files are never ready without the wait
    case FdKind::PipeRead: {
        const Pipe& p = m.io.pipes[i];
        if (!p.buffer.empty()) return kPollIn;
        return p.writers == 0 ? kPollIn | kPollHup : 0;
    }
    case FdKind::PipeWrite: {
        const Pipe& p = m.io.pipes[i];
        if (p.readers == 0) return kPollOut | kPollHup; // a write fails at once: it does not wait
        return p.space() > 0 ? kPollOut : 0;
    }
    case FdKind::Listen: {
        const Listener& l = m.io.net.listeners[i];
        if (!l.backlog.empty()) return kPollIn;
        return l.shutdown ? kPollIn | kPollHup : 0;
    }
    case FdKind::Conn: {
        const Connection& c = m.io.net.conns[i];
        if (c.client_closed) return kPollIn | kPollHup;
        return (c.inbox.empty() ? 0 : kPollIn) | kPollOut;
    }
    case FdKind::None: break;
    }
    return 0;
}

std::vector<PollEntry> poll_ready(const Machine& m, int id) {
    std::vector<PollEntry> out;
    const PollSet& s = m.io.pollsets[static_cast<size_t>(id - 1)];
    for (const PollEntry& e : s.entries) {
        uint32_t ready = fd_ready(m, s.pid, e.fd);
        uint32_t got = ready & e.events;
        if (got) out.push_back({e.fd, got | (ready & kPollHup)});
    }
    return out;
}

int64_t poll_ready_slot(const std::vector<PollEntry>& ready, size_t n, size_t k, size_t slots,
                        bool with_events) {
    if (k + 1 == slots && n > slots) return -1;
    if (k >= n) return 0;
    return int64_t{ready[k].fd + 1} << 8 | (with_events ? ready[k].events : 0);
}

void poll_recheck(Machine& m) {
    if (m.io.pollsets.empty()) return;
    for (size_t i = 0; i < m.threads.size(); ++i) {
        const Thread& t = m.threads[i];
        if (t.state != ThreadState::Blocked || t.reason != BlockReason::Poll) continue;
        std::vector<PollEntry> ready = poll_ready(m, t.wait_on);
        if (ready.empty()) continue;
        size_t n = std::min<size_t>(ready.size(), t.poll_max);
        Process& p = m.process(t.pid);
        for (size_t k = 0; k < n; ++k) {
            p.mem.poke32(t.poll_list + static_cast<uint32_t>(8 * k),
                         static_cast<uint32_t>(ready[k].fd));
            p.mem.poke32(t.poll_list + static_cast<uint32_t>(8 * k + 4), ready[k].events);
        }
        ++m.io.pollsets[static_cast<size_t>(t.wait_on - 1)].wakeups;
        int tid = t.tid;
        m.context_of(tid).regs[0] = static_cast<uint32_t>(n);
        auto slot = [&](size_t k) { return poll_ready_slot(ready, n, k, 3, true); };
        m.note(EventKind::Io, Msg::PollReturns, t.pid, tid, t.wait_on, tid, t.wait_on, n, slot(0),
               slot(1), slot(2));
        m.wake(tid);
    }
}

void poll_forget(Machine& m, int pid, int fd) {
    for (PollSet& s : m.io.pollsets)
        if (s.pid == pid) std::erase_if(s.entries, [&](const PollEntry& e) { return e.fd == fd; });
}

} // namespace gb
