// The simulated network: a load generator of clients that connect to a
// listening program, send requests and wait for the replies, recording each
// request's latency. Everything the clients do is a scheduled event in the
// machine's time-ordered queue (io.h), so runs stay deterministic: the
// clients' think times come from the machine's seeded PRNG, or from a
// script.
//
// The protocol, as the server program sees it:
//  - the first `listen` starts the load generator; clients then connect
//    (accept gives a connection descriptor for each);
//  - a request is 8 bytes: word 0 = the request's number (1, 2, ...), word 1
//    = its work (how many loop iterations the server should spend on it —
//    the "size" of the request);
//  - a write on the connection is the reply to the oldest unanswered request
//    of that connection (any bytes; servers echo the request's number);
//  - a client sends its next request only after the reply to the previous
//    one has arrived (plus its think time), and closes its connection after
//    its last reply: the server then reads 0 (the end of data);
//  - when every client has closed, the listening socket shuts down: accept
//    returns -1, so a server knows it may stop.
// Messages take Config::io.load.net_latency cycles each way.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace gb {

class Machine;

// One scripted request: client `client` (1, 2, ...) sends a request of `work`
// no earlier than `at` cycles after the program started listening.
struct ScriptedRequest {
    int client = 0;
    uint64_t at = 0;
    uint32_t work = 0;
    bool operator==(const ScriptedRequest&) const = default;
};

// The load generator's settings (Config::io.load).
struct LoadSpec {
    int clients = 4;           // seeded mode: how many clients
    int requests = 5;          // seeded mode: requests per client
    uint32_t think = 1000;     // seeded mode: mean think time between a reply and the next request
    uint32_t work = 20;        // seeded mode: the work of every request
    uint32_t net_latency = 10; // cycles a message takes, each way
    std::vector<ScriptedRequest>
        script; // when not empty: these requests instead of the seeded clients
    bool operator==(const LoadSpec&) const = default;
};
// "CLIENT:AT:WORK,..." → a script; false with `error` set.
bool parse_load_script(const std::string& text, std::vector<ScriptedRequest>& out,
                       std::string& error);

struct Listener {
    int id = 0;
    int pid = 0;
    int port = 0;
    int refs = 0;             // descriptors naming it
    std::deque<int> backlog;  // connection ids waiting to be accepted
    std::deque<int> accept_q; // I/O request ids of threads waiting in accept
    bool shutdown = false;    // every client has finished: accept returns -1
    uint64_t accepted = 0;
};

struct Connection {
    int id = 0;
    int client = 0; // the client's number (1, 2, ...)
    int listener = 0;
    int refs = 0;               // server-side descriptors naming it
    std::deque<uint8_t> inbox;  // request bytes that arrived, not yet read by the server
    std::deque<int> read_q;     // I/O request ids waiting to read
    std::deque<int> unanswered; // request numbers that arrived and await a reply, oldest first
    bool accepted = false, client_closed = false, server_closed = false;
};

// Connecting: not yet connected; Waiting: for a reply; Thinking: before its next request.
enum class ClientState : uint8_t { Connecting, Waiting, Thinking, Done };

struct Client {
    int id = 0;            // 1, 2, ... (clients[id - 1])
    int conn = 0;          // connection id once connected
    std::vector<int> plan; // request numbers, in the order it sends them
    size_t next = 0;       // index into plan of the request to send next
    ClientState state = ClientState::Connecting;
};

// One request's life, in cycles: sent by the client, arrived at the
// server, answered by the server, reply received by the client.
struct NetRequest {
    int number = 0; // 1-based
    int client = 0;
    int conn = 0;
    uint32_t work = 0;
    uint64_t not_before = 0; // scripted: the earliest send time
    uint64_t sent = 0, arrived = 0, replied = 0, received = 0;
    bool done = false; // the reply reached the client
    bool lost = false; // the server closed the connection without answering
    uint64_t latency() const { return done ? received - sent : 0; }
};

struct Network {
    std::vector<Listener> listeners; // id = index + 1
    std::vector<Connection> conns;   // id = index + 1
    std::vector<Client> clients;
    std::vector<NetRequest> requests; // number = index + 1
    bool started = false, finished = false;
    uint64_t started_at = 0, finished_at = 0;
    int target = 0; // the listener the clients connect to
};

// listen(port) for process pid: a new listener (the first one starts the load generator).
int net_listen(Machine& m, int pid, int port);
// Hands waiting connections to threads waiting in accept (and -1 after shutdown).
void listener_pump(Machine& m, int id);
// Gives arrived request bytes (or the end of data) to threads waiting to read.
void conn_pump(Machine& m, int id);
// The server writes on a connection: the reply to its oldest unanswered request.
void conn_reply(Machine& m, int id, uint32_t bytes);
// The last server-side descriptor of a connection was closed.
void conn_server_closed(Machine& m, int id);
// The scheduled client events (io.cpp dispatches them here); clients are numbered from 1.
void net_client_connect(Machine& m, int client, uint64_t at);
void net_client_send(Machine& m, int client, uint64_t at);
void net_arrive(Machine& m, int request, uint64_t at);
void net_reply_arrives(Machine& m, int request, uint64_t at);
void net_client_close_arrives(Machine& m, int conn, uint64_t at);

} // namespace gb
