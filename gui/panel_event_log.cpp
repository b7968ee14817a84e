// [SECTION] Event log: every context switch, syscall, block, wake-up,
// fault and exit with its cycle; filterable by kind and by text.
#include "ui.h"

namespace gui {

namespace {
const char* kind_label(gb::EventKind k) {
    switch (k) {
    case gb::EventKind::Switch: return tr("switch");
    case gb::EventKind::Syscall: return tr("syscall");
    case gb::EventKind::Block: return tr("block");
    case gb::EventKind::Wake: return tr("wake");
    case gb::EventKind::Fault: return tr("fault");
    case gb::EventKind::ThreadStart: return tr("thread start");
    case gb::EventKind::ThreadExit: return tr("thread exit");
    case gb::EventKind::ProcessStart: return tr("process start");
    case gb::EventKind::ProcessExit: return tr("process exit");
    case gb::EventKind::Timer: return tr("timer");
    case gb::EventKind::Io: return tr("I/O");
    case gb::EventKind::Deadlock: return tr("deadlock");
    case gb::EventKind::Note: return tr("note");
    }
    return "?";
}
constexpr int kKinds = kEventKinds;
} // namespace

void draw_event_log(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("event_log");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ui.log.filter.Draw(tr("filter"));
    same_line_if(button_width(tr("kinds…")));
    if (ImGui::Button(tr("kinds…"))) ImGui::OpenPopup("kinds");
    if (ImGui::BeginPopup("kinds")) {
        for (int k = 0; k < kKinds; ++k)
            ImGui::Checkbox(kind_label(static_cast<gb::EventKind>(k)),
                            &ui.log.kinds[static_cast<size_t>(k)]);
        ImGui::EndPopup();
    }
    same_line_if(check_width(tr("newest")));
    ImGui::Checkbox(tr("newest"), &ui.log.autoscroll);
    tooltip(tr("Keep the newest events in view"));
    if (m.log.dropped) {
        flow_text(trf("({} oldest dropped)", m.log.dropped), colour_dim());
    }

    // The filtered rows, then a clipped table over them. Unfiltered, the
    // rows are the log itself; filtered, only the events this frame added
    // are worded and tested.
    bool all_kinds = true;
    for (int k = 0; k < kKinds; ++k)
        all_kinds &= ui.log.kinds[static_cast<size_t>(k)];
    bool text_filter = ui.log.filter.IsActive();
    bool filtered = !all_kinds || text_filter;
    const auto& events = m.log.events;
    gb::EventRows& rows = ui.log.rows;
    if (filtered) {
        // What the rows were tested with: read again from the start when it changes.
        std::string key = fmt::format("{}\n{}\n{}\n", ui.session ? ui.session->generation() : 0,
                                      static_cast<int>(words_lang()), ui.log.filter.InputBuf);
        for (bool k : ui.log.kinds)
            key += k ? '1' : '0';
        rows.update(m.log, key, [&](const gb::Event& e) {
            if (!all_kinds && !ui.log.kinds[static_cast<size_t>(e.kind)]) return false;
            return !text_filter || ui.log.filter.PassFilter(kind_label(e.kind)) ||
                   ui.log.filter.PassFilter(gb::event_text(e, m.log, words_lang()).c_str());
        });
    } else {
        rows.clear(); // filtered again later: read from the start
    }
    size_t row_count = filtered ? rows.size() : events.size();
    auto event_of = [&](size_t r) -> const gb::Event& {
        return events[filtered ? rows.index(m.log, r) : r];
    };
    ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                            ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                            ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("log", 5, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("cycle"));
    ImGui::TableSetupColumn(tr("core"));
    ImGui::TableSetupColumn(tr("thread"));
    ImGui::TableSetupColumn(tr("kind"));
    ImGui::TableSetupColumn(tr("what happened"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(row_count));
    while (clip.Step())
        for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
            const gb::Event& e = event_of(static_cast<size_t>(r));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%llu", static_cast<unsigned long long>(e.cycle));
            ImGui::TableNextColumn();
            if (e.core >= 0) ImGui::Text("%d", e.core);
            ImGui::TableNextColumn();
            if (e.tid > 0) ImGui::TextColored(thread_colour_v(e.tid), "t%d", e.tid);
            ImGui::TableNextColumn();
            ImVec4 kc = e.kind == gb::EventKind::Fault || e.kind == gb::EventKind::Deadlock
                            ? colour_fault()
                        : e.kind == gb::EventKind::Switch ? colour_changed()
                                                          : colour_dim();
            fit_text(kind_label(e.kind), kc);
            ImGui::TableNextColumn();
            std::string text = gb::event_text(e, m.log, words_lang());
            if (e.kind == gb::EventKind::Switch)
                text += fmt::format(" ({})", switch_reason(e.reason));
            fit_text(text); // shortened to the column, in full on hover
        }
    if (ui.log.autoscroll) ImGui::SetScrollY(ImGui::GetScrollMaxY() + 1000);
    end_table(ui);
}

} // namespace gui
