#include "teach/pipe_view.h"

namespace gb::view {

namespace {

// The requests of a pipe's queue that still wait (a finished one may linger
// at the front until the pipe is next pumped).
std::vector<PipeWaiter> waiting(const Machine& m, const std::deque<int>& queue) {
    std::vector<PipeWaiter> out;
    for (int id : queue) {
        if (id < 1 || id > static_cast<int>(m.io.requests.size())) continue;
        const IoRequest& r = m.io.requests[static_cast<size_t>(id - 1)];
        if (r.status != IoStatus::Pending) continue;
        out.push_back({r.id, r.pid, r.tid, r.len, static_cast<uint32_t>(r.data.size())});
    }
    return out;
}

} // namespace

std::vector<PipeBox> pipe_boxes(const Machine& m) {
    std::vector<PipeBox> out;
    for (const Pipe& p : m.io.pipes) {
        PipeBox b;
        b.id = p.id;
        b.pid = p.pid;
        b.capacity = p.capacity;
        b.bytes.assign(p.buffer.begin(), p.buffer.end());
        b.written = p.bytes_written;
        b.read = p.bytes_read;
        b.read_ends = p.readers;
        b.write_ends = p.writers;
        b.readers = waiting(m, p.read_q);
        b.writers = waiting(m, p.write_q);
        out.push_back(std::move(b));
    }
    return out;
}

} // namespace gb::view
