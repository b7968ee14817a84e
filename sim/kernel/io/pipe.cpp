#include "sim/kernel/io/pipe.h"

#include "sim/kernel/machine.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

int pipe_create(Machine& m, int pid) {
    Pipe p;
    p.id = static_cast<int>(m.io.pipes.size()) + 1;
    p.pid = pid;
    p.capacity = std::clamp<uint32_t>(m.config.io.pipe_capacity, 1,
                                      std::max<uint32_t>(1, m.config.limits.max_pipe_bytes));
    m.io.pipes.push_back(std::move(p));
    return m.io.pipes.back().id;
}

void pipe_pump(Machine& m, int id) {
    auto pipe = [&]() -> Pipe& { return m.io.pipes[static_cast<size_t>(id - 1)]; };
    bool progress = true;
    while (progress) {
        progress = false;
        // Readers first, oldest first: each takes what is there, up to what it asked for.
        while (!pipe().read_q.empty()) {
            int rid = pipe().read_q.front();
            if (!io_live(m, rid)) {
                pipe().read_q.pop_front();
                continue;
            }
            Pipe& p = pipe();
            IoRequest& r = io_request(m, rid);
            if (!p.buffer.empty()) {
                size_t n = std::min<size_t>(r.len, p.buffer.size());
                std::vector<uint8_t> bytes(p.buffer.begin(),
                                           p.buffer.begin() + static_cast<long>(n));
                p.buffer.erase(p.buffer.begin(), p.buffer.begin() + static_cast<long>(n));
                p.bytes_read += n;
                p.read_q.pop_front();
                user_write(m, r.pid, r.buf, bytes.data(), n);
                r.done = static_cast<uint32_t>(n);
                io_complete(m, rid, static_cast<int32_t>(n));
                progress = true;
            } else if (p.writers == 0) {
                p.read_q.pop_front();
                io_complete(m, rid, 0); // the end of data
                progress = true;
            } else {
                break;
            }
        }
        // Then writers, oldest first: each puts in what fits; it is done when all its bytes are in.
        while (!pipe().write_q.empty()) {
            int wid = pipe().write_q.front();
            if (!io_live(m, wid)) {
                pipe().write_q.pop_front();
                continue;
            }
            Pipe& p = pipe();
            IoRequest& w = io_request(m, wid);
            if (p.readers == 0) {
                p.write_q.pop_front();
                m.note(EventKind::Io, Msg::BrokenPipe, w.pid, w.tid, 0, id);
                io_complete(m, wid, -1);
                progress = true;
                continue;
            }
            size_t n = std::min<size_t>(p.space(), w.data.size());
            if (n == 0) break;
            p.buffer.insert(p.buffer.end(), w.data.begin(), w.data.begin() + static_cast<long>(n));
            w.data.erase(w.data.begin(), w.data.begin() + static_cast<long>(n));
            w.done += static_cast<uint32_t>(n);
            p.bytes_written += n;
            progress = true;
            m.note(EventKind::Io, Msg::PipeWriterPuts, w.pid, w.tid, 0, id, wid, n, p.buffer.size(),
                   p.capacity);
            if (!w.data.empty()) break;
            p.write_q.pop_front();
            io_complete(m, wid, static_cast<int32_t>(w.len));
        }
    }
}

} // namespace gb
