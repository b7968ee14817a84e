// The disk: named files and a latency. Every read or write of a disk file
// takes Config::io.disk_latency cycles plus a seeded jitter of up to
// Config::io.disk_jitter (drawn from the machine's PRNG, so the same seed
// gives the same latencies). The disk serves requests side by side (as an
// SSD with a deep queue, or a database server, does): two requests made at
// once both finish about one latency later.
//
// What a request does to the file happens when it is made — a write changes
// the file at once, a read takes its bytes at once — so requests never
// overtake each other; only the *completion* (the caller's buffer filled,
// the blocked thread woken, the completion event) waits for the latency.
// The disk never blocks or polls: a non-blocking read of a disk file always
// says "would block" (there is never data ready without the wait), and disk
// files cannot be put in an interest set: use the asynchronous form.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gb {

class Machine;
struct Descriptor;

struct DiskFile {
    std::string name;
    std::vector<uint8_t> bytes;
};

struct Disk {
    std::vector<DiskFile> files;    // a file's index + 1 is what descriptors name
    uint64_t reads = 0, writes = 0; // requests made
    uint64_t bytes_read = 0, bytes_written = 0;
    int in_flight = 0; // requests made, not yet complete
};

// The bytes all files on the disk hold together.
uint64_t disk_bytes(const Machine& m);
// The index + 1 of the file called `name`, or 0.
int disk_find(const Machine& m, const std::string& name);
// The cycles the next request will take (base latency plus seeded jitter).
uint64_t disk_latency(Machine& m);
// Starts request `id` on the file descriptor d names, at d's offset (which
// moves past the bytes): the file is read or written now, and the
// completion is scheduled one latency later.
void disk_submit(Machine& m, int id, Descriptor& d);

} // namespace gb
