#include "sim/kernel/io/fd.h"

#include "sim/kernel/machine.h"

#include <fmt/format.h>

namespace gb {

std::string_view fd_kind_name(FdKind k) {
    switch (k) {
    case FdKind::None: return "closed";
    case FdKind::ConsoleIn: return "console input";
    case FdKind::ConsoleOut: return "console output";
    case FdKind::File: return "file";
    case FdKind::PipeRead: return "pipe read end";
    case FdKind::PipeWrite: return "pipe write end";
    case FdKind::Listen: return "listening socket";
    case FdKind::Conn: return "connection";
    }
    return "?";
}

std::vector<Descriptor> initial_fds() {
    return {{FdKind::ConsoleIn, 0, 0}, {FdKind::ConsoleOut, 0, 0}, {FdKind::ConsoleOut, 0, 0}};
}

Descriptor* fd_get(Machine& m, int pid, int fd) {
    Process& p = m.process(pid);
    if (fd < 0 || fd >= static_cast<int>(p.fds.size())) return nullptr;
    Descriptor& d = p.fds[static_cast<size_t>(fd)];
    return d.kind == FdKind::None ? nullptr : &d;
}

const Descriptor* fd_get(const Machine& m, int pid, int fd) {
    const Process& p = m.process(pid);
    if (fd < 0 || fd >= static_cast<int>(p.fds.size())) return nullptr;
    const Descriptor& d = p.fds[static_cast<size_t>(fd)];
    return d.kind == FdKind::None ? nullptr : &d;
}

namespace {

// One more (or one fewer) descriptor names d's object.
void add_ref(Machine& m, const Descriptor& d) {
    size_t i = static_cast<size_t>(d.object - 1);
    switch (d.kind) {
    case FdKind::PipeRead: ++m.io.pipes[i].readers; break;
    case FdKind::PipeWrite: ++m.io.pipes[i].writers; break;
    case FdKind::Listen: ++m.io.net.listeners[i].refs; break;
    case FdKind::Conn: ++m.io.net.conns[i].refs; break;
    default: break;
    }
}

void drop_ref(Machine& m, int pid, const Descriptor& d) {
    size_t i = static_cast<size_t>(d.object - 1);
    switch (d.kind) {
    case FdKind::PipeRead:
    case FdKind::PipeWrite: {
        Pipe& p = m.io.pipes[i];
        int& ends = d.kind == FdKind::PipeRead ? p.readers : p.writers;
        --ends;
        if (ends == 0) {
            m.note(EventKind::Io,
                   d.kind == FdKind::PipeWrite ? Msg::PipeLastWriterClosed
                                               : Msg::PipeLastReaderClosed,
                   pid, 0, 0, p.id);
            pipe_pump(m, p.id);
        }
        break;
    }
    case FdKind::Listen: {
        Listener& l = m.io.net.listeners[i];
        if (--l.refs == 0) m.note(EventKind::Io, Msg::ListenClosed, pid, 0, 0, l.id, l.port);
        break;
    }
    case FdKind::Conn:
        if (--m.io.net.conns[i].refs == 0) conn_server_closed(m, d.object);
        break;
    default: break;
    }
}

} // namespace

int fd_install(Machine& m, int pid, Descriptor d) {
    Process& p = m.process(pid);
    size_t slot = 0;
    while (slot < p.fds.size() && p.fds[slot].kind != FdKind::None)
        ++slot;
    if (slot >= static_cast<size_t>(kMaxFds)) return -1;
    if (slot == p.fds.size()) p.fds.emplace_back();
    p.fds[slot] = d;
    add_ref(m, d);
    return static_cast<int>(slot);
}

bool fd_close(Machine& m, int pid, int fd) {
    Descriptor* d = fd_get(m, pid, fd);
    if (!d) return false;
    Descriptor copy = *d;
    *d = Descriptor{};
    poll_forget(m, pid, fd);
    drop_ref(m, pid, copy);
    poll_recheck(m);
    return true;
}

void fd_fork(Machine& m, int child_pid) {
    for (const Descriptor& d : m.process(child_pid).fds)
        add_ref(m, d);
}

void fd_close_all(Machine& m, int pid) {
    for (int fd = 0; fd < static_cast<int>(m.process(pid).fds.size()); ++fd)
        if (fd_get(m, pid, fd)) fd_close(m, pid, fd);
}

int64_t fd_word(Machine& m, int pid, int fd) {
    if (fd == kAsyncQueue) return kFdWordQueue;
    const Descriptor* d = fd_get(m, pid, fd);
    if (!d) return kFdWordClosed;
    int64_t detail = 0;
    size_t i = static_cast<size_t>(d->object - 1);
    if (d->kind == FdKind::File) detail = m.name_arg(m.io.disk.files[i].name);
    if (d->kind == FdKind::Listen) detail = m.io.net.listeners[i].port;
    if (d->kind == FdKind::Conn) detail = m.io.net.conns[i].client;
    return static_cast<int64_t>(d->kind) | int64_t{d->object} << 8 | detail << 32;
}

} // namespace gb
