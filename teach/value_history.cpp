#include "teach/value_history.h"

namespace gb {

namespace {

bool touches(uint32_t at, unsigned width, uint32_t word) {
    return width && at < word + 4 && at + width > word;
}

} // namespace

size_t ValueHistory::lost() const {
    size_t n = 0;
    for (const HistoryEntry& e : writes)
        n += e.lost;
    return n;
}

size_t ValueHistory::stale() const {
    size_t n = 0;
    for (const HistoryEntry& e : writes)
        n += e.stale();
    return n;
}

ValueHistoryRecorder::ValueHistoryRecorder(const Machine& m, int pid, uint32_t addr,
                                           std::string name) {
    h_.pid = pid;
    h_.addr = addr;
    h_.name = std::move(name);
    m.process(pid).mem.peek32(addr, h_.initial);
}

void ValueHistoryRecorder::observe(const Machine& m, const StepResult& s) {
    if (!s.executed || s.pid != h_.pid || s.outcome.kind == StepKind::Fault) return;
    const StepOutcome& o = s.outcome;
    const int current =
        h_.writes.empty() ? HistoryEntry::kInitial : static_cast<int>(h_.writes.size()) - 1;
    if (static_cast<size_t>(s.tid) >= last_read_.size())
        last_read_.resize(static_cast<size_t>(s.tid) + 1, HistoryEntry::kNoRead);
    int& read = last_read_[static_cast<size_t>(s.tid)];
    // An atomic's read comes before its write, in the same instruction.
    if (touches(o.read.addr, o.read.width, h_.addr)) read = current;
    if (!touches(o.write.addr, o.write.width, h_.addr)) return;

    HistoryEntry e;
    e.cycle = s.cycle;
    e.instruction = m.instructions - 1;
    e.pid = s.pid;
    e.tid = s.tid;
    e.pc = o.pc;
    if (const Image* img = m.process(s.pid).image.get())
        if (auto loc = img->line_of(o.pc)) e.line = loc->line;
    e.source = m.source_line(s.pid, o.pc);
    e.old_value = h_.writes.empty() ? h_.initial : h_.writes.back().new_value;
    m.process(s.pid).mem.peek32(h_.addr, e.new_value);
    e.from = read;
    if (read != HistoryEntry::kNoRead)
        for (int i = read + 1; i <= current; ++i)
            if (h_.writes[static_cast<size_t>(i)].tid != s.tid) e.overwrote.push_back(i);
    h_.writes.push_back(std::move(e));
    // Its own store is what it knows now: a second store builds on it.
    read = static_cast<int>(h_.writes.size()) - 1;
}

ValueHistory ValueHistoryRecorder::history() const {
    ValueHistory h = h_;
    if (h.writes.empty()) return h;
    // The surviving chain: the last write, its source, that one's source...
    std::vector<bool> survives(h.writes.size(), false);
    for (int i = static_cast<int>(h.writes.size()) - 1; i >= 0;) {
        survives[static_cast<size_t>(i)] = true;
        int from = h.writes[static_cast<size_t>(i)].from;
        i = from >= 0 && from < i ? from : -1;
    }
    int next_survivor = -1;
    for (int i = static_cast<int>(h.writes.size()) - 1; i >= 0; --i) {
        HistoryEntry& e = h.writes[static_cast<size_t>(i)];
        if (survives[static_cast<size_t>(i)]) {
            next_survivor = i;
            continue;
        }
        e.lost = true;
        e.erased_by = next_survivor;
    }
    return h;
}

ValueHistory value_history(Machine m, int pid, uint32_t addr, std::string name, uint64_t until) {
    ValueHistoryRecorder rec(m, pid, addr, std::move(name));
    int idle = 0;
    while (m.instructions < until) {
        StepResult s = m.step();
        if (!s.executed) {
            if (s.stop == StopReason::Budget && ++idle < 1000) continue;
            break;
        }
        idle = 0;
        rec.observe(m, s);
        if (s.stop == StopReason::Paused) break;
    }
    return rec.history();
}

} // namespace gb
