#include "sim/kernel/io/io.h"

#include "sim/kernel/machine.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

std::map<std::string, int32_t> io_constants() {
    return {
        {"WOULD_BLOCK", kWouldBlock},
        {"ASYNC_QUEUE", kAsyncQueue},
        {"POLL_IN", static_cast<int32_t>(kPollIn)},
        {"POLL_OUT", static_cast<int32_t>(kPollOut)},
        {"POLL_HUP", static_cast<int32_t>(kPollHup)},
        {"O_CREATE", static_cast<int32_t>(kOpenCreate)},
        {"O_TRUNC", static_cast<int32_t>(kOpenTrunc)},
        {"STDIN", 0},
        {"STDOUT", 1},
        {"STDERR", 2},
        {"FOREVER", -1},
    };
}

std::string_view timed_kind_name(TimedKind k) {
    switch (k) {
    case TimedKind::DiskDone: return "disk done";
    case TimedKind::PollTimeout: return "poll timeout";
    case TimedKind::ConsoleFeed: return "console input";
    case TimedKind::ClientConnect: return "client connects";
    case TimedKind::ClientSend: return "client sends";
    case TimedKind::NetArrive: return "request arrives";
    case TimedKind::ReplyArrive: return "reply arrives";
    case TimedKind::CloseArrive: return "close arrives";
    }
    return "?";
}

std::string_view io_status_name(IoStatus s) {
    switch (s) {
    case IoStatus::Pending: return "pending";
    case IoStatus::Completed: return "completed";
    case IoStatus::Collected: return "collected";
    case IoStatus::Cancelled: return "cancelled";
    }
    return "?";
}

// --- the scheduled-events queue ------------------------------------------------

void io_schedule(Machine& m, uint64_t at, TimedKind kind, int a, std::string text) {
    Timed e{at, m.io.timed_seq++, kind, a, std::move(text)};
    // After every event at the same cycle: ties go in the order scheduled.
    auto pos = std::upper_bound(m.io.timed.begin(), m.io.timed.end(), at,
                                [](uint64_t t, const Timed& x) { return t < x.at; });
    m.io.timed.insert(pos, std::move(e));
}

uint64_t io_next_event(const Machine& m) {
    return m.io.timed.empty() ? UINT64_MAX : m.io.timed.front().at;
}

namespace {

void disk_done(Machine& m, int id) {
    --m.io.disk.in_flight;
    IoRequest& r = io_request(m, id);
    if (!io_live(m, id)) return; // its thread or process ended meanwhile
    int32_t result = static_cast<int32_t>(r.len);
    if (r.op == IoOp::Read) {
        // The bytes reach the program's buffer now, when the disk is done.
        user_write(m, r.pid, r.buf, r.data.data(), r.data.size());
        result = static_cast<int32_t>(r.data.size());
    }
    r.done = static_cast<uint32_t>(result);
    io_complete(m, id, result);
}

void poll_timeout(Machine& m, int tid, uint64_t at) {
    Thread& t = m.thread(tid);
    if (t.state != ThreadState::Blocked || t.reason != BlockReason::Poll || t.wake_at != at) return;
    m.context_of(tid).regs[0] = 0;
    m.note(EventKind::Io, Msg::PollTimesOut, t.pid, tid, 0, tid, t.wait_on);
    m.wake(tid);
}

void dispatch(Machine& m, const Timed& e) {
    switch (e.kind) {
    case TimedKind::DiskDone: disk_done(m, e.a); break;
    case TimedKind::PollTimeout: poll_timeout(m, e.a, e.at); break;
    case TimedKind::ConsoleFeed: m.feed_console(e.a, e.text); break;
    case TimedKind::ClientConnect: net_client_connect(m, e.a, e.at); break;
    case TimedKind::ClientSend: net_client_send(m, e.a, e.at); break;
    case TimedKind::NetArrive: net_arrive(m, e.a, e.at); break;
    case TimedKind::ReplyArrive: net_reply_arrives(m, e.a, e.at); break;
    case TimedKind::CloseArrive: net_client_close_arrives(m, e.a, e.at); break;
    }
}

} // namespace

void io_run_due(Machine& m) {
    bool any = false;
    while (!m.io.timed.empty() && m.io.timed.front().at <= m.now) {
        Timed e = std::move(m.io.timed.front());
        m.io.timed.erase(m.io.timed.begin());
        dispatch(m, e);
        any = true;
    }
    if (any) poll_recheck(m);
}

// --- requests --------------------------------------------------------------------

IoRequest& io_request(Machine& m, int id) {
    return m.io.requests.at(static_cast<size_t>(id - 1));
}

IoRequest& io_new_request(Machine& m, int tid, int fd, const Descriptor& d, IoOp op, IoMode mode,
                          uint32_t buf, uint32_t len, uint32_t handler) {
    IoRequest r;
    r.id = static_cast<int>(m.io.requests.size()) + 1;
    r.tid = tid;
    r.pid = m.thread(tid).pid;
    r.fd = fd;
    r.target = d.kind;
    r.object = d.object;
    r.op = op;
    r.mode = mode;
    r.buf = buf;
    r.len = len;
    r.handler = handler;
    r.submitted = m.now;
    r.fd_word = fd_word(m, r.pid, fd);
    int64_t how = mode == IoMode::Blocking ? -1 : handler;
    if (op == IoOp::Accept)
        m.note(EventKind::Io, Msg::IoRequestAccept, r.pid, tid, r.id, r.id, fd, r.fd_word, how);
    else
        m.note(EventKind::Io, Msg::IoRequest, r.pid, tid, r.id, r.id, op, len, fd, r.fd_word, how);
    if (mode == IoMode::Async) m.io.async_bytes += len;
    m.io.requests.push_back(std::move(r));
    return m.io.requests.back();
}

namespace {

// A request has ended (collected or cancelled): what it held goes back.
void io_end(Machine& m, IoRequest& r, IoStatus s) {
    if (r.mode == IoMode::Async &&
        (r.status == IoStatus::Pending || r.status == IoStatus::Completed))
        m.io.async_bytes -= std::min<uint64_t>(m.io.async_bytes, r.len);
    r.status = s;
    std::vector<uint8_t>().swap(r.data);
}

} // namespace

bool io_live(Machine& m, int id) {
    IoRequest& r = io_request(m, id);
    if (r.status != IoStatus::Pending) return false;
    bool live = r.mode == IoMode::Blocking ? m.thread(r.tid).state == ThreadState::Blocked &&
                                                 m.thread(r.tid).io_request == id
                                           : !m.process(r.pid).exited;
    if (!live) io_end(m, r, IoStatus::Cancelled);
    return live;
}

void io_complete(Machine& m, int id, int32_t result) {
    IoRequest& r = io_request(m, id);
    r.status = IoStatus::Completed;
    r.result = result;
    r.completed = m.now;
    std::vector<uint8_t>().swap(r.data); // its bytes have been delivered
    int pid = r.pid, tid = r.tid;
    m.note(EventKind::Io, Msg::IoCompletes, pid, tid, id, id, result, r.completed - r.submitted);
    if (r.mode == IoMode::Blocking) {
        Thread& t = m.thread(tid);
        io_end(m, r, IoStatus::Collected);
        if (t.state == ThreadState::Blocked && t.io_request == id) {
            m.context_of(tid).regs[0] = static_cast<uint32_t>(result);
            m.wake(tid);
        }
        return;
    }
    m.process(pid).completions.push_back(id);
    // A thread of the process waiting in async_wait for it (or for any) takes it now.
    for (int w : m.process(pid).threads) {
        const Thread& t = m.thread(w);
        if (t.state == ThreadState::Blocked && t.reason == BlockReason::Io && t.awaiting &&
            (t.wait_on == id || t.wait_on == 0)) {
            io_deliver(m, w, id);
            if (m.thread(w).state == ThreadState::Blocked) m.wake(w);
            break;
        }
    }
}

void io_deliver(Machine& m, int tid, int id) {
    IoRequest& r = io_request(m, id);
    io_end(m, r, IoStatus::Collected);
    Process& p = m.process(r.pid);
    std::erase(p.completions, id);
    Context& c = m.context_of(tid);
    if (!r.handler) {
        c.regs[0] = static_cast<uint32_t>(r.result);
        c.regs[1] = static_cast<uint32_t>(id);
        m.note(EventKind::Io, Msg::IoCollects, r.pid, tid, id, tid, id, r.result);
        return;
    }
    // The callback form: the thread calls handler(id, result, buffer) as if
    // the collecting `sys` had made the call; the handler's `ret` comes back
    // just after that `sys`.
    uint32_t sp = c.regs[SP] - 4;
    Fault f = p.mem.store32(sp, c.pc);
    if (f != Fault::None) {
        uint32_t pc = c.pc - 4;
        m.kill_process(r.pid, FaultReport{f, r.pid, tid, pc, sp, m.now, m.source_line(r.pid, pc)});
        return;
    }
    c.regs[SP] = sp;
    c.regs[1] = static_cast<uint32_t>(id);
    c.regs[2] = static_cast<uint32_t>(r.result);
    c.regs[3] = r.buf;
    c.pc = r.handler;
    std::string name = p.image ? p.image->label_at(r.handler) : std::string();
    if (name.empty())
        m.note(EventKind::Io, Msg::IoHandlerAt, r.pid, tid, id, tid, r.handler, id, r.result);
    else
        m.note(EventKind::Io, Msg::IoHandlerNamed, r.pid, tid, id, tid, m.name_arg(name), id,
               r.result);
}

void io_block(Machine& m, int tid, int id) {
    const IoRequest& r = io_request(m, id);
    Thread& t = m.thread(tid);
    t.io_request = id;
    t.awaiting = false;
    if (r.target == FdKind::PipeRead && r.op == IoOp::Read)
        m.block(tid, BlockReason::PipeRead, r.object);
    else if (r.target == FdKind::PipeWrite && r.op == IoOp::Write)
        m.block(tid, BlockReason::PipeWrite, r.object);
    else
        m.block(tid, BlockReason::Io, id);
}

void io_process_exit(Machine& m, int pid) {
    for (IoRequest& r : m.io.requests)
        if (r.pid == pid && (r.status == IoStatus::Pending || r.status == IoStatus::Completed))
            io_end(m, r, IoStatus::Cancelled);
    m.process(pid).completions.clear();
}

// --- guest memory ----------------------------------------------------------------

bool user_range_ok(const Machine& m, int pid, uint32_t addr, uint32_t len, uint8_t perm) {
    const AddressSpace& mem = m.process(pid).mem;
    uint64_t a = addr, end = static_cast<uint64_t>(addr) + len;
    while (a < end) {
        const Region* r = mem.find(static_cast<uint32_t>(a));
        if (!r || r->kind == RegionKind::Guard || !(r->perms & perm)) return false;
        a = r->end();
    }
    return true;
}

void user_write(Machine& m, int pid, uint32_t addr, const uint8_t* bytes, size_t n) {
    AddressSpace& mem = m.process(pid).mem;
    for (size_t i = 0; i < n; ++i)
        mem.poke8(addr + static_cast<uint32_t>(i), bytes[i]);
}

std::vector<uint8_t> user_read(const Machine& m, int pid, uint32_t addr, uint32_t len) {
    std::vector<uint8_t> out(len, 0);
    const AddressSpace& mem = m.process(pid).mem;
    for (uint32_t i = 0; i < len; ++i)
        mem.peek8(addr + i, out[i]);
    return out;
}

} // namespace gb
