#include "teach/timeline_density.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace gb {

namespace {

// Fixed point: 1/4096 cycle, so a column a few thousandths of a cycle wide
// (the overview strip of a short run) still has a width, and 2^51 cycles fit.
constexpr int kFixBits = 12;
constexpr uint64_t kFixMax = uint64_t{1} << 62;

uint64_t fix_cycles(uint64_t cycles) {
    return cycles >= (kFixMax >> kFixBits) ? kFixMax : cycles << kFixBits;
}

uint64_t fix_point(double cycles) {
    if (!(cycles > 0)) return 0;
    double f = std::ldexp(cycles, kFixBits);
    return f >= static_cast<double>(kFixMax) ? kFixMax : static_cast<uint64_t>(std::llround(f));
}

// The columns' edges in fixed point: column c is [edge[c], edge[c + 1]).
std::vector<uint64_t> column_edges(double v0, double width, int columns) {
    std::vector<uint64_t> edges(static_cast<size_t>(columns) + 1);
    for (size_t c = 0; c < edges.size(); ++c)
        edges[c] = fix_point(v0 + width * static_cast<double>(c));
    return edges;
}

// One column's time in each state, and the thread that ran there most.
struct ColumnSum {
    uint64_t running = 0, ready = 0, blocked = 0;
    int tid = 0;
    uint64_t most = 0;
    // The lowest tid wins a tie, whatever order the threads came in.
    void offer(int t, uint64_t share) {
        if (share > most || (share == most && share > 0 && t < tid)) {
            most = share;
            tid = t;
        }
    }
};

// The first of `ends` (cycles, ascending) after x (fixed point), searching
// from `from`, before which all end by x: a gallop, so a frame's columns,
// which move forward, each cost the log of their own entries, and touch
// memory close to the last.
size_t first_after(const std::vector<uint64_t>& ends, uint64_t x, size_t from) {
    size_t n = ends.size(), lo = from, hi = from, step = 1;
    while (hi < n && fix_cycles(ends[hi]) <= x) {
        lo = hi + 1;
        hi = lo + step;
        step *= 2;
    }
    hi = std::min(hi, n);
    auto it = std::upper_bound(ends.begin() + static_cast<std::ptrdiff_t>(lo),
                               ends.begin() + static_cast<std::ptrdiff_t>(hi), x,
                               [](uint64_t v, uint64_t end) { return v < fix_cycles(end); });
    return static_cast<size_t>(it - ends.begin());
}

uint64_t overlap(uint64_t a, uint64_t b, uint64_t lo, uint64_t hi) {
    uint64_t x = std::max(a, lo), y = std::min(b, hi);
    return y > x ? y - x : 0;
}

void add_state(ColumnSum& col, view::LaneState s, uint64_t part) {
    // Core lanes: Running with the thread's tid, or Idle; thread lanes: a state.
    if (s == view::LaneState::Running)
        col.running += part;
    else if (s == view::LaneState::Ready)
        col.ready += part;
    else if (s == view::LaneState::Blocked)
        col.blocked += part;
}

std::vector<DensityBin> make_bins(double v0, double width, const std::vector<uint64_t>& edges,
                                  const std::vector<ColumnSum>& cols) {
    std::vector<DensityBin> out;
    for (size_t c = 0; c < cols.size(); ++c) {
        const ColumnSum& col = cols[c];
        uint64_t w = edges[c + 1] - edges[c];
        auto q = [w](uint64_t v) {
            if (w == 0) return 0.0f;
            double share = std::min(1.0, static_cast<double>(v) / static_cast<double>(w));
            return static_cast<float>(std::lround(share * 16)) / 16;
        };
        DensityBin bin{v0 + width * static_cast<double>(c),
                       v0 + width * static_cast<double>(c + 1),
                       q(col.running),
                       q(col.ready),
                       q(col.blocked),
                       col.tid,
                       q(col.most)};
        if (!out.empty()) {
            DensityBin& last = out.back();
            if (last.running == bin.running && last.ready == bin.ready &&
                last.blocked == bin.blocked && last.tid == bin.tid &&
                last.tid_share == bin.tid_share) {
                last.end = bin.end;
                continue;
            }
        }
        out.push_back(bin);
    }
    return out;
}

// Reads every entry: each adds its overlap with every column it touches.
template <class Seq, class Get>
std::vector<DensityBin> density_by_reading(const Seq& items, Get get, double v0, double v1,
                                           int columns) {
    if (columns <= 0 || v1 <= v0) return {};
    double width = (v1 - v0) / columns;
    std::vector<uint64_t> edges = column_edges(v0, width, columns);
    std::vector<ColumnSum> cols(static_cast<size_t>(columns));
    std::vector<std::vector<std::pair<int, uint64_t>>> by_tid(cols.size());
    for (const auto& item : items) {
        const DensityIndex::Entry* e = get(item);
        if (!e) continue;
        uint64_t a = std::max(fix_cycles(e->start), edges.front());
        uint64_t b = std::min(fix_cycles(e->end), edges.back());
        if (b <= a) continue;
        auto c = static_cast<size_t>(std::upper_bound(edges.begin(), edges.end(), a) -
                                     edges.begin() - 1);
        for (; c < cols.size() && edges[c] < b; ++c) {
            uint64_t part = overlap(a, b, edges[c], edges[c + 1]);
            if (part == 0) continue;
            add_state(cols[c], e->state, part);
            if (e->state != view::LaneState::Running || !e->tid) continue;
            auto& list = by_tid[c];
            auto it = std::find_if(list.begin(), list.end(),
                                   [&](const auto& p) { return p.first == e->tid; });
            if (it == list.end())
                list.emplace_back(e->tid, part);
            else
                it->second += part;
        }
    }
    for (size_t c = 0; c < cols.size(); ++c)
        for (const auto& [t, share] : by_tid[c])
            cols[c].offer(t, share);
    return make_bins(v0, width, edges, cols);
}

} // namespace

std::vector<DensityBin> lane_density(const std::vector<view::Segment>& segments, int lane,
                                     double v0, double v1, int columns) {
    DensityIndex::Entry scratch;
    return density_by_reading(
        segments,
        [&](const view::Segment& s) -> const DensityIndex::Entry* {
            if (s.lane != lane) return nullptr;
            scratch = {s.start, s.end, s.tid, s.state};
            return &scratch;
        },
        v0, v1, columns);
}

// --- the index ----------------------------------------------------------------

void DensityIndex::Lane::add(const view::Segment& s) {
    if (!entries.empty() && s.start < entries.back().end) ordered = false;
    entries.push_back({s.start, s.end, s.tid, s.state});
    ends.push_back(s.end);
    Totals t = before.back();
    uint64_t len = s.end > s.start ? s.end - s.start : 0;
    if (s.state == view::LaneState::Running) t.running += len;
    if (s.state == view::LaneState::Ready) t.ready += len;
    if (s.state == view::LaneState::Blocked) t.blocked += len;
    before.push_back(t);
    if (s.state == view::LaneState::Running && s.tid) {
        TidRuns& r = by_tid[s.tid];
        if (r.before.empty()) r.before.push_back(0);
        r.starts.push_back(s.start);
        r.ends.push_back(s.end);
        r.before.push_back(r.before.back() + len);
    }
}

void DensityIndex::Lane::clear() {
    entries.clear();
    ends.clear();
    before.assign(1, Totals{});
    for (auto& [tid, r] : by_tid) {
        r.starts.clear();
        r.ends.clear();
        r.before.assign(1, 0);
    }
    ordered = fixed_ordered = true;
    fixed = 0;
}

void DensityIndex::Lane::keep_fixed() {
    fixed = entries.size();
    fixed_ordered = ordered;
}

void DensityIndex::Lane::drop_tail() {
    // Each thread's entries are the lane's in order, so those of the tail are its last ones.
    for (size_t i = fixed; i < entries.size(); ++i) {
        const Entry& e = entries[i];
        if (e.state != view::LaneState::Running || !e.tid) continue;
        TidRuns& r = by_tid[e.tid];
        r.starts.pop_back();
        r.ends.pop_back();
        r.before.pop_back();
    }
    entries.resize(fixed);
    ends.resize(fixed);
    before.resize(fixed + 1);
    ordered = fixed_ordered;
}

void DensityIndex::update(const std::vector<view::Segment>& segments, size_t closed,
                          uint64_t epoch) {
    closed = std::min(closed, segments.size());
    if (epoch != epoch_ || closed < fixed_) {
        // Emptied, keeping their capacity for the rebuild (an empty lane has no bins, as none).
        for (auto& [id, lane] : lanes_)
            lane.clear();
        tail_lanes_.clear();
        fixed_ = 0;
        epoch_ = epoch;
    }
    for (int lane : tail_lanes_)
        lanes_[lane].drop_tail();
    tail_lanes_.clear();
    for (size_t i = fixed_; i < closed; ++i)
        lanes_[segments[i].lane].add(segments[i]);
    if (closed > fixed_)
        for (auto& [id, lane] : lanes_)
            lane.keep_fixed();
    fixed_ = closed;
    for (size_t i = closed; i < segments.size(); ++i) {
        lanes_[segments[i].lane].add(segments[i]);
        tail_lanes_.push_back(segments[i].lane);
    }
}

std::vector<DensityBin> DensityIndex::bins(int lane, double v0, double v1, int columns) const {
    if (columns <= 0 || v1 <= v0) return {};
    auto found = lanes_.find(lane);
    static const Lane kEmpty;
    const Lane& ln = found == lanes_.end() ? kEmpty : found->second;
    if (!ln.ordered)
        return density_by_reading(
            ln.entries, [](const Entry& e) { return &e; }, v0, v1, columns);

    double width = (v1 - v0) / columns;
    std::vector<uint64_t> edges = column_edges(v0, width, columns);
    const std::vector<Entry>& es = ln.entries;
    // Time in each state before x (fixed point), at an entry index k = first_after(ln.ends, x).
    auto totals_at = [&](uint64_t x, size_t k) {
        Totals t = ln.before[k];
        ColumnSum s{fix_cycles(t.running), fix_cycles(t.ready), fix_cycles(t.blocked)};
        if (k < es.size() && fix_cycles(es[k].start) < x)
            add_state(s, es[k].state, x - fix_cycles(es[k].start));
        return s;
    };
    // One thread's running time before x (fixed point); `hint` moves forward with x.
    auto tid_before = [&](const TidRuns& r, uint64_t x, size_t& hint) {
        size_t j = hint = first_after(r.ends, x, hint);
        uint64_t t = fix_cycles(r.before[j]);
        if (j < r.starts.size() && fix_cycles(r.starts[j]) < x) t += x - fix_cycles(r.starts[j]);
        return t;
    };
    std::vector<size_t> tid_hints(ln.by_tid.size(), 0);

    std::vector<ColumnSum> cols(static_cast<size_t>(columns));
    size_t k_lo = first_after(ln.ends, edges[0], 0);
    ColumnSum lo = totals_at(edges[0], k_lo);
    for (size_t c = 0; c < cols.size(); ++c) {
        uint64_t a = edges[c], b = edges[c + 1];
        size_t k_hi = first_after(ln.ends, b, k_lo);
        ColumnSum hi = totals_at(b, k_hi);
        ColumnSum& col = cols[c];
        col.running = hi.running - lo.running;
        col.ready = hi.ready - lo.ready;
        col.blocked = hi.blocked - lo.blocked;
        if (col.running > 0 && b > a) {
            // The entries touching [a, b) are k_lo..k_hi: read them when they
            // are few, else ask each thread's running totals.
            size_t touching = std::min(k_hi + 1, es.size()) - std::min(k_lo, es.size());
            if (touching <= 2 * ln.by_tid.size() + 2) {
                std::vector<std::pair<int, uint64_t>> list;
                for (size_t k = k_lo; k <= k_hi && k < es.size(); ++k) {
                    const Entry& e = es[k];
                    if (e.state != view::LaneState::Running || !e.tid) continue;
                    uint64_t part = overlap(fix_cycles(e.start), fix_cycles(e.end), a, b);
                    if (part == 0) continue;
                    auto it = std::find_if(list.begin(), list.end(),
                                           [&](const auto& p) { return p.first == e.tid; });
                    if (it == list.end())
                        list.emplace_back(e.tid, part);
                    else
                        it->second += part;
                }
                for (const auto& [t, share] : list)
                    col.offer(t, share);
            } else {
                size_t i = 0;
                for (const auto& [t, r] : ln.by_tid) {
                    size_t& hint = tid_hints[i++];
                    uint64_t before_a = tid_before(r, a, hint);
                    col.offer(t, tid_before(r, b, hint) - before_a);
                }
            }
        }
        lo = hi;
        k_lo = k_hi;
    }
    return make_bins(v0, width, edges, cols);
}

} // namespace gb
