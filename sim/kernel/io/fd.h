// File descriptors: each process's table of small numbers naming what it
// has open (as xv6's `struct file` array in proc.h). A descriptor names a
// kernel object by id — never a pointer — so a fork copies the table by
// copying the vector (the kernel then counts the new references).
//
// A new process starts with 0 = console input, 1 and 2 = console output.
// After a fork parent and child each have their own copy of every
// descriptor (including a file's offset: Glassbox does not share offsets
// across fork, unlike Unix), but both copies name the same pipe, socket or
// connection, which stays open until the last copy is closed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gb {

class Machine;
struct Process;

enum class FdKind : uint8_t {
    None,       // a free slot
    ConsoleIn,  // the keyboard: input fed by a test, the dashboard or --input
    ConsoleOut, // the screen: the process's output
    File, // a file on the disk: object = file index + 1, offset = where the next read/write starts
    PipeRead,  // the read end of a pipe: object = pipe id
    PipeWrite, // the write end of a pipe: object = pipe id
    Listen,    // a listening socket: object = listener id
    Conn,      // one client's connection: object = connection id
};
std::string_view fd_kind_name(FdKind k);

struct Descriptor {
    FdKind kind = FdKind::None;
    int object = 0;
    uint32_t offset = 0; // files only
};

constexpr int kMaxFds = 32; // descriptors per process

// The table a new process starts with (console in, out, out).
std::vector<Descriptor> initial_fds();
// The descriptor `fd` of process `pid`, or nullptr if fd is not open.
Descriptor* fd_get(Machine& m, int pid, int fd);
const Descriptor* fd_get(const Machine& m, int pid, int fd);
// Puts `d` in the lowest free slot and counts the reference; returns the fd or -1 (table full).
int fd_install(Machine& m, int pid, Descriptor d);
// Closes one descriptor: drops its reference to the object (a pipe end, a
// connection...) and removes it from the process's interest sets. False if not open.
bool fd_close(Machine& m, int pid, int fd);
// A fork: the child's table is a copy; every object gains a reference.
void fd_fork(Machine& m, int child_pid);
// Process exit: every descriptor is closed.
void fd_close_all(Machine& m, int pid);
// What a descriptor is, as one event argument: the kind (FdKind, or
// kFdWordQueue / kFdWordClosed) | object << 8 | detail << 32, where the
// detail is the file's name (an index into the log's string table), a
// listening socket's port or a connection's client. teach words it
// ("pipe 1 (read end)", "file 'db'", "connection 3 (client 2)").
constexpr int kFdWordQueue = 0xFE, kFdWordClosed = 0xFF;
int64_t fd_word(Machine& m, int pid, int fd);

} // namespace gb
