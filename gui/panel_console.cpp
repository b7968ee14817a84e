// [SECTION] Console: what the programs printed, all together in the order
// printed, or one process's output.
#include "ui.h"

namespace gui {

void draw_console(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("console");
    if (m.processes.size() > 1) {
        if (ImGui::RadioButton(tr("all"), ui.console_pid == 0)) ui.console_pid = 0;
        for (const gb::Process& p : m.processes) {
            ImGui::SameLine();
            if (ImGui::RadioButton(fmt::format("{} {}", p.pid, p.name).c_str(),
                                   ui.console_pid == p.pid))
                ui.console_pid = p.pid;
        }
    }
    const std::string& text =
        ui.console_pid > 0 && ui.console_pid <= static_cast<int>(m.processes.size())
            ? m.process(ui.console_pid).output
            : m.console;
    if (text.empty()) {
        hint(m.processes.empty() ? tr("No program is loaded.") : tr("(nothing printed yet)"));
        return;
    }
    if (ImGui::BeginChild("out", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar)) {
        // Lines, clipped (a program may print a lot).
        std::vector<std::pair<size_t, size_t>> lines;
        size_t start = 0;
        for (size_t i = 0; i <= text.size(); ++i)
            if (i == text.size() || text[i] == '\n') {
                if (i > start || i < text.size()) lines.push_back({start, i});
                start = i + 1;
            }
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(lines.size()));
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                auto [a, b] = lines[static_cast<size_t>(i)];
                ImGui::TextUnformatted(text.data() + a, text.data() + b);
            }
        if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4) ImGui::SetScrollHereY(1.0f);
    }
    ImGui::EndChild();
}

} // namespace gui
