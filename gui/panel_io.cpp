// [SECTION] I/O: the devices and what is in flight — pending and completed
// requests (blocking or asynchronous), pipes with their bounded buffers,
// readiness sets (the epoll idea), the disk, and the load generator's
// figures when a server runs.
#include "sim/kernel/io/io.h"
#include "teach/io_stats.h"
#include "ui.h"

#include <algorithm>

namespace gui {

namespace {

const char* mode_text(gb::IoMode m) {
    return m == gb::IoMode::Blocking ? tr("blocking") : tr("asynchronous");
}

const char* status_text(gb::IoStatus s) {
    switch (s) {
    case gb::IoStatus::Pending: return tr("pending");
    case gb::IoStatus::Completed: return tr("completed, not collected");
    case gb::IoStatus::Collected: return tr("collected");
    case gb::IoStatus::Cancelled: return tr("cancelled");
    }
    return "?";
}

std::string events_text(uint32_t ev) {
    std::string s;
    if (ev & 1u) s += "IN ";
    if (ev & 2u) s += "OUT ";
    if (ev & 4u) s += "HUP";
    return s.empty() ? "-" : s;
}

void draw_requests(const gb::Machine& m, UiState& ui) {
    const auto& reqs = m.io.requests;
    // Newest first; long runs of old requests are clipped.
    if (ImGui::BeginTable("io-requests", 6,
                          ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                              ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY,
                          ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 8))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("#");
        ImGui::TableSetupColumn(tr("thread"));
        ImGui::TableSetupColumn(tr("request"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(tr("form"));
        ImGui::TableSetupColumn(tr("status"));
        ImGui::TableSetupColumn(tr("cycles"));
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(reqs.size()));
        while (clip.Step())
            for (int row = clip.DisplayStart; row < clip.DisplayEnd; ++row) {
                const gb::IoRequest& r = reqs[reqs.size() - 1 - static_cast<size_t>(row)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Text("%d", r.id);
                ImGui::TableNextColumn();
                thread_chip(r.tid);
                ImGui::TableNextColumn();
                fit_text(gb::io_request_text(m, r, words_lang()));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(mode_text(r.mode));
                ImGui::TableNextColumn();
                ImVec4 c = r.status == gb::IoStatus::Pending ? colour_warn() : colour_dim();
                ImGui::TextColored(c, "%s", status_text(r.status));
                ImGui::TableNextColumn();
                if (r.status == gb::IoStatus::Pending)
                    ImGui::TextUnformatted(trf("since {}", r.submitted).c_str());
                else
                    ImGui::TextUnformatted(trf("{} → {}", r.submitted, r.completed).c_str());
            }
        end_table(ui);
    }
}

void draw_pipes(const gb::Machine& m) {
    for (const gb::Pipe& p : m.io.pipes) {
        float fill =
            p.capacity ? static_cast<float>(p.buffer.size()) / static_cast<float>(p.capacity) : 0.f;
        ImGui::Text("%s", trf("pipe {} (process {})", p.id, p.pid).c_str());
        std::string label = trf("{} / {} bytes", p.buffer.size(), p.capacity);
        float bar_w = std::min(ImGui::GetFontSize() * 10, ImGui::GetContentRegionAvail().x);
        same_line_if(bar_w);
        ImGui::ProgressBar(fill, ImVec2(bar_w, 0), label.c_str());
        flow_text(trf("readers {} · writers {} · waiting to read {} · waiting to write {}",
                      p.readers, p.writers, p.read_q.size(), p.write_q.size()),
                  colour_dim());
    }
}

void draw_pollsets(const gb::Machine& m) {
    for (const gb::PollSet& s : m.io.pollsets) {
        std::vector<gb::PollEntry> ready = gb::poll_ready(m, s.id);
        ImGui::Text("%s", trf("interest set {} (process {}): {} waits, {} wake-ups", s.id, s.pid,
                              s.waits, s.wakeups)
                              .c_str());
        ImGui::Indent();
        for (const gb::PollEntry& e : s.entries) {
            uint32_t now = 0;
            for (const gb::PollEntry& r : ready)
                if (r.fd == e.fd) now = r.events;
            ImGui::TextColored(
                now ? colour_ok() : colour_dim(), "%s",
                trf("fd {}: wants {} · ready {}", e.fd, events_text(e.events), events_text(now))
                    .c_str());
        }
        ImGui::Unindent();
    }
}

void draw_load(const gb::IoStats& s) {
    ImGui::Text(
        "%s", gb::io_summary_text(s.clients, s.answered, s.planned, s.lost, words_lang()).c_str());
    ImGui::Text("%s", trf("throughput {:.2f} requests per 1000 cycles", s.throughput).c_str());
    if (s.latency.count)
        ImGui::Text("%s", trf("latency (cycles): mean {:.0f} · p50 {} · p95 {} · max {}",
                              s.latency.mean, s.latency.p50, s.latency.p95, s.latency.max)
                              .c_str());
}

} // namespace

void draw_io(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("io");
    if (m.processes.empty()) {
        hint(tr("No program is loaded."));
        return;
    }
    gb::IoStats stats = gb::io_stats(m);
    // Lines wrap at the panel's edge (the requests' table shortens its own).
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(tr("Devices attached"));
    auto bullet = [](const std::string& text) {
        ImGui::Bullet();
        ImGui::SameLine();
        ImGui::TextUnformatted(text.c_str());
    };
    bullet(trf("console: {} bytes printed, {} bytes of input read", m.console.size(),
               stats.console_bytes_in));
    bullet(trf("disk: {} files · {} reads, {} writes · {} in flight", m.io.disk.files.size(),
               m.io.disk.reads, m.io.disk.writes, m.io.disk.in_flight));
    bullet(trf("pipes: {} · interest sets: {} · non-blocking calls that would block: {}",
               m.io.pipes.size(), m.io.pollsets.size(), m.io.would_blocks));
    if (!m.io.used) hint(tr("This program has made no I/O request: its prints complete at once."));

    if (stats.network &&
        ImGui::CollapsingHeader(tr("Load generator"), ImGuiTreeNodeFlags_DefaultOpen))
        draw_load(stats);
    if (!m.io.pipes.empty() && ImGui::CollapsingHeader(tr("Pipes"), ImGuiTreeNodeFlags_DefaultOpen))
        draw_pipes(m);
    if (!m.io.pollsets.empty() &&
        ImGui::CollapsingHeader(tr("Readiness sets"), ImGuiTreeNodeFlags_DefaultOpen))
        draw_pollsets(m);
    ImGui::PopTextWrapPos();
    if (ImGui::CollapsingHeader(tr("Requests"), ImGuiTreeNodeFlags_DefaultOpen)) {
        if (m.io.requests.empty())
            ImGui::TextColored(colour_dim(), "%s", tr("(none yet)"));
        else
            draw_requests(m, ui);
    }
}

} // namespace gui
