// [SECTION] Event loop (lesson 14): an interest set as two columns — every
// descriptor the loop watches, and the ready list the next poll_wait
// returns — with the loop's thread asleep in poll_wait or at work.
#include "pictures.h"

#include "teach/event_loop_view.h"

namespace gui {

namespace {

std::string what_text(const gb::view::InterestRow& r) {
    if (r.async_queue) return tr("finished async requests");
    switch (r.kind) {
    case gb::FdKind::Listen: return trf("listener (port {})", r.detail);
    case gb::FdKind::Conn: return trf("connection {} (client {})", r.object, r.detail);
    case gb::FdKind::PipeRead: return trf("pipe {} read end", r.object);
    case gb::FdKind::PipeWrite: return trf("pipe {} write end", r.object);
    case gb::FdKind::File: return trf("file {}", r.object);
    case gb::FdKind::ConsoleIn: return tr("console input");
    case gb::FdKind::ConsoleOut: return tr("console output");
    case gb::FdKind::None: break;
    }
    return tr("closed");
}

std::string events_words(uint32_t ev) {
    std::string s;
    auto add = [&](const char* w) {
        if (!s.empty()) s += " + ";
        s += w;
    };
    if (ev & gb::kPollIn) add(tr("readable"));
    if (ev & gb::kPollOut) add(tr("writable"));
    if (ev & gb::kPollHup) add(tr("closed by the other side"));
    return s;
}

void row_line(const gb::view::InterestRow& r, bool ready_column) {
    ImVec4 col = r.ready ? colour_ok() : colour_dim();
    ImGui::TextColored(col, "%s", trf("fd {}", r.fd).c_str());
    ImGui::SameLine();
    ImGui::TextColored(r.ready ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : colour_dim(), "%s",
                       what_text(r).c_str());
    if (ready_column) {
        ImGui::SameLine();
        ImGui::TextColored(colour_ok(), "%s", events_words(r.ready).c_str());
    }
}

} // namespace

void draw_event_loop(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("event_loop");
    auto sets = gb::view::interest_sets(m);
    if (sets.empty()) {
        hint(tr("No interest set yet: an event loop makes one with sys poll_create."));
        return;
    }
    for (const auto& s : sets) {
        ImGui::PushID(s.id);
        begin_box("set");
        ImGui::TextColored(colour_changed(), "%s", trf("interest set {}", s.id).c_str());
        ImGui::SameLine();
        ImGui::TextColored(colour_dim(), "%s",
                           trf("· {} waits, {} wake-ups", s.waits, s.wakeups).c_str());
        for (const auto& t : s.threads) {
            thread_chip(t.tid);
            ImGui::SameLine();
            if (t.waiting)
                ImGui::TextColored(colour_state(gb::ThreadState::Blocked), "%s",
                                   tr("sleeps in poll_wait"));
            else
                ImGui::TextColored(colour_state(gb::ThreadState::Running), "%s",
                                   tr("awake: handles the ready list"));
        }
        // The interest set, one descriptor a line; the ready ones (the ready list) lit.
        ImGui::TextUnformatted(trf("Ready now: {} of {}", s.ready.size(), s.rows.size()).c_str());
        for (const auto& r : s.rows)
            row_line(r, r.ready != 0);
        end_box(s.ready.empty() ? colour_dim() : colour_ok());
        ImGui::PopID();
    }
}

} // namespace gui
