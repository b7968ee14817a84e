#include "teach/event_loop_view.h"

#include "sim/kernel/io/fd.h"
#include "sim/kernel/io/poll.h"

namespace gb::view {

std::vector<InterestSet> interest_sets(const Machine& m) {
    std::vector<InterestSet> out;
    for (const PollSet& s : m.io.pollsets) {
        InterestSet v;
        v.id = s.id;
        v.pid = s.pid;
        v.waits = s.waits;
        v.wakeups = s.wakeups;
        std::vector<PollEntry> ready = poll_ready(m, s.id);
        for (const PollEntry& e : s.entries) {
            InterestRow row;
            row.fd = e.fd;
            row.async_queue = e.fd == kAsyncQueue;
            if (const Descriptor* d = row.async_queue ? nullptr : fd_get(m, s.pid, e.fd)) {
                row.kind = d->kind;
                row.object = d->object;
                if (d->kind == FdKind::Listen)
                    row.detail = m.io.net.listeners[static_cast<size_t>(d->object - 1)].port;
                if (d->kind == FdKind::Conn)
                    row.detail = m.io.net.conns[static_cast<size_t>(d->object - 1)].client;
            }
            row.wanted = e.events;
            for (const PollEntry& r : ready)
                if (r.fd == e.fd) row.ready = r.events;
            if (row.ready) v.ready.push_back(row);
            v.rows.push_back(std::move(row));
        }
        const Process& p = m.process(s.pid);
        for (int tid : p.threads) {
            const Thread& t = m.thread(tid);
            if (t.state == ThreadState::Done) continue;
            v.threads.push_back({tid, t.state == ThreadState::Blocked &&
                                          t.reason == BlockReason::Poll && t.wait_on == s.id});
        }
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace gb::view
