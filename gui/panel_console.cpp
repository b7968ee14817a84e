// [SECTION] Console: what the programs printed, all together in the order
// printed, or one process's output.
#include "ui.h"

namespace gui {

void draw_console(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("console");
    if (m.processes.size() > 1) {
        if (ImGui::RadioButton(tr("all"), ui.console_pid == 0)) ui.console_pid = 0;
        for (const gb::Process& p : m.processes) {
            std::string label = fmt::format("{} {}", p.pid, p.name);
            same_line_if(check_width(label.c_str()));
            if (ImGui::RadioButton(label.c_str(), ui.console_pid == p.pid)) ui.console_pid = p.pid;
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
    if (ImGui::BeginChild("out")) {
        // Lines wrapped at the panel's edge (readable from the back row, none
        // cut mid-word); a program may print a lot, so only the newest are drawn.
        constexpr size_t kShown = 400;
        std::vector<std::pair<size_t, size_t>> lines;
        size_t start = 0;
        for (size_t i = 0; i <= text.size(); ++i)
            if (i == text.size() || text[i] == '\n') {
                if (i > start || i < text.size()) lines.push_back({start, i});
                start = i + 1;
            }
        size_t first = lines.size() > kShown ? lines.size() - kShown : 0;
        if (first > 0) hint(trf("({} earlier lines not shown)", first).c_str());
        ImGui::PushTextWrapPos(0.0f);
        for (size_t i = first; i < lines.size(); ++i) {
            auto [a, b] = lines[i];
            ImGui::TextUnformatted(text.data() + a, text.data() + b);
        }
        ImGui::PopTextWrapPos();
        note_overflow(ui, "console");
        if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4) ImGui::SetScrollHereY(1.0f);
    }
    ImGui::EndChild();
}

} // namespace gui
