#include "teach/viewmodel.h"

#include "sim/kernel/syscalls.h"

#include "sim/isa/memlayout.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace gb::view {

// --- registers ----------------------------------------------------------------

std::vector<RegRow> register_rows(const Context& now, const Context& before, bool valid) {
    std::vector<RegRow> rows;
    rows.reserve(kNumRegs);
    for (int r = 0; r < kNumRegs; ++r) {
        RegRow row;
        row.reg = r;
        row.name = std::string(reg_name(r));
        row.value = now.regs[static_cast<size_t>(r)];
        row.old = before.regs[static_cast<size_t>(r)];
        row.changed = valid && row.value != row.old;
        rows.push_back(std::move(row));
    }
    return rows;
}

namespace {

// Whether core `c`'s `before` context belongs to the thread now on it: true
// unless a context switch happened on the core after its last instruction.
bool last_step_is_current(const Machine& m, const Core& c) {
    if (!c.tid || c.busy_cycles == 0) return false;
    uint64_t started = c.clock >= c.last.cycles ? c.clock - c.last.cycles : 0;
    for (auto it = m.log.events.rbegin(); it != m.log.events.rend(); ++it)
        if (it->kind == EventKind::Switch && it->core == c.index) return it->cycle <= started;
    return true;
}

} // namespace

std::vector<RegRow> core_register_rows(const Machine& m, int core) {
    const Core& c = m.cores.at(static_cast<size_t>(core));
    return register_rows(c.ctx, c.before, last_step_is_current(m, c));
}

bool flags_changed(const Machine& m, int core) {
    const Core& c = m.cores.at(static_cast<size_t>(core));
    return last_step_is_current(m, c) && !(c.ctx.flags == c.before.flags);
}

// --- code ---------------------------------------------------------------------

namespace {
std::string ltrim(const std::string& s) {
    size_t i = s.find_first_not_of(" \t");
    return i == std::string::npos ? "" : s.substr(i);
}
} // namespace

std::vector<CodeRow> code_rows(const Image& img) {
    std::map<uint32_t, std::string> labels;
    for (const auto& [name, sym] : img.symbols)
        if (sym.kind == SymbolKind::Code || sym.kind == SymbolKind::Data) {
            auto a = static_cast<uint32_t>(sym.value);
            if (!labels.count(a)) labels[a] = name;
        }
    auto symbolize = [&](uint32_t a) {
        auto it = labels.find(a);
        return it == labels.end() ? std::string() : it->second;
    };
    std::vector<CodeRow> rows;
    const auto& bytes = img.text.bytes;
    rows.reserve(bytes.size() / 4);
    for (size_t off = 0; off + 4 <= bytes.size(); off += 4) {
        CodeRow r;
        r.addr = img.text.base + static_cast<uint32_t>(off);
        r.word = static_cast<uint32_t>(bytes[off]) | static_cast<uint32_t>(bytes[off + 1]) << 8 |
                 static_cast<uint32_t>(bytes[off + 2]) << 16 |
                 static_cast<uint32_t>(bytes[off + 3]) << 24;
        auto in = decode(r.word);
        r.text = in ? disassemble(*in, symbolize) : fmt::format(".word {:#010x}", r.word);
        if (in && in->op == Op::Sys)
            if (const SyscallInfo* sc = syscall_info(in->imm))
                r.text = fmt::format("sys {}", sc->name);
        r.label = symbolize(r.addr);
        if (auto loc = img.line_of(r.addr)) {
            r.file = loc->file;
            r.line = loc->line;
            if (loc->file >= 0 && loc->file < static_cast<int>(img.files.size())) {
                const auto& lines = img.files[static_cast<size_t>(loc->file)].lines;
                if (loc->line >= 1 && loc->line <= static_cast<int>(lines.size()))
                    r.source = ltrim(lines[static_cast<size_t>(loc->line - 1)]);
            }
        }
        rows.push_back(std::move(r));
    }
    return rows;
}

int row_of(const std::vector<CodeRow>& rows, uint32_t addr) {
    auto it = std::lower_bound(rows.begin(), rows.end(), addr,
                               [](const CodeRow& r, uint32_t a) { return r.addr < a; });
    if (it == rows.end() || it->addr != addr) return -1;
    return static_cast<int>(it - rows.begin());
}

std::optional<uint32_t> address_of_line(const Image& img, int file, int line) {
    std::optional<uint32_t> best;
    for (const auto& [addr, loc] : img.lines)
        if (loc.file == file && loc.line == line && addr >= img.text.base &&
            addr < img.text.base + img.text.bytes.size())
            if (!best || addr < *best) best = addr;
    return best;
}

std::string opening_comment(const SourceFile& f) {
    std::string out;
    for (const std::string& raw : f.lines) {
        std::string s = ltrim(raw);
        if (s.empty()) {
            if (out.empty()) continue;
            break;
        }
        if (s[0] != ';' && s[0] != '#') break;
        size_t i = s.find_first_not_of(";#");
        std::string text = i == std::string::npos ? "" : s.substr(i);
        if (!text.empty() && text[0] == ' ') text.erase(0, 1);
        out += text;
        out += '\n';
    }
    return out;
}

// --- timeline -----------------------------------------------------------------

std::string_view lane_state_name(LaneState s) {
    switch (s) {
    case LaneState::Idle: return "idle";
    case LaneState::Running: return "running";
    case LaneState::Ready: return "ready";
    case LaneState::Blocked: return "blocked";
    case LaneState::Done: return "done";
    }
    return "?";
}

Timeline build_timeline(const Machine& m, Lang lang) {
    TimelineBuilder b;
    b.update(m, lang);
    return b.timeline();
}

void TimelineBuilder::reset() {
    // A new timeline that keeps the big lists' capacity: a rebuild (the log
    // dropping its oldest half) refills them without growing them again.
    Timeline old = std::move(tl_);
    tl_ = Timeline{};
    for (auto list : {&Timeline::cores, &Timeline::threads}) {
        tl_.*list = std::move(old.*list);
        (tl_.*list).clear();
    }
    tl_.switches = std::move(old.switches);
    tl_.switches.clear();
    cores_.clear();
    threads_.clear();
    read_ = 0;
    dropped_ = UINT64_MAX;
    closed_cores_ = closed_threads_ = 0;
    ++epoch_;
}

void TimelineBuilder::close_core(size_t ci, uint64_t at) {
    Open& o = cores_[ci];
    if (at > o.since)
        tl_.cores.push_back({static_cast<int>(ci), o.since, at, o.tid,
                             o.tid ? LaneState::Running : LaneState::Idle, ""});
    o.since = at;
}

void TimelineBuilder::set_thread(int tid, uint64_t at, LaneState s, std::string why) {
    if (tid <= 0) return;
    Open& o = threads_[tid];
    if (o.seen && at > o.since && o.state != LaneState::Done)
        tl_.threads.push_back({tid, o.since, at, tid, o.state, o.why});
    if (!o.seen || at >= o.since) o.since = std::max(at, o.since);
    o.seen = true;
    o.state = s;
    o.why = std::move(why);
}

const Timeline& TimelineBuilder::update(const Machine& m, Lang lang) {
    const auto& ev = m.log.events;
    // Dropped events shift every index and move the start: read all again.
    if (m.log.dropped != dropped_ || ev.size() < read_ || lang != lang_ ||
        cores_.size() != m.cores.size() || read_ == 0) {
        reset();
        dropped_ = m.log.dropped;
        lang_ = lang;
        tl_.start = (m.log.dropped > 0 && !ev.empty()) ? ev.front().cycle : 0;
        cores_.resize(m.cores.size());
        for (Open& o : cores_)
            o.since = tl_.start;
    }
    // The open tails of the last update end at its `end`: drop them, read on, add them again.
    tl_.cores.resize(closed_cores_);
    tl_.threads.resize(closed_threads_);
    tl_.end = m.now;
    for (const Core& c : m.cores)
        tl_.end = std::max(tl_.end, c.parked ? m.now : c.clock);

    for (size_t i = read_; i < ev.size(); ++i) {
        const Event& e = ev[i];
        switch (e.kind) {
        case EventKind::Switch: {
            if (e.core >= 0 && static_cast<size_t>(e.core) < cores_.size()) {
                auto ci = static_cast<size_t>(e.core);
                close_core(ci, e.cycle);
                cores_[ci].tid = e.tid;
                tl_.switches.push_back({e.cycle, e.core, e.other, e.tid, e.reason});
            }
            if (e.other > 0) {
                auto it = threads_.find(e.other);
                if (it != threads_.end() && it->second.state == LaneState::Running) {
                    LaneState next = LaneState::Ready;
                    if (e.reason == SwitchReason::Block) next = LaneState::Blocked;
                    if (e.reason == SwitchReason::Exit) next = LaneState::Done;
                    set_thread(e.other, e.cycle, next);
                }
            }
            if (e.tid > 0) set_thread(e.tid, e.cycle, LaneState::Running);
            break;
        }
        case EventKind::ThreadStart: set_thread(e.tid, e.cycle, LaneState::Ready); break;
        case EventKind::Block:
            set_thread(e.tid, e.cycle, LaneState::Blocked, event_text(e, m.log, lang));
            break;
        case EventKind::Wake: set_thread(e.tid, e.cycle, LaneState::Ready); break;
        case EventKind::ThreadExit: set_thread(e.tid, e.cycle, LaneState::Done); break;
        default: break;
        }
    }
    read_ = ev.size();
    closed_cores_ = tl_.cores.size();
    closed_threads_ = tl_.threads.size();
    // The open tails, up to `end`, without closing them (the next events may extend them).
    for (size_t ci = 0; ci < cores_.size(); ++ci) {
        const Open& o = cores_[ci];
        if (tl_.end > o.since)
            tl_.cores.push_back({static_cast<int>(ci), o.since, tl_.end, o.tid,
                                 o.tid ? LaneState::Running : LaneState::Idle, ""});
    }
    tl_.thread_lanes.clear();
    for (const auto& [tid, o] : threads_) {
        if (o.state != LaneState::Done && tl_.end > o.since)
            tl_.threads.push_back({tid, o.since, tl_.end, tid, o.state, o.why});
        tl_.thread_lanes.push_back(tid);
    }
    return tl_;
}

// --- address space ------------------------------------------------------------

std::optional<float> SpacePicture::y_of(uint32_t addr) const {
    auto interp = [addr](uint32_t base, uint32_t size, float y0, float y1) {
        float f = size ? static_cast<float>(addr - base) / static_cast<float>(size) : 0.f;
        return y1 - f * (y1 - y0); // high addresses at the top
    };
    for (const RegionBox& b : boxes)
        if (addr >= b.base && addr - b.base < b.size) return interp(b.base, b.size, b.y0, b.y1);
    for (const GapBox& g : gaps)
        if (addr >= g.base && addr - g.base < g.size) return interp(g.base, g.size, g.y0, g.y1);
    return std::nullopt;
}

SpacePicture layout_address_space(const Machine& m, int pid, float min_share) {
    SpacePicture pic;
    pic.pid = pid;
    if (pid < 1 || pid > static_cast<int>(m.processes.size())) return pic;
    const Process& p = m.process(pid);
    const auto& regions = p.mem.regions;

    // Items from the top of the address space down: regions and the gaps between them.
    struct Item {
        bool gap;
        size_t region;
        uint32_t base, size;
        float weight;
    };
    std::vector<Item> items;
    uint32_t top = layout::kAddressLimit;
    auto region_weight = [](const Region& r) {
        if (r.kind == RegionKind::Guard) return 0.5f;
        float units = static_cast<float>(std::max<uint32_t>(r.size, 16)) / 16.f;
        return 1.0f + 0.2f * std::log2(units);
    };
    for (size_t i = regions.size(); i-- > 0;) {
        const Region& r = regions[i];
        if (r.end() < top) items.push_back({true, 0, r.end(), top - r.end(), 0.3f});
        items.push_back({false, i, r.base, r.size, region_weight(r)});
        top = r.base;
    }
    if (top > 0) items.push_back({true, 0, 0, top, 0.3f});

    // Shares of the height: by weight, then lifted to min_share for regions
    // that would be too thin, the others scaled down to make room.
    float total = 0;
    for (const Item& it : items)
        total += it.weight;
    std::vector<float> share(items.size(), 0.f);
    std::vector<bool> lifted(items.size(), false);
    for (size_t i = 0; i < items.size(); ++i)
        share[i] = total > 0 ? items[i].weight / total : 0;
    if (min_share > 0) {
        for (int pass = 0; pass < 4; ++pass) {
            float fixed = 0, free_sum = 0;
            for (size_t i = 0; i < items.size(); ++i) {
                bool eligible = !items[i].gap && regions[items[i].region].kind != RegionKind::Guard;
                if (eligible && share[i] < min_share) lifted[i] = true;
                if (lifted[i])
                    fixed += min_share;
                else
                    free_sum += share[i];
            }
            if (fixed >= 1.0f || free_sum <= 0) break;
            float k = (1.0f - fixed) / free_sum;
            for (size_t i = 0; i < items.size(); ++i)
                share[i] = lifted[i] ? min_share : share[i] * k;
        }
        float sum = 0;
        for (float v : share)
            sum += v;
        if (sum > 0)
            for (float& v : share)
                v /= sum;
    }
    float y = 0;
    for (size_t idx = 0; idx < items.size(); ++idx) {
        const Item& it = items[idx];
        float h = share[idx];
        if (it.gap) {
            pic.gaps.push_back({it.base, it.size, y, y + h});
        } else {
            const Region& r = regions[it.region];
            RegionBox b;
            b.region = it.region;
            b.name = r.name;
            b.kind = r.kind;
            b.base = r.base;
            b.size = r.size;
            b.perms = r.perms;
            b.tid = r.tid;
            b.sharing =
                r.shared ? Sharing::Processes : (r.tid ? Sharing::Private : Sharing::Threads);
            b.y0 = y;
            b.y1 = y + h;
            pic.boxes.push_back(std::move(b));
        }
        y += h;
    }

    for (int tid : p.threads) {
        const Thread& t = m.thread(tid);
        if (t.state == ThreadState::Done) continue;
        const Context& ctx = m.context_of(tid);
        for (bool pc : {true, false}) {
            AddrMarker mk;
            mk.tid = tid;
            mk.pc = pc;
            mk.addr = pc ? ctx.pc : ctx.regs[SP];
            auto yy = pic.y_of(mk.addr);
            mk.y = yy.value_or(0.f);
            mk.mapped = p.mem.find(mk.addr) != nullptr;
            pic.markers.push_back(mk);
        }
    }
    return pic;
}

// --- words --------------------------------------------------------------------

std::map<uint32_t, std::string> word_labels(const Process& p, const Region& r) {
    std::map<uint32_t, std::string> labels;
    if (p.image)
        for (const auto& [name, sym] : p.image->symbols)
            if (sym.kind == SymbolKind::Code || sym.kind == SymbolKind::Data) {
                auto a = static_cast<uint32_t>(sym.value);
                if (r.contains(a) && !labels.count(a & ~3u)) labels[a & ~3u] = name;
            }
    return labels;
}

std::vector<WordRow> region_words(const Machine& m, int pid, size_t region, size_t max_words) {
    std::vector<WordRow> rows;
    if (pid < 1 || pid > static_cast<int>(m.processes.size())) return rows;
    const Process& p = m.process(pid);
    if (region >= p.mem.regions.size()) return rows;
    const Region& r = p.mem.regions[region];
    if (r.bytes.empty()) return rows;
    std::map<uint32_t, std::string> labels = word_labels(p, r);
    std::vector<uint32_t> written;
    for (const Core& c : m.cores)
        if (c.last.write.width && c.tid && m.thread(c.tid).pid == pid)
            written.push_back(c.last.write.addr & ~3u);
    size_t n = std::min<size_t>(r.bytes.size() / 4, max_words);
    rows.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        WordRow w;
        w.addr = r.base + static_cast<uint32_t>(i * 4);
        w.value = r.bytes.read32(i * 4); // little-endian, as the guest stores it
        auto it = labels.find(w.addr);
        if (it != labels.end()) w.label = it->second;
        w.written = std::find(written.begin(), written.end(), w.addr) != written.end();
        rows.push_back(std::move(w));
    }
    return rows;
}

// --- misc ---------------------------------------------------------------------

int focus_pid(const Machine& m) {
    if (m.processes.empty()) return 0;
    if (!m.cores.empty() && m.cores[0].tid) return m.thread(m.cores[0].tid).pid;
    for (size_t i = m.processes.size(); i-- > 0;)
        if (!m.processes[i].exited) return m.processes[i].pid;
    return 1;
}

int thread_colour_index(int tid) {
    return tid <= 0 ? 0 : (tid - 1) % 8 + 1;
}

} // namespace gb::view
