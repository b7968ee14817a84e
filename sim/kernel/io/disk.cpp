#include "sim/kernel/io/disk.h"

#include "sim/kernel/machine.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

int disk_find(const Machine& m, const std::string& name) {
    const auto& files = m.io.disk.files;
    for (size_t i = 0; i < files.size(); ++i)
        if (files[i].name == name) return static_cast<int>(i) + 1;
    return 0;
}

uint64_t disk_bytes(const Machine& m) {
    uint64_t n = 0;
    for (const DiskFile& f : m.io.disk.files)
        n += f.bytes.size();
    return n;
}

uint64_t disk_latency(Machine& m) {
    uint64_t jitter =
        m.config.io.disk_jitter ? m.rng.below(uint64_t{m.config.io.disk_jitter} + 1) : 0;
    return std::max<uint64_t>(1, m.config.io.disk_latency + jitter);
}

void disk_submit(Machine& m, int id, Descriptor& d) {
    Disk& disk = m.io.disk;
    DiskFile& f = disk.files[static_cast<size_t>(d.object - 1)];
    IoRequest& r = io_request(m, id);
    size_t at = std::min<size_t>(d.offset, f.bytes.size());
    if (r.op == IoOp::Read) {
        size_t n = std::min<size_t>(r.len, f.bytes.size() - at);
        r.data.assign(f.bytes.begin() + static_cast<long>(at),
                      f.bytes.begin() + static_cast<long>(at + n));
        d.offset = static_cast<uint32_t>(at + n);
        ++disk.reads;
        disk.bytes_read += n;
    } else {
        at = d.offset;
        if (f.bytes.size() < at + r.data.size()) f.bytes.resize(at + r.data.size(), 0);
        std::copy(r.data.begin(), r.data.end(), f.bytes.begin() + static_cast<long>(at));
        d.offset = static_cast<uint32_t>(at + r.data.size());
        ++disk.writes;
        disk.bytes_written += r.data.size();
    }
    r.due = m.now + disk_latency(m);
    ++disk.in_flight;
    io_schedule(m, r.due, TimedKind::DiskDone, id);
    m.note(EventKind::Io, r.op == IoOp::Read ? Msg::DiskRead : Msg::DiskWrite, r.pid, r.tid, id, id,
           m.name_arg(f.name), at, r.due);
}

int Machine::add_file(const std::string& name, std::string_view bytes) {
    int id = disk_find(*this, name);
    if (!id) {
        io.disk.files.push_back({name, {}});
        id = static_cast<int>(io.disk.files.size());
    }
    io.disk.files[static_cast<size_t>(id - 1)].bytes.assign(bytes.begin(), bytes.end());
    return id;
}

} // namespace gb
