// Races panel: the race detector's findings for the run so far
// (teach/race_detector.h): for each pair of racing instructions, the
// variable, both threads, both lines and cycles. Each access is a button
// that travels to the moment just before it.
#include "ui.h"

#include "teach/race_detector.h"

namespace gui {

namespace {

struct RacesPanel {
    uint64_t generation = UINT64_MAX, instructions = UINT64_MAX;
    std::vector<gb::Race> races;
};

RacesPanel& panel() {
    static RacesPanel p;
    return p;
}

constexpr uint64_t kMaxReplay = 5'000'000;

void access_row(const gb::RaceAccess& a, const char* id, Commands& out) {
    ImGui::PushID(id);
    thread_chip(a.tid);
    ImGui::SameLine();
    ImGui::TextUnformatted(a.write ? tr("writes") : tr("reads"));
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("Go"))) out.go_to(a.instruction);
    if (ImGui::IsItemHovered()) tooltip(tr("Travel to just before this access."));
    ImGui::SameLine();
    ImGui::TextColored(colour_dim(), "%s", trf("cycle {}", a.cycle).c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(short_source(a.source).c_str());
    ImGui::PopID();
}

} // namespace

void draw_races(const gb::Machine& m, UiState& ui, Commands& out) {
    ui.visible("races");
    RacesPanel& p = panel();
    if (!ui.session || !ui.session->loaded()) {
        hint(tr("Load a program to look for data races."));
        return;
    }
    if (ui.session->running()) {
        hint(tr("Pause the run to look for data races."));
        return;
    }
    if (m.instructions > kMaxReplay) {
        hint(tr("The run is too long to replay here; use glassbox-cli run --races."));
        return;
    }
    if (p.generation != ui.session->generation() || p.instructions != m.instructions) {
        p.races = gb::find_races(ui.session->initial_machine(), m.instructions);
        p.generation = ui.session->generation();
        p.instructions = m.instructions;
    }
    if (p.races.empty()) {
        ImGui::TextColored(colour_ok(), "%s",
                           tr("No data races so far: every conflicting pair of accesses is "
                              "ordered by happens-before."));
        hint(tr("Locks, semaphores, joins, pipes and atomic instructions order accesses."));
        return;
    }
    ImGui::TextColored(colour_fault(), "%s",
                       trf("{} data races so far (pairs of instructions)", p.races.size()).c_str());
    hint(tr("Two threads touch the same memory, at least one writes, and nothing orders them."));
    ImGui::BeginChild("races", ImVec2(0, 0), false);
    for (size_t i = 0; i < p.races.size(); ++i) {
        const gb::Race& r = p.races[i];
        ImGui::PushID(static_cast<int>(i));
        ImGui::Separator();
        ImGui::TextColored(colour_warn(), "%s",
                           trf("{} ({:#x}), {} times", r.symbol, r.addr, r.times).c_str());
        access_row(r.first, "first", out);
        access_row(r.second, "second", out);
        ImGui::PopID();
    }
    ImGui::EndChild();
}

} // namespace gui
