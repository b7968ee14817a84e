#include "sim/kernel/io/console.h"

#include "sim/kernel/machine.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

size_t console_available(const Machine& m, int pid) {
    return m.process(pid).input.size() + m.io.console.shared.size();
}

std::string console_take(Machine& m, int pid, size_t n) {
    // The process's own input first, then the shared terminal's.
    std::string& own = m.process(pid).input;
    std::string& shared = m.io.console.shared;
    std::string& from = own.empty() ? shared : own;
    n = std::min(n, from.size());
    std::string out = from.substr(0, n);
    from.erase(0, n);
    m.io.console.bytes_read += n;
    return out;
}

void console_pump(Machine& m) {
    auto& q = m.io.console.read_q;
    while (!q.empty()) {
        int rid = q.front();
        if (!io_live(m, rid)) {
            q.pop_front();
            continue;
        }
        IoRequest& r = io_request(m, rid);
        if (console_available(m, r.pid) == 0) {
            // This reader waits; a later one of another process might have
            // input of its own, so look further.
            bool served = false;
            for (size_t i = 1; i < q.size() && !served; ++i) {
                int other = q[i];
                if (!io_live(m, other)) continue;
                IoRequest& o = io_request(m, other);
                if (console_available(m, o.pid) == 0) continue;
                q.erase(q.begin() + static_cast<long>(i));
                std::string s = console_take(m, o.pid, o.len);
                user_write(m, o.pid, o.buf, reinterpret_cast<const uint8_t*>(s.data()), s.size());
                o.done = static_cast<uint32_t>(s.size());
                io_complete(m, other, static_cast<int32_t>(s.size()));
                served = true;
            }
            if (!served) return;
            continue;
        }
        q.pop_front();
        std::string s = console_take(m, r.pid, r.len);
        user_write(m, r.pid, r.buf, reinterpret_cast<const uint8_t*>(s.data()), s.size());
        r.done = static_cast<uint32_t>(s.size());
        io_complete(m, rid, static_cast<int32_t>(s.size()));
    }
}

bool waits_for_console(const Machine& m, const Thread& t) {
    if (t.state != ThreadState::Blocked) return false;
    auto console_read = [&](const IoRequest& r) {
        return r.target == FdKind::ConsoleIn && r.op == IoOp::Read && r.status == IoStatus::Pending;
    };
    if (t.reason == BlockReason::Io && !t.awaiting && t.io_request)
        return console_read(m.io.requests[static_cast<size_t>(t.io_request - 1)]);
    if (t.reason == BlockReason::Io && t.awaiting)
        for (const IoRequest& r : m.io.requests)
            if (r.pid == t.pid && r.mode == IoMode::Async && console_read(r) &&
                (t.wait_on == 0 || t.wait_on == r.id))
                return true;
    if (t.reason == BlockReason::Poll && t.wait_on >= 1 &&
        t.wait_on <= static_cast<int>(m.io.pollsets.size()))
        for (const PollEntry& e : m.io.pollsets[static_cast<size_t>(t.wait_on - 1)].entries) {
            const Descriptor* d = fd_get(m, t.pid, e.fd);
            if (d && d->kind == FdKind::ConsoleIn) return true;
        }
    return false;
}

void Machine::feed_console(int pid, std::string_view text) {
    if (text.empty()) return;
    if (pid > 0 && pid <= static_cast<int>(processes.size()))
        process(pid).input += text;
    else {
        pid = 0;
        io.console.shared += text;
    }
    io.console.bytes_fed += text.size();
    if (pid)
        note(EventKind::Io, Msg::ConsoleInputFor, pid, 0, 0, text.size(), pid);
    else
        note(EventKind::Io, Msg::ConsoleInputShared, pid, 0, 0, text.size());
    console_pump(*this);
    poll_recheck(*this);
}

void Machine::feed_console_at(uint64_t cycle, int pid, std::string text) {
    io_schedule(*this, std::max(cycle, now), TimedKind::ConsoleFeed, pid, std::move(text));
}

} // namespace gb
