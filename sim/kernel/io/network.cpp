#include "sim/kernel/io/network.h"

#include "sim/kernel/machine.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

bool parse_load_script(const std::string& text, std::vector<ScriptedRequest>& out,
                       std::string& error) {
    out.clear();
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(',', start);
        std::string item =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) {
            long long v[3] = {0, 0, 0};
            int n = 0;
            size_t pos = 0;
            bool ok = true;
            while (ok && n < 3) {
                size_t colon = item.find(':', pos);
                std::string part =
                    item.substr(pos, colon == std::string::npos ? std::string::npos : colon - pos);
                try {
                    size_t used = 0;
                    v[n] = std::stoll(part, &used, 10);
                    ok = used == part.size() && v[n] >= 0;
                } catch (const std::exception&) {
                    ok = false;
                }
                ++n;
                if (colon == std::string::npos) break;
                pos = colon + 1;
            }
            if (!ok || n != 3 || v[0] < 1 || v[0] > 64 || v[2] > 1'000'000) {
                error = fmt::format("load: '{}' is not CLIENT:AT:WORK (client 1..64, cycles, work "
                                    "0..1000000), e.g. 1:0:50",
                                    item);
                return false;
            }
            out.push_back(
                {static_cast<int>(v[0]), static_cast<uint64_t>(v[1]), static_cast<uint32_t>(v[2])});
        }
        if (end == std::string::npos) break;
        start = end + 1;
    }
    if (out.empty()) {
        error = "load: no requests";
        return false;
    }
    return true;
}

namespace {

Network& net(Machine& m) {
    return m.io.net;
}
Client& client(Machine& m, int id) {
    return m.io.net.clients[static_cast<size_t>(id - 1)];
}
NetRequest& request(Machine& m, int number) {
    return m.io.net.requests[static_cast<size_t>(number - 1)];
}
Connection& conn(Machine& m, int id) {
    return m.io.net.conns[static_cast<size_t>(id - 1)];
}
Listener& listener(Machine& m, int id) {
    return m.io.net.listeners[static_cast<size_t>(id - 1)];
}

int server_pid(Machine& m) {
    return net(m).target ? listener(m, net(m).target).pid : 0;
}

// The load generator is finished once every client is: every listening
// socket shuts down, so accept returns -1 and servers can stop.
void maybe_finish(Machine& m, uint64_t at) {
    Network& n = net(m);
    if (n.finished) return;
    for (const Client& c : n.clients)
        if (c.state != ClientState::Done) return;
    n.finished = true;
    n.finished_at = at;
    int answered = static_cast<int>(std::count_if(n.requests.begin(), n.requests.end(),
                                                  [](const NetRequest& r) { return r.done; }));
    m.note(EventKind::Io, Msg::LoadGenFinished, server_pid(m), 0, 0, answered, n.requests.size());
    for (Listener& l : n.listeners)
        l.shutdown = true;
    for (size_t i = 0; i < n.listeners.size(); ++i)
        listener_pump(m, static_cast<int>(i) + 1);
}

// A client stops: every request it has not had answered is lost.
// why: ClientRefused, ClientServerClosed or ClientClosedConn, whose number is `what`.
void give_up(Machine& m, int cid, uint64_t at, Msg why, int what = 0) {
    Client& c = client(m, cid);
    if (c.state == ClientState::Done) return;
    int lost = 0;
    for (int number : c.plan)
        if (!request(m, number).done) {
            request(m, number).lost = true;
            ++lost;
        }
    c.state = ClientState::Done;
    if (why == Msg::ClientRefused)
        m.note(EventKind::Io, why, server_pid(m), 0, 0, cid, lost);
    else
        m.note(EventKind::Io, why, server_pid(m), 0, 0, cid, what, lost);
    maybe_finish(m, at);
}

uint64_t think_time(Machine& m) {
    uint32_t think = m.config.io.load.think;
    if (!m.config.io.load.script.empty() || think == 0) return 0;
    return think / 2 + m.rng.below(uint64_t{think} + 1); // mean `think`, seeded
}

} // namespace

int net_listen(Machine& m, int pid, int port) {
    Network& n = net(m);
    Listener l;
    l.id = static_cast<int>(n.listeners.size()) + 1;
    l.pid = pid;
    l.port = port;
    l.shutdown = n.finished;
    n.listeners.push_back(l);
    int id = l.id;
    m.note(EventKind::Io, Msg::Listens, pid, 0, id, pid, port, id);
    if (n.started) return id;

    // The first listener starts the load generator: its clients will connect here.
    const LoadSpec& spec = m.config.io.load;
    n.started = true;
    n.started_at = m.now;
    n.target = id;
    if (!spec.script.empty()) {
        int clients = 0;
        for (const ScriptedRequest& s : spec.script)
            clients = std::max(clients, s.client);
        n.clients.resize(static_cast<size_t>(clients));
        for (int c = 1; c <= clients; ++c)
            n.clients[static_cast<size_t>(c - 1)].id = c;
        for (const ScriptedRequest& s : spec.script) {
            NetRequest r;
            r.number = static_cast<int>(n.requests.size()) + 1;
            r.client = s.client;
            r.work = s.work;
            r.not_before = m.now + s.at;
            n.requests.push_back(r);
            n.clients[static_cast<size_t>(s.client - 1)].plan.push_back(r.number);
        }
        m.note(EventKind::Io, Msg::LoadGenScripted, pid, 0, 0, spec.script.size(), clients,
               spec.net_latency);
        for (const Client& c : n.clients) {
            if (c.plan.empty()) { // a client number the script skipped
                client(m, c.id).state = ClientState::Done;
                continue;
            }
            io_schedule(m, request(m, c.plan.front()).not_before, TimedKind::ClientConnect, c.id);
        }
    } else {
        int clients = std::max(0, spec.clients), per = std::max(0, spec.requests);
        for (int c = 1; c <= clients; ++c) {
            Client cl;
            cl.id = c;
            for (int k = 0; k < per; ++k) {
                NetRequest r;
                r.number = static_cast<int>(n.requests.size()) + 1;
                r.client = c;
                r.work = spec.work;
                n.requests.push_back(r);
                cl.plan.push_back(r.number);
            }
            if (cl.plan.empty()) cl.state = ClientState::Done;
            n.clients.push_back(std::move(cl));
        }
        m.note(EventKind::Io, Msg::LoadGen, pid, 0, 0, clients, per, spec.work, spec.think,
               spec.net_latency);
        // The clients arrive spread over one think time (seeded).
        for (const Client& c : n.clients)
            if (c.state != ClientState::Done)
                io_schedule(m, m.now + (spec.think ? m.rng.below(uint64_t{spec.think} + 1) : 0),
                            TimedKind::ClientConnect, c.id);
    }
    maybe_finish(m, m.now); // no clients at all: finished at once
    return id;
}

void listener_pump(Machine& m, int id) {
    while (!listener(m, id).accept_q.empty()) {
        int rid = listener(m, id).accept_q.front();
        if (!io_live(m, rid)) {
            listener(m, id).accept_q.pop_front();
            continue;
        }
        Listener& l = listener(m, id);
        if (!l.backlog.empty()) {
            int cid = l.backlog.front();
            l.backlog.pop_front();
            l.accept_q.pop_front();
            IoRequest& r = io_request(m, rid);
            int fd = fd_install(m, r.pid, {FdKind::Conn, cid, 0});
            if (fd >= 0) {
                conn(m, cid).accepted = true;
                ++listener(m, id).accepted;
            }
            io_complete(m, rid, fd);
        } else if (l.shutdown) {
            l.accept_q.pop_front();
            io_complete(m, rid, -1);
        } else {
            break;
        }
    }
}

void conn_pump(Machine& m, int id) {
    while (!conn(m, id).read_q.empty()) {
        int rid = conn(m, id).read_q.front();
        if (!io_live(m, rid)) {
            conn(m, id).read_q.pop_front();
            continue;
        }
        Connection& c = conn(m, id);
        IoRequest& r = io_request(m, rid);
        if (!c.inbox.empty()) {
            size_t n = std::min<size_t>(r.len, c.inbox.size());
            std::vector<uint8_t> bytes(c.inbox.begin(), c.inbox.begin() + static_cast<long>(n));
            c.inbox.erase(c.inbox.begin(), c.inbox.begin() + static_cast<long>(n));
            c.read_q.pop_front();
            user_write(m, r.pid, r.buf, bytes.data(), n);
            r.done = static_cast<uint32_t>(n);
            io_complete(m, rid, static_cast<int32_t>(n));
        } else if (c.client_closed) {
            c.read_q.pop_front();
            io_complete(m, rid, 0);
        } else {
            break;
        }
    }
}

void conn_reply(Machine& m, int id, uint32_t bytes) {
    Connection& c = conn(m, id);
    int pid = server_pid(m);
    if (c.unanswered.empty()) {
        m.note(EventKind::Io, Msg::ConnNoRequest, pid, 0, 0, id, bytes);
        return;
    }
    int number = c.unanswered.front();
    c.unanswered.pop_front();
    NetRequest& r = request(m, number);
    r.replied = m.now;
    io_schedule(m, m.now + m.config.io.load.net_latency, TimedKind::ReplyArrive, number);
    m.note(EventKind::Io, Msg::ConnReply, pid, 0, number, id, number, bytes, c.client);
}

void conn_server_closed(Machine& m, int id) {
    Connection& c = conn(m, id);
    if (c.server_closed) return;
    c.server_closed = true;
    int cid = c.client;
    m.note(EventKind::Io, Msg::ConnClosedByServer, server_pid(m), 0, 0, id);
    if (client(m, cid).state != ClientState::Done)
        give_up(m, cid, m.now, Msg::ClientServerClosed, id);
}

void net_client_connect(Machine& m, int cid, uint64_t at) {
    Network& n = net(m);
    Listener& l = listener(m, n.target);
    if (l.refs == 0) { // the server has closed its listening socket (or exited)
        give_up(m, cid, at, Msg::ClientRefused);
        return;
    }
    Connection c;
    c.id = static_cast<int>(n.conns.size()) + 1;
    c.client = cid;
    c.listener = l.id;
    n.conns.push_back(c);
    l.backlog.push_back(c.id);
    client(m, cid).conn = c.id;
    m.note(EventKind::Io, Msg::ClientConnects, l.pid, 0, c.id, cid, c.id, l.id);
    listener_pump(m, l.id);
    net_client_send(m, cid, at);
}

void net_client_send(Machine& m, int cid, uint64_t at) {
    Client& c = client(m, cid);
    if (c.state == ClientState::Done || c.next >= c.plan.size()) return;
    if (conn(m, c.conn).server_closed) {
        give_up(m, cid, at, Msg::ClientServerClosed, c.conn);
        return;
    }
    NetRequest& r = request(m, c.plan[c.next]);
    if (r.not_before > at) { // scripted: not yet
        c.state = ClientState::Thinking;
        io_schedule(m, r.not_before, TimedKind::ClientSend, cid);
        return;
    }
    r.sent = at;
    r.conn = c.conn;
    c.state = ClientState::Waiting;
    io_schedule(m, at + m.config.io.load.net_latency, TimedKind::NetArrive, r.number);
    m.note(EventKind::Io, Msg::ClientSends, server_pid(m), 0, r.number, cid, r.number, r.work);
}

void net_arrive(Machine& m, int number, uint64_t at) {
    NetRequest& r = request(m, number);
    r.arrived = at;
    Connection& c = conn(m, r.conn);
    if (c.server_closed) {
        give_up(m, r.client, at, Msg::ClientClosedConn, number);
        return;
    }
    for (uint32_t word : {static_cast<uint32_t>(number), r.work})
        for (int b = 0; b < 4; ++b)
            c.inbox.push_back(static_cast<uint8_t>(word >> (8 * b)));
    c.unanswered.push_back(number);
    m.note(EventKind::Io, Msg::RequestArrives, server_pid(m), 0, number, number, r.client, c.id);
    conn_pump(m, c.id);
}

void net_reply_arrives(Machine& m, int number, uint64_t at) {
    NetRequest& r = request(m, number);
    r.received = at;
    r.done = true;
    int cid = r.client;
    m.note(EventKind::Io, Msg::ClientReceives, server_pid(m), 0, number, cid, number, r.latency());
    Client& c = client(m, cid);
    ++c.next;
    if (c.next < c.plan.size()) {
        c.state = ClientState::Thinking;
        io_schedule(m, at + think_time(m), TimedKind::ClientSend, cid);
        return;
    }
    // Its last reply: the client closes the connection.
    io_schedule(m, at + m.config.io.load.net_latency, TimedKind::CloseArrive, c.conn);
    m.note(EventKind::Io, Msg::ClientDone, server_pid(m), 0, 0, cid, c.conn);
}

void net_client_close_arrives(Machine& m, int id, uint64_t at) {
    Connection& c = conn(m, id);
    c.client_closed = true;
    int cid = c.client;
    m.note(EventKind::Io, Msg::ClientClosed, server_pid(m), 0, id, id, cid);
    conn_pump(m, id);
    client(m, cid).state = ClientState::Done;
    maybe_finish(m, at);
}

} // namespace gb
