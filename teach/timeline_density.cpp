#include "teach/timeline_density.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace gb {

std::vector<DensityBin> lane_density(const std::vector<view::Segment>& segments, int lane,
                                     double v0, double v1, int columns) {
    std::vector<DensityBin> out;
    if (columns <= 0 || v1 <= v0) return out;
    double width = (v1 - v0) / columns;
    struct Column {
        double running = 0, ready = 0, blocked = 0;
        // (tid, share): a few threads per column, so a flat list beats a map's allocations.
        std::vector<std::pair<int, double>> by_tid;
        void add_tid(int tid, double part) {
            for (auto& [t, share] : by_tid)
                if (t == tid) {
                    share += part;
                    return;
                }
            by_tid.emplace_back(tid, part);
        }
    };
    std::vector<Column> cols(static_cast<size_t>(columns));
    // Each segment adds its overlap with every column it touches.
    for (const view::Segment& s : segments) {
        if (s.lane != lane) continue;
        double a = std::max(v0, static_cast<double>(s.start));
        double b = std::min(v1, static_cast<double>(s.end));
        if (b <= a) continue;
        auto c0 = static_cast<size_t>(std::clamp((a - v0) / width, 0.0, columns - 1.0));
        auto c1 = static_cast<size_t>(std::clamp((b - v0) / width, 0.0, columns - 1.0));
        for (size_t c = c0; c <= c1; ++c) {
            double lo = std::max(a, v0 + width * static_cast<double>(c));
            double hi = std::min(b, v0 + width * static_cast<double>(c + 1));
            if (hi <= lo) continue;
            double part = (hi - lo) / width;
            Column& col = cols[c];
            // Core lanes: Running with the thread's tid, or Idle; thread lanes: a state.
            if (s.state == view::LaneState::Running) {
                col.running += part;
                if (s.tid) col.add_tid(s.tid, part);
            } else if (s.state == view::LaneState::Ready) {
                col.ready += part;
            } else if (s.state == view::LaneState::Blocked) {
                col.blocked += part;
            }
        }
    }
    auto q = [](double v) { return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 16)); };
    for (size_t c = 0; c < cols.size(); ++c) {
        const Column& col = cols[c];
        int tid = 0;
        double most = 0;
        // The lowest tid wins a tie, whatever order the threads came in.
        for (const auto& [t, share] : col.by_tid)
            if (share > most || (share == most && share > 0 && t < tid)) {
                most = share;
                tid = t;
            }
        DensityBin bin{
            v0 + width * static_cast<double>(c),     v0 + width * static_cast<double>(c + 1),
            static_cast<float>(q(col.running)) / 16, static_cast<float>(q(col.ready)) / 16,
            static_cast<float>(q(col.blocked)) / 16, tid,
            static_cast<float>(q(most)) / 16};
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

} // namespace gb
