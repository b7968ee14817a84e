// [SECTION] Processes and threads: a tree with states, blocked reasons,
// CPU time, and each thread's saved context (the registers the kernel
// saved when it switched the thread out).
#include "ui.h"

#include <algorithm>

namespace gui {

namespace {

void context_grid(const gb::Context& ctx, UiState& ui) {
    if (ImGui::BeginTable("ctx", 4,
                          ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        ImGui::TextColored(colour_dim(), "pc");
        ImGui::SameLine();
        ImGui::Text("0x%05x", ctx.pc);
        for (int r = 0; r < gb::kNumRegs; ++r) {
            ImGui::TableNextColumn();
            ImGui::TextColored(colour_dim(), "%s", std::string(gb::reg_name(r)).c_str());
            ImGui::SameLine();
            auto v = ctx.regs[static_cast<size_t>(r)];
            if (r == gb::SP || r == gb::FP || r == gb::TP)
                ImGui::Text("0x%05x", v);
            else
                ImGui::Text("%d", static_cast<int32_t>(v));
        }
        ImGui::TableNextColumn();
        ImGui::TextColored(colour_dim(), "%s", tr("flags"));
        ImGui::SameLine();
        ImGui::Text("Z%d N%d C%d", ctx.flags.z, ctx.flags.n, ctx.flags.c);
        end_table(ui);
    }
}

std::string blocked_text(const gb::Machine& m, const gb::Thread& t) {
    if (t.state != gb::ThreadState::Blocked) return "";
    switch (t.reason) {
    case gb::BlockReason::Join: return trf("waits for thread {} to end", t.wait_on);
    case gb::BlockReason::WaitChild:
        return t.wait_on ? trf("waits for child process {}", t.wait_on)
                         : std::string(tr("waits for any child process"));
    case gb::BlockReason::Sleep:
        return trf("sleeps until cycle {} ({} to go)", t.wake_at,
                   t.wake_at > m.now ? t.wake_at - m.now : 0);
    default: return trf("{} {}", reason_name(t.reason), t.wait_on);
    }
}

} // namespace

void draw_processes(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("processes");
    if (m.processes.empty()) {
        hint(tr("No program is loaded."));
        return;
    }
    // No sideways scrolling (a projector's back row cannot scroll): the
    // times go first when the panel is narrow, then long names and states
    // are shortened, in full on hover.
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                            ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable;
    auto w = [](const char* a, const char* b) {
        return std::max(ImGui::CalcTextSize(a).x, ImGui::CalcTextSize(b).x) + 4;
    };
    float fs = ImGui::GetFontSize();
    float avail = ImGui::GetContentRegionAvail().x;
    // State texts first, so the column fits the longest.
    std::vector<std::string> states(m.threads.size() + 1);
    float state_w = w(tr("state"), trf("{} (core 0)", tr("running")).c_str());
    for (const gb::Thread& t : m.threads) {
        std::string st = state_name(t.state);
        if (t.state == gb::ThreadState::Running)
            st = trf("{} (core {})", state_name(t.state), t.core);
        if (t.state == gb::ThreadState::Blocked)
            st = fmt::format("{}: {} {}", state_name(t.state), reason_name(t.reason), t.wait_on);
        state_w = std::max(state_w, ImGui::CalcTextSize(st.c_str()).x + 4);
        states[static_cast<size_t>(t.tid)] = std::move(st);
    }
    // Lesson 16: a process in a container also shows its container and the
    // pid it has there (the machine's own pids are the host's).
    std::vector<std::string> where(m.processes.size() + 1);
    for (const gb::Process& p : m.processes)
        if (p.container > 0) {
            std::string& t = where[static_cast<size_t>(p.pid)];
            t = " · " +
                trf("{} pid {}", m.container(p.container).spec.name, gb::container_pid(m, p.pid));
            std::string longest = trf("exited {}", 137) + t;
            state_w = std::max(state_w, ImGui::CalcTextSize(longest.c_str()).x + 4);
        }
    const float pad = ImGui::GetStyle().CellPadding.x * 2 + 2;
    float pc_w = w(tr("PC"), "0x00000");
    float times_w = w(tr("running"), "0000000") + w(tr("ready"), "0000000") +
                    w(tr("blocked"), "0000000") + pad * 3;
    float name_w = fs * 10.5f;
    bool with_times = avail >= name_w + state_w + pc_w + times_w + pad * 3;
    // The PC (also in the code and CPU panels) only when the names keep room.
    bool with_pc = avail >= fs * 26 + pc_w;
    // The table scrolls, leaving a line for the hint under it (one scrollbar, not two).
    // One short line; the whole explanation on hover, so the table keeps its rows.
    std::string hint_text = tr("times in cycles · click a thread to select it (?)");
    float hint_h = ImGui::CalcTextSize(hint_text.c_str(), nullptr, false, avail).y +
                   ImGui::GetStyle().ItemSpacing.y;
    if (!ImGui::BeginTable("procs", 2 + (with_pc ? 1 : 0) + (with_times ? 3 : 0), flags,
                           ImVec2(0, -hint_h)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("process / thread"), ImGuiTableColumnFlags_WidthStretch, 1.5f);
    ImGui::TableSetupColumn(tr("state"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    if (with_pc) ImGui::TableSetupColumn(tr("PC"), ImGuiTableColumnFlags_WidthFixed, pc_w);
    if (with_times) {
        ImGui::TableSetupColumn(tr("running"), ImGuiTableColumnFlags_WidthFixed,
                                w(tr("running"), "0000000"));
        ImGui::TableSetupColumn(tr("ready"), ImGuiTableColumnFlags_WidthFixed,
                                w(tr("ready"), "0000000"));
        ImGui::TableSetupColumn(tr("blocked"), ImGuiTableColumnFlags_WidthFixed,
                                w(tr("blocked"), "0000000"));
    }
    ImGui::TableHeadersRow();
    for (const gb::Process& p : m.processes) {
        ImGui::PushID(p.pid);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        std::string name = trf("process {} {}", p.pid, p.name);
        bool open = ImGui::TreeNodeEx(
            "proc", ImGuiTreeNodeFlags_DefaultOpen | ImGuiTreeNodeFlags_SpanFullWidth, "%s",
            fit_label(name, ImGui::GetContentRegionAvail().x - ImGui::GetTreeNodeToLabelSpacing())
                .c_str());
        if (ImGui::IsItemClicked()) ui.selected_pid = p.pid;
        if (ImGui::IsItemHovered()) {
            std::string tip = name + "\n" + trf("parent: {}", p.parent) + "\n" +
                              trf("{} threads", p.threads.size());
            if (!p.output.empty()) tip += "\n" + trf("printed {} bytes", p.output.size());
            ImGui::SetTooltip("%s", tip.c_str());
        }
        ImGui::TableNextColumn();
        const std::string& in =
            p.pid < static_cast<int>(where.size()) ? where[static_cast<size_t>(p.pid)] : where[0];
        if (p.fault.fault != gb::Fault::None)
            fit_text(trf("killed: {}", fault_text(p.fault.fault)) + in, colour_fault());
        else if (p.exited)
            fit_text(trf("exited {}", p.exit_code) + in, colour_dim());
        else
            fit_text(tr("alive") + in, colour_ok());
        if (open) {
            for (int tid : p.threads) {
                const gb::Thread& t = m.thread(tid);
                ImGui::PushID(tid);
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                thread_chip(tid);
                ImGui::SameLine();
                bool topen =
                    ImGui::TreeNodeEx("thr",
                                      ImGuiTreeNodeFlags_SpanFullWidth |
                                          (ui.selected_tid == tid ? ImGuiTreeNodeFlags_Selected
                                                                  : ImGuiTreeNodeFlags_None),
                                      "%s",
                                      fit_label(t.name, ImGui::GetContentRegionAvail().x -
                                                            ImGui::GetTreeNodeToLabelSpacing())
                                          .c_str());
                // The selected thread is the one reverse step-over and step-out follow.
                if (ImGui::IsItemClicked()) ui.selected_tid = tid;
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", thread_label(m, tid).c_str());
                ImGui::TableNextColumn();
                const std::string& st = states[static_cast<size_t>(tid)];
                std::string shown = fit_label(st, ImGui::GetContentRegionAvail().x);
                ImGui::TextColored(colour_state(t.state), "%s", shown.c_str());
                std::string why = blocked_text(m, t);
                if (shown != st && !why.empty()) why = st + "\n" + why;
                if (why.empty() && shown != st) why = st;
                if (!why.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", why.c_str());
                if (with_pc) {
                    ImGui::TableNextColumn();
                    if (t.state != gb::ThreadState::Done)
                        ImGui::Text("0x%05x", m.context_of(tid).pc);
                }
                if (with_times) {
                    ImGui::TableNextColumn();
                    ImGui::Text("%llu", static_cast<unsigned long long>(t.cycles_running));
                    ImGui::TableNextColumn();
                    ImGui::Text("%llu", static_cast<unsigned long long>(t.cycles_ready));
                    ImGui::TableNextColumn();
                    ImGui::Text("%llu", static_cast<unsigned long long>(t.cycles_blocked));
                }
                if (topen) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    ImGui::TextColored(colour_dim(), "%s",
                                       t.core >= 0 ? tr("live context (on the core):")
                                                   : tr("saved context:"));
                    ImGui::TextColored(colour_dim(), "%s",
                                       trf("{} instructions · slot {} · priority {}",
                                           t.instructions, t.slot, t.priority)
                                           .c_str());
                    context_grid(m.context_of(tid), ui);
                    ImGui::TreePop();
                }
                ImGui::PopID();
            }
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    end_table(ui);
    hint(hint_text.c_str());
    if (ImGui::IsItemHovered())
        tooltip(tr("times in cycles · click a thread to see its saved context and to select it for "
                   "reverse step over (Ctrl+Shift+F10) and step out (Shift+F11)"));
}

} // namespace gui
