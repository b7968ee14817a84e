// The I/O system calls: descriptors, the three forms of read and write,
// completions, pipes, sockets and readiness waits (io.h tells the model).
#include "sim/kernel/io/io_syscalls.h"

#include "sim/kernel/machine.h"
#include "sim/kernel/syscalls.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb::io_sys {

namespace {

uint32_t arg(Machine& m, int tid, int i) {
    return m.context_of(tid).regs[static_cast<size_t>(i)];
}
int32_t iarg(Machine& m, int tid, int i) {
    return static_cast<int32_t>(arg(m, tid, i));
}
void ret(Machine& m, int tid, int32_t v) {
    m.context_of(tid).regs[0] = static_cast<uint32_t>(v);
}
int pid_of(Machine& m, int tid) {
    return m.thread(tid).pid;
}

// A call that cannot be done: -1, and the reason in the event log.
void fail(Machine& m, int tid, const Reason& why) {
    m.note_why(EventKind::Io, Msg::IoFailed, pid_of(m, tid), tid, why);
    ret(m, tid, -1);
}

// A limit of the I/O system (Limits, docs/limits.md): the call returns -1,
// and the event log and the stop message say which limit; the machine pauses.
void limit_reached(Machine& m, int tid, const Reason& why) {
    fail(m, tid, why);
    m.request_stop(StopReason::Paused, why);
}

// Pipes, interest sets and listening sockets live as long as the machine:
// their number is bounded (Limits::max_io_objects).
bool io_object_room(Machine& m, int tid, std::string_view call) {
    size_t n = m.io.pipes.size() + m.io.pollsets.size() + m.io.net.listeners.size();
    if (n < m.config.limits.max_io_objects) return true;
    limit_reached(m, tid, because(Why::IoObjectLimit, m.name_arg(call), n));
    return false;
}

// Every request leaves a record (the I/O panel, the statistics): their
// number is bounded (Limits::max_io_requests).
bool io_request_room(Machine& m, int tid, std::string_view call) {
    size_t n = m.io.requests.size();
    if (n < m.config.limits.max_io_requests) return true;
    limit_reached(m, tid, because(Why::IoRequestLimit, m.name_arg(call), n));
    return false;
}

// Every I/O call may change what is ready: wake the readiness waits it concerns.
struct Recheck {
    Machine& m;
    explicit Recheck(Machine& mm) : m(mm) { m.io.used = true; }
    ~Recheck() { poll_recheck(m); }
    Recheck(const Recheck&) = delete;
    Recheck& operator=(const Recheck&) = delete;
};

enum class Form : uint8_t { Blocking, NonBlocking, Async };

std::string_view call_name(IoOp op, Form f) {
    if (op == IoOp::Read)
        return f == Form::Blocking ? "read" : f == Form::NonBlocking ? "read_nb" : "read_async";
    return f == Form::Blocking ? "write" : f == Form::NonBlocking ? "write_nb" : "write_async";
}

// What a read or write could do without waiting: the result, or WOULD_BLOCK
// with `moved` bytes already written (a pipe with less room than asked).
struct Attempt {
    int32_t result = kWouldBlock;
    uint32_t moved = 0;
};

Attempt try_now(Machine& m, int tid, int fd, Descriptor& d, IoOp op, uint32_t buf, uint32_t len,
                const std::vector<uint8_t>& data) {
    const int pid = pid_of(m, tid);
    Attempt a;
    switch (d.kind) {
    case FdKind::ConsoleIn: {
        if (console_available(m, pid) == 0) return a;
        std::string s = console_take(m, pid, len);
        user_write(m, pid, buf, reinterpret_cast<const uint8_t*>(s.data()), s.size());
        a.result = static_cast<int32_t>(s.size());
        return a;
    }
    case FdKind::ConsoleOut:
        m.print(pid, std::string(data.begin(), data.end()));
        a.result = static_cast<int32_t>(len);
        return a;
    case FdKind::PipeRead: {
        Pipe& p = m.io.pipes[static_cast<size_t>(d.object - 1)];
        if (!p.buffer.empty()) {
            size_t n = std::min<size_t>(len, p.buffer.size());
            std::vector<uint8_t> bytes(p.buffer.begin(), p.buffer.begin() + static_cast<long>(n));
            p.buffer.erase(p.buffer.begin(), p.buffer.begin() + static_cast<long>(n));
            p.bytes_read += n;
            user_write(m, pid, buf, bytes.data(), n);
            m.note(EventKind::Io, p.write_q.empty() ? Msg::PipeReadAtOnce : Msg::PipeReadAtOnceRoom,
                   pid, tid, 0, p.id, n, p.buffer.size());
            pipe_pump(m, d.object); // a waiting writer may put in more now
            a.result = static_cast<int32_t>(n);
        } else if (p.writers == 0) {
            a.result = 0; // the end of data
        }
        return a;
    }
    case FdKind::PipeWrite: {
        const int id = d.object;
        auto pipe = [&]() -> Pipe& { return m.io.pipes[static_cast<size_t>(id - 1)]; };
        if (pipe().readers == 0) {
            m.note(EventKind::Io, Msg::BrokenPipe, pid, tid, 0, id);
            a.result = -1;
            return a;
        }
        bool queued = std::any_of(pipe().write_q.begin(), pipe().write_q.end(), [&](int w) {
            return io_request(m, w).status == IoStatus::Pending;
        });
        if (queued) return a; // earlier writers go first
        while (a.moved < len) {
            uint32_t k = std::min(pipe().space(), len - a.moved);
            if (k == 0) break;
            Pipe& p = pipe();
            p.buffer.insert(p.buffer.end(), data.begin() + a.moved, data.begin() + a.moved + k);
            p.bytes_written += k;
            a.moved += k;
            m.note(EventKind::Io, Msg::PipeWritten, pid, tid, 0, id, k, p.buffer.size(),
                   p.capacity);
            pipe_pump(m, id); // waiting readers take their share, making room
        }
        if (a.moved == len) a.result = static_cast<int32_t>(len);
        return a;
    }
    case FdKind::Conn: {
        Connection& c = m.io.net.conns[static_cast<size_t>(d.object - 1)];
        if (op == IoOp::Write) {
            conn_reply(m, d.object, len);
            a.result = static_cast<int32_t>(len);
        } else if (!c.inbox.empty()) {
            size_t n = std::min<size_t>(len, c.inbox.size());
            std::vector<uint8_t> bytes(c.inbox.begin(), c.inbox.begin() + static_cast<long>(n));
            c.inbox.erase(c.inbox.begin(), c.inbox.begin() + static_cast<long>(n));
            user_write(m, pid, buf, bytes.data(), n);
            a.result = static_cast<int32_t>(n);
        } else if (c.client_closed) {
            a.result = 0;
        }
        return a;
    }
    case FdKind::File:
    case FdKind::Listen:
    case FdKind::None: break;
    }
    (void)fd;
    return a;
}

// Puts a request where it waits for its object, then lets the object serve what it can.
void enqueue_and_pump(Machine& m, int id) {
    IoRequest& r = io_request(m, id);
    const int obj = r.object;
    switch (r.target) {
    case FdKind::ConsoleIn:
        m.io.console.read_q.push_back(id);
        console_pump(m);
        break;
    case FdKind::ConsoleOut:
        m.print(r.pid, std::string(r.data.begin(), r.data.end()));
        r.done = r.len;
        io_complete(m, id, static_cast<int32_t>(r.len));
        break;
    case FdKind::PipeRead:
        m.io.pipes[static_cast<size_t>(obj - 1)].read_q.push_back(id);
        pipe_pump(m, obj);
        break;
    case FdKind::PipeWrite:
        m.io.pipes[static_cast<size_t>(obj - 1)].write_q.push_back(id);
        pipe_pump(m, obj);
        break;
    case FdKind::Conn:
        if (r.op == IoOp::Write) {
            conn_reply(m, obj, r.len);
            r.done = r.len;
            io_complete(m, id, static_cast<int32_t>(r.len));
        } else {
            m.io.net.conns[static_cast<size_t>(obj - 1)].read_q.push_back(id);
            conn_pump(m, obj);
        }
        break;
    case FdKind::File:
    case FdKind::Listen:
    case FdKind::None: break;
    }
}

void transfer(Machine& m, int tid, IoOp op, Form form) {
    Recheck recheck(m);
    const int pid = pid_of(m, tid);
    const int fd = iarg(m, tid, 1);
    const uint32_t buf = arg(m, tid, 2), len = arg(m, tid, 3);
    const uint32_t handler = form == Form::Async ? arg(m, tid, 4) : 0;
    const std::string_view call = call_name(op, form);
    Descriptor* d = fd_get(m, pid, fd);
    if (!d) return fail(m, tid, because(Why::FdNotOpen, m.name_arg(call), fd));
    if (len > kMaxIoBytes)
        return fail(m, tid, because(Why::IoTooLong, m.name_arg(call), len, kMaxIoBytes));
    if (!user_range_ok(m, pid, buf, len, op == IoOp::Read ? PermW : PermR)) {
        syscall_fault(m, tid, buf,
                      because(op == IoOp::Read ? Why::BufferNotWritable : Why::BufferNotReadable,
                              m.name_arg(call), buf, buf + len));
        return;
    }
    if (handler && (handler % 4 || !user_range_ok(m, pid, handler, 4, PermX))) {
        syscall_fault(m, tid, handler, because(Why::HandlerNotCode, m.name_arg(call), handler));
        return;
    }
    const FdKind k = d->kind;
    if (k == FdKind::Listen) return fail(m, tid, because(Why::FdIsListening, m.name_arg(call), fd));
    if (op == IoOp::Read && (k == FdKind::ConsoleOut || k == FdKind::PipeWrite))
        return fail(m, tid,
                    because(Why::FdNotForReading, m.name_arg(call), fd, fd_word(m, pid, fd)));
    if (op == IoOp::Write && (k == FdKind::ConsoleIn || k == FdKind::PipeRead))
        return fail(m, tid,
                    because(Why::FdNotForWriting, m.name_arg(call), fd, fd_word(m, pid, fd)));
    std::vector<uint8_t> data =
        op == IoOp::Write ? user_read(m, pid, buf, len) : std::vector<uint8_t>{};
    const IoMode mode = form == Form::Async ? IoMode::Async : IoMode::Blocking;

    auto would_block = [&](Msg why) {
        ++m.io.would_blocks;
        m.note(EventKind::Io, why, pid, tid, 0, m.name_arg(call), fd, fd_word(m, pid, fd));
        ret(m, tid, kWouldBlock);
    };

    // Asynchronous requests hold their buffers until collected: bounded in bytes.
    const Limits& limits = m.config.limits;
    if (!io_request_room(m, tid, call)) return;
    if (form == Form::Async && m.io.async_bytes + len > limits.max_async_bytes)
        return limit_reached(m, tid,
                             because(Why::AsyncBytesLimit, m.name_arg(call), len,
                                     m.io.async_bytes + len, limits.max_async_bytes));

    // A disk file: every request takes the disk's latency.
    if (k == FdKind::File) {
        const DiskFile& f = m.io.disk.files[static_cast<size_t>(d->object - 1)];
        const uint64_t end = uint64_t{d->offset} + len;
        if (op == IoOp::Write && end > limits.max_file_bytes)
            return limit_reached(m, tid,
                                 because(Why::FileBytesLimit, m.name_arg(call), m.name_arg(f.name),
                                         end, limits.max_file_bytes));
        const uint64_t growth = end > f.bytes.size() ? end - f.bytes.size() : 0;
        if (op == IoOp::Write && growth && disk_bytes(m) + growth > limits.max_disk_bytes)
            return limit_reached(m, tid,
                                 because(Why::DiskBytesLimit, m.name_arg(call),
                                         disk_bytes(m) + growth, limits.max_disk_bytes));
        if (form == Form::NonBlocking) return would_block(Msg::WouldBlockDisk);
        int id = io_new_request(m, tid, fd, *d, op, mode, buf, len, handler).id;
        io_request(m, id).data = std::move(data);
        disk_submit(m, id, *d);
        if (form == Form::Blocking)
            io_block(m, tid, id);
        else
            ret(m, tid, id);
        return;
    }
    if (form == Form::Async) {
        IoRequest& r = io_new_request(m, tid, fd, *d, op, mode, buf, len, handler);
        int id = r.id;
        r.data = std::move(data);
        ret(m, tid, id);
        enqueue_and_pump(m, id);
        return;
    }
    Attempt a = try_now(m, tid, fd, *d, op, buf, len, data);
    if (a.result != kWouldBlock) return ret(m, tid, a.result);
    if (form == Form::NonBlocking) {
        if (a.moved > 0) return ret(m, tid, static_cast<int32_t>(a.moved));
        return would_block(op == IoOp::Read ? Msg::WouldBlockRead : Msg::WouldBlockWrite);
    }
    // Blocking: the thread sleeps until the rest can be done.
    IoRequest& r = io_new_request(m, tid, fd, *d, op, mode, buf, len, handler);
    int id = r.id;
    r.done = a.moved;
    if (op == IoOp::Write) r.data.assign(data.begin() + a.moved, data.end());
    io_block(m, tid, id);
    enqueue_and_pump(m, id);
}

// async_wait / async_collect: hand a finished asynchronous request to the caller.
void collect(Machine& m, int tid, bool wait) {
    Recheck recheck(m);
    const int pid = pid_of(m, tid);
    const int32_t id = iarg(m, tid, 1);
    const char* call = wait ? "async_wait" : "async_collect";
    Process& p = m.process(pid);
    if (id != 0) {
        if (id < 1 || id > static_cast<int32_t>(m.io.requests.size()) ||
            io_request(m, id).pid != pid || io_request(m, id).mode != IoMode::Async)
            return fail(m, tid, because(Why::NotAsyncRequest, m.name_arg(call), id, pid));
        IoRequest& r = io_request(m, id);
        if (r.status == IoStatus::Collected || r.status == IoStatus::Cancelled)
            return fail(m, tid,
                        because(r.status == IoStatus::Collected ? Why::RequestCollected
                                                                : Why::RequestCancelled,
                                m.name_arg(call), id));
        if (r.status == IoStatus::Completed) return io_deliver(m, tid, id);
    } else {
        if (!p.completions.empty()) return io_deliver(m, tid, p.completions.front());
        bool pending =
            std::any_of(m.io.requests.begin(), m.io.requests.end(), [&](const IoRequest& r) {
                return r.pid == pid && r.mode == IoMode::Async && r.status == IoStatus::Pending;
            });
        if (!pending) return fail(m, tid, because(Why::NoRequestInFlight, m.name_arg(call), pid));
    }
    if (!wait) {
        ++m.io.would_blocks;
        if (id)
            m.note(EventKind::Io, Msg::CollectNotYet, pid, tid, 0, id);
        else
            m.note(EventKind::Io, Msg::CollectNoneYet, pid, tid, 0);
        return ret(m, tid, kWouldBlock);
    }
    Thread& t = m.thread(tid);
    t.awaiting = true;
    t.io_request = 0;
    m.block(tid, BlockReason::Io, id);
}

// An interest set of the caller's process, or a fault.
bool valid_set(Machine& m, int tid, int32_t set, const char* call) {
    int pid = pid_of(m, tid);
    if (set >= 1 && set <= static_cast<int32_t>(m.io.pollsets.size()) &&
        m.io.pollsets[static_cast<size_t>(set - 1)].pid == pid)
        return true;
    syscall_fault(m, tid, static_cast<uint32_t>(set),
                  because(Why::NotPollSet, m.name_arg(call), set, pid));
    return false;
}

} // namespace

void sys_read(Machine& m, int tid) {
    transfer(m, tid, IoOp::Read, Form::Blocking);
}
void sys_write(Machine& m, int tid) {
    transfer(m, tid, IoOp::Write, Form::Blocking);
}
void sys_read_nb(Machine& m, int tid) {
    transfer(m, tid, IoOp::Read, Form::NonBlocking);
}
void sys_write_nb(Machine& m, int tid) {
    transfer(m, tid, IoOp::Write, Form::NonBlocking);
}
void sys_read_async(Machine& m, int tid) {
    transfer(m, tid, IoOp::Read, Form::Async);
}
void sys_write_async(Machine& m, int tid) {
    transfer(m, tid, IoOp::Write, Form::Async);
}
void sys_async_wait(Machine& m, int tid) {
    collect(m, tid, true);
}
void sys_async_collect(Machine& m, int tid) {
    collect(m, tid, false);
}

void sys_open(Machine& m, int tid) {
    Recheck recheck(m);
    const int pid = pid_of(m, tid);
    std::string name;
    if (!m.process(pid).mem.read_string(arg(m, tid, 1), name, 256)) {
        syscall_fault(m, tid, arg(m, tid, 1),
                      because(Why::NotString, m.name_arg("open"), arg(m, tid, 1)));
        return;
    }
    uint32_t flags = arg(m, tid, 2);
    int file = disk_find(m, name);
    if (!file && !(flags & kOpenCreate))
        return fail(m, tid, because(Why::NoSuchFile, m.name_arg(name)));
    if (!file && m.io.disk.files.size() >= m.config.limits.max_disk_files)
        return limit_reached(
            m, tid, because(Why::DiskFilesLimit, m.name_arg(name), m.io.disk.files.size()));
    if (!file)
        file = m.add_file(name, "");
    else if (flags & kOpenTrunc)
        m.io.disk.files[static_cast<size_t>(file - 1)].bytes.clear();
    int fd = fd_install(m, pid, {FdKind::File, file, 0});
    if (fd < 0) return fail(m, tid, because(Why::TooManyFds, m.name_arg("open"), pid, kMaxFds));
    m.note(EventKind::Io, Msg::FileOpened, pid, tid, 0, m.name_arg(name),
           m.io.disk.files[static_cast<size_t>(file - 1)].bytes.size(), fd);
    ret(m, tid, fd);
}

void sys_close(Machine& m, int tid) {
    Recheck recheck(m);
    const int pid = pid_of(m, tid);
    const int fd = iarg(m, tid, 1);
    int64_t what = fd_word(m, pid, fd);
    if (!fd_close(m, pid, fd))
        return fail(m, tid, because(Why::FdNotOpen, m.name_arg("close"), fd));
    m.note(EventKind::Io, Msg::FdClosed, pid, tid, 0, fd, what);
    ret(m, tid, 0);
}

void sys_pipe(Machine& m, int tid) {
    Recheck recheck(m);
    const int pid = pid_of(m, tid);
    if (!io_object_room(m, tid, "pipe")) return;
    int id = pipe_create(m, pid);
    int r = fd_install(m, pid, {FdKind::PipeRead, id, 0});
    int w = r < 0 ? -1 : fd_install(m, pid, {FdKind::PipeWrite, id, 0});
    if (w < 0) {
        if (r >= 0) fd_close(m, pid, r);
        return fail(m, tid, because(Why::TooManyFds, m.name_arg("pipe"), pid, kMaxFds));
    }
    m.note(EventKind::Io, Msg::PipeCreated, pid, tid, id, id,
           m.io.pipes[static_cast<size_t>(id - 1)].capacity, r, w);
    m.context_of(tid).regs[1] = static_cast<uint32_t>(w);
    ret(m, tid, r);
}

void sys_listen(Machine& m, int tid) {
    Recheck recheck(m);
    const int pid = pid_of(m, tid);
    if (!io_object_room(m, tid, "listen")) return;
    int id = net_listen(m, pid, iarg(m, tid, 1));
    int fd = fd_install(m, pid, {FdKind::Listen, id, 0});
    if (fd < 0) return fail(m, tid, because(Why::TooManyFds, m.name_arg("listen"), pid, kMaxFds));
    ret(m, tid, fd);
}

void sys_accept(Machine& m, int tid) {
    Recheck recheck(m);
    const int pid = pid_of(m, tid);
    const int fd = iarg(m, tid, 1);
    Descriptor* d = fd_get(m, pid, fd);
    if (!d || d->kind != FdKind::Listen) return fail(m, tid, because(Why::NotListening, fd));
    const int lid = d->object;
    Listener& l = m.io.net.listeners[static_cast<size_t>(lid - 1)];
    if (!l.backlog.empty()) {
        int cid = l.backlog.front();
        int cfd = fd_install(m, pid, {FdKind::Conn, cid, 0});
        if (cfd < 0)
            return fail(m, tid, because(Why::TooManyFds, m.name_arg("accept"), pid, kMaxFds));
        Listener& l2 = m.io.net.listeners[static_cast<size_t>(lid - 1)];
        l2.backlog.pop_front();
        ++l2.accepted;
        m.io.net.conns[static_cast<size_t>(cid - 1)].accepted = true;
        m.note(EventKind::Io, Msg::Accepted, pid, tid, 0, cid,
               m.io.net.conns[static_cast<size_t>(cid - 1)].client, cfd);
        return ret(m, tid, cfd);
    }
    if (l.shutdown) {
        m.note(EventKind::Io, Msg::AcceptFinished, pid, tid, 0);
        return ret(m, tid, -1);
    }
    if (!io_request_room(m, tid, "accept")) return;
    int id = io_new_request(m, tid, fd, *d, IoOp::Accept, IoMode::Blocking, 0, 0, 0).id;
    io_block(m, tid, id);
    m.io.net.listeners[static_cast<size_t>(lid - 1)].accept_q.push_back(id);
}

void sys_poll_create(Machine& m, int tid) {
    Recheck recheck(m);
    if (!io_object_room(m, tid, "poll_create")) return;
    PollSet s;
    s.id = static_cast<int>(m.io.pollsets.size()) + 1;
    s.pid = pid_of(m, tid);
    m.io.pollsets.push_back(s);
    ret(m, tid, s.id);
}

void sys_poll_add(Machine& m, int tid) {
    Recheck recheck(m);
    const int pid = pid_of(m, tid);
    const int32_t set = iarg(m, tid, 1), fd = iarg(m, tid, 2);
    const uint32_t events = arg(m, tid, 3) & (kPollIn | kPollOut);
    if (!valid_set(m, tid, set, "poll_add")) return;
    if (fd != kAsyncQueue) {
        const Descriptor* d = fd_get(m, pid, fd);
        if (!d) return fail(m, tid, because(Why::FdNotOpen, m.name_arg("poll_add"), fd));
        if (d->kind == FdKind::File) return fail(m, tid, because(Why::PollDiskFile, fd));
    }
    if (!events) return fail(m, tid, because(Why::PollNoEvents));
    PollSet& s = m.io.pollsets[static_cast<size_t>(set - 1)];
    auto it = std::find_if(s.entries.begin(), s.entries.end(),
                           [&](const PollEntry& e) { return e.fd == fd; });
    if (it != s.entries.end())
        it->events = events;
    else
        s.entries.push_back({fd, events});
    m.note(EventKind::Io, Msg::InterestWatch, pid, tid, set, set, fd, fd_word(m, pid, fd), events);
    ret(m, tid, 0);
}

void sys_poll_remove(Machine& m, int tid) {
    Recheck recheck(m);
    const int32_t set = iarg(m, tid, 1), fd = iarg(m, tid, 2);
    if (!valid_set(m, tid, set, "poll_remove")) return;
    PollSet& s = m.io.pollsets[static_cast<size_t>(set - 1)];
    size_t before = s.entries.size();
    std::erase_if(s.entries, [&](const PollEntry& e) { return e.fd == fd; });
    if (s.entries.size() == before) return fail(m, tid, because(Why::PollNotInSet, fd, set));
    ret(m, tid, 0);
}

void sys_poll_wait(Machine& m, int tid) {
    Recheck recheck(m);
    const int pid = pid_of(m, tid);
    const int32_t set = iarg(m, tid, 1), max = iarg(m, tid, 3), timeout = iarg(m, tid, 4);
    const uint32_t list = arg(m, tid, 2);
    if (!valid_set(m, tid, set, "poll_wait")) return;
    if (max < 1 || max > 64) return fail(m, tid, because(Why::PollListSize, max));
    if (!user_range_ok(m, pid, list, static_cast<uint32_t>(max) * 8, PermW)) {
        syscall_fault(m, tid, list, because(Why::PollListNotWritable, list, max));
        return;
    }
    ++m.io.pollsets[static_cast<size_t>(set - 1)].waits;
    std::vector<PollEntry> ready = poll_ready(m, set);
    if (!ready.empty()) {
        size_t n = std::min<size_t>(ready.size(), static_cast<size_t>(max));
        for (size_t k = 0; k < n; ++k) {
            m.process(pid).mem.poke32(list + static_cast<uint32_t>(8 * k),
                                      static_cast<uint32_t>(ready[k].fd));
            m.process(pid).mem.poke32(list + static_cast<uint32_t>(8 * k + 4), ready[k].events);
        }
        auto slot = [&](size_t k) { return poll_ready_slot(ready, n, k, 4, false); };
        m.note(EventKind::Io, Msg::PollReadyAtOnce, pid, tid, set, set, n, slot(0), slot(1),
               slot(2), slot(3));
        return ret(m, tid, static_cast<int32_t>(n));
    }
    if (timeout == 0) return ret(m, tid, 0);
    Thread& t = m.thread(tid);
    t.poll_list = list;
    t.poll_max = static_cast<uint32_t>(max);
    t.wake_at = 0;
    if (timeout > 0) {
        t.wake_at = m.now + static_cast<uint32_t>(timeout);
        io_schedule(m, t.wake_at, TimedKind::PollTimeout, tid);
    }
    m.block(tid, BlockReason::Poll, set);
}

void sys_seek(Machine& m, int tid) {
    Recheck recheck(m);
    const int pid = pid_of(m, tid);
    const int fd = iarg(m, tid, 1);
    Descriptor* d = fd_get(m, pid, fd);
    if (!d || d->kind != FdKind::File) return fail(m, tid, because(Why::SeekNotFile, fd));
    if (arg(m, tid, 2) > m.config.limits.max_file_bytes)
        return fail(m, tid,
                    because(Why::SeekPastLimit, arg(m, tid, 2), m.config.limits.max_file_bytes));
    d->offset = arg(m, tid, 2);
    ret(m, tid, 0);
}

void sys_clock(Machine& m, int tid) {
    ret(m, tid, static_cast<int32_t>(static_cast<uint32_t>(m.now)));
}

} // namespace gb::io_sys
