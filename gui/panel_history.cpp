// History panel: every write of one global variable so far, in order —
// cycle, thread, line, old → new — with stale stores and lost updates
// marked and named (teach/value_history.h). Clicking a row travels to the
// moment just before that store.
#include "ui.h"

#include "teach/value_history.h"

#include <algorithm>

namespace gui {

namespace {

struct HistoryPanel {
    std::string symbol; // the variable shown
    bool only_marked = false;
    // The history is replayed when the machine moves; this is what it was computed for.
    uint64_t generation = UINT64_MAX, instructions = UINT64_MAX;
    std::string computed_for;
    gb::ValueHistory history;
    // The rows shown (indexes into history.writes), kept until the history or the checkbox changes.
    std::vector<int> rows;
    bool rows_valid = false, rows_marked = false;
};

HistoryPanel& panel() {
    static HistoryPanel p;
    return p;
}

constexpr uint64_t kMaxReplay = 5'000'000; // instructions replayed per refresh, at most

} // namespace

void draw_history(const gb::Machine& m, UiState& ui, Commands& out) {
    ui.visible("history");
    HistoryPanel& p = panel();
    if (!ui.session || !ui.session->loaded() || m.processes.empty() || !m.process(1).image) {
        hint(tr("Load a program to see the history of its variables."));
        return;
    }
    const gb::Image& img = *m.process(1).image;
    std::vector<const gb::Symbol*> vars;
    for (const auto& [name, sym] : img.symbols)
        if (sym.kind == gb::SymbolKind::Data) vars.push_back(&sym);
    if (vars.empty()) {
        hint(tr("This program has no global variables."));
        return;
    }
    std::sort(vars.begin(), vars.end(),
              [](const gb::Symbol* a, const gb::Symbol* b) { return a->value < b->value; });
    if (p.symbol.empty() || !img.find(p.symbol) || img.find(p.symbol)->kind != gb::SymbolKind::Data)
        p.symbol = img.find("count") && img.find("count")->kind == gb::SymbolKind::Data
                       ? "count"
                       : vars.front()->name;

    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    if (ImGui::BeginCombo(tr("Variable"), p.symbol.c_str())) {
        for (const gb::Symbol* s : vars)
            if (ImGui::Selectable(s->name.c_str(), s->name == p.symbol)) p.symbol = s->name;
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::Checkbox(tr("Only stale stores and lost updates"), &p.only_marked);
    bool watched = false;
    for (const gb::Watchpoint& w : ui.session->watchpoints())
        watched |= w.text == p.symbol;
    ImGui::SameLine();
    if (ImGui::Checkbox(tr("Stop when it is written"), &watched)) out.toggle_watch(p.symbol);
    if (ImGui::IsItemHovered())
        tooltip(tr("A watchpoint: the run stops after each write (F5 continues, Shift+F5 goes "
                   "back to the previous write)."));

    if (ui.session->running()) {
        hint(tr("Pause the run to see the history."));
        return;
    }
    if (m.instructions > kMaxReplay) {
        hint(tr("The run is too long to replay here; use glassbox-cli run --history."));
        return;
    }
    if (p.generation != ui.session->generation() || p.instructions != m.instructions ||
        p.computed_for != p.symbol) {
        uint32_t addr = static_cast<uint32_t>(img.find(p.symbol)->value);
        p.history =
            gb::value_history(ui.session->initial_machine(), 1, addr, p.symbol, m.instructions);
        p.generation = ui.session->generation();
        p.instructions = m.instructions;
        p.computed_for = p.symbol;
        p.rows_valid = false;
    }
    const gb::ValueHistory& h = p.history;
    uint32_t now_value = h.writes.empty() ? h.initial : h.writes.back().new_value;
    ImGui::TextUnformatted(trf("{} writes, {} stale stores, {} lost updates; {} is {} now",
                               h.writes.size(), h.stale(), h.lost(), h.name,
                               static_cast<int32_t>(now_value))
                               .c_str());
    if (h.writes.empty()) {
        hint(tr("Nothing has written it yet."));
        return;
    }

    if (!p.rows_valid || p.rows_marked != p.only_marked) {
        p.rows.clear();
        for (size_t i = 0; i < h.writes.size(); ++i)
            if (!p.only_marked || h.writes[i].stale() || h.writes[i].lost)
                p.rows.push_back(static_cast<int>(i));
        p.rows_valid = true;
        p.rows_marked = p.only_marked;
    }
    const std::vector<int>& rows = p.rows;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                            ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("history", 6, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("Cycle"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("Thread"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("Old → new"), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(tr("What happened"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(tr("Line"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(rows.size()));
    while (clip.Step())
        for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
            int i = rows[static_cast<size_t>(r)];
            const gb::HistoryEntry& e = h.writes[static_cast<size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(i);
            std::string label = std::to_string(i);
            if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
                out.go_to(e.instruction);
            if (ImGui::IsItemHovered()) tooltip(tr("Travel to just before this store."));
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::Text("%llu", static_cast<unsigned long long>(e.cycle));
            ImGui::TableNextColumn();
            thread_chip(e.tid);
            ImGui::TableNextColumn();
            ImGui::Text("%d → %d", static_cast<int32_t>(e.old_value),
                        static_cast<int32_t>(e.new_value));
            ImGui::TableNextColumn();
            if (e.stale()) {
                std::string names;
                for (int o : e.overwrote)
                    names += (names.empty() ? "#" : ", #") + std::to_string(o);
                ImGui::TextColored(colour_warn(), "%s",
                                   trf("stale: read #{}, overwrote {}", e.from, names).c_str());
            }
            if (e.lost)
                ImGui::TextColored(colour_fault(), "%s",
                                   trf("lost update: erased by #{}", e.erased_by).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(short_source(e.source).c_str());
        }
    end_table(ui);
}

} // namespace gui
