// Pipes: a bounded byte buffer in the kernel with a read end and a write
// end (the IPC of the processes lesson). A reader of an empty pipe waits
// (BlockReason::PipeRead); a writer to a full pipe waits
// (BlockReason::PipeWrite) until a reader makes room. When every write end
// is closed, a read of the empty pipe returns 0 (end of data); when every
// read end is closed, a write fails with -1 (a broken pipe).
//
// Requests that could not be finished at once wait in the pipe's queues,
// first come first served; pipe_pump moves bytes whenever it can.
#pragma once

#include <cstdint>
#include <deque>

namespace gb {

class Machine;

struct Pipe {
    int id = 0;
    int pid = 0; // the process that made it
    uint32_t capacity =
        16; // bytes the buffer holds (Config::io.pipe_capacity, at most Limits::max_pipe_bytes)
    std::deque<uint8_t> buffer;   // bytes written, not yet read
    int readers = 0, writers = 0; // open read ends and write ends (in all processes)
    std::deque<int> read_q;       // I/O request ids waiting to read, oldest first
    std::deque<int> write_q;      // I/O request ids waiting to write the rest of their bytes
    uint64_t bytes_written = 0, bytes_read = 0;
    uint32_t space() const {
        return buffer.size() >= capacity ? 0 : capacity - static_cast<uint32_t>(buffer.size());
    }
};

// pipe(): a new pipe with one read end and one write end in process pid; returns its id.
int pipe_create(Machine& m, int pid);
// Moves bytes between the buffer and the waiting requests, in order, as far
// as possible; completes the requests that are done (and ends with EOF or
// broken pipe when the other side has closed).
void pipe_pump(Machine& m, int id);

} // namespace gb
