// [SECTION] I/O: the devices attached and what each process has done with
// them. Today the machine has one device, the console (each process's
// standard output); threads blocked on I/O, pipes or a readiness wait show
// up here as the kernel grows those devices.
#include "ui.h"

namespace gui {

void draw_io(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("io");
    ImGui::TextUnformatted(tr("Devices attached"));
    ImGui::BulletText("%s", tr("console: standard output of every process (print_int, print_char, print_str)"));
    hint(tr("No other devices (disk, pipes, network) are attached to this machine."));
    ImGui::Separator();
    if (m.processes.empty()) {
        hint(tr("No program is loaded."));
        return;
    }
    if (ImGui::BeginTable("io", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn(tr("process"));
        ImGui::TableSetupColumn(tr("console bytes written"));
        ImGui::TableSetupColumn(tr("last line printed"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const gb::Process& p : m.processes) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%d %s", p.pid, p.name.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%zu", p.output.size());
            ImGui::TableNextColumn();
            std::string last = p.output;
            while (!last.empty() && last.back() == '\n') last.pop_back();
            size_t nl = last.rfind('\n');
            if (nl != std::string::npos) last = last.substr(nl + 1);
            ImGui::TextUnformatted(last.c_str());
        }
        ImGui::EndTable();
    }
    // Pending requests and readiness sets: threads blocked on a device.
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("Pending requests and readiness waits"));
    bool any = false;
    for (const gb::Thread& t : m.threads) {
        if (t.state != gb::ThreadState::Blocked) continue;
        using R = gb::BlockReason;
        if (t.reason != R::Io && t.reason != R::PipeRead && t.reason != R::PipeWrite && t.reason != R::Poll) continue;
        any = true;
        thread_chip(t.tid);
        ImGui::SameLine();
        ImGui::Text("%s %d", reason_name(t.reason), t.wait_on);
    }
    if (!any) ImGui::TextColored(colour_dim(), "%s", tr("(none: console output completes at once)"));
}

} // namespace gui
