// [SECTION] Controls: run/pause, step, step back, step N, run to cursor,
// reset, speed, machine settings, and the status line with the frame time.
#include "ui.h"

#include <cmath>

namespace gui {

namespace {

float button_w(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

// Puts the next item (of width w) on the same line if it fits, else on a new
// line: the toolbar wraps instead of running off a projector-sized window.
void flow(float w) {
    float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    float x = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
    if (x + w <= right) ImGui::SameLine();
}

void machine_settings_popup(const gb::Machine& m, UiState& ui, Commands& out) {
    if (!ui.pending_config_init) {
        ui.pending_config = m.config;
        ui.pending_config_init = true;
    }
    gb::Config& c = ui.pending_config;
    float w = ImGui::GetFontSize() * 9;
    ImGui::TextUnformatted(tr("Machine settings"));
    ImGui::Separator();
    ImGui::SetNextItemWidth(w);
    ImGui::SliderInt(tr("cores"), &c.cores, 1, 8);
    const gb::Policy policies[] = {gb::Policy::Fifo,       gb::Policy::Sjf,      gb::Policy::Stcf,
                                   gb::Policy::RoundRobin, gb::Policy::Priority, gb::Policy::Mlfq,
                                   gb::Policy::Lottery};
    const char* names[] = {
        tr("FIFO"),        tr("shortest job first"), tr("shortest time to completion"),
        tr("round robin"), tr("priority"),           tr("multi-level feedback queue"),
        tr("lottery")};
    int cur = 0;
    for (int i = 0; i < 7; ++i)
        if (policies[i] == c.sched.policy) cur = i;
    ImGui::SetNextItemWidth(w);
    if (ImGui::Combo(tr("policy"), &cur, names, 7)) c.sched.policy = policies[cur];
    int quantum = static_cast<int>(c.sched.quantum_ticks);
    ImGui::SetNextItemWidth(w);
    if (ImGui::InputInt(tr("time slice (timer ticks)"), &quantum))
        c.sched.quantum_ticks = static_cast<uint32_t>(std::max(1, quantum));
    int timer = static_cast<int>(c.timer_period);
    ImGui::SetNextItemWidth(w);
    if (ImGui::InputInt(tr("timer period (cycles)"), &timer))
        c.timer_period = static_cast<uint32_t>(std::clamp(timer, 1, 1000000));
    int tcost = static_cast<int>(c.thread_switch_cost),
        pcost = static_cast<int>(c.process_switch_cost);
    ImGui::SetNextItemWidth(w);
    if (ImGui::InputInt(tr("thread switch cost (cycles)"), &tcost))
        c.thread_switch_cost = static_cast<uint32_t>(std::clamp(tcost, 0, 100000));
    ImGui::SetNextItemWidth(w);
    if (ImGui::InputInt(tr("process switch cost (cycles)"), &pcost))
        c.process_switch_cost = static_cast<uint32_t>(std::clamp(pcost, 0, 100000));
    int seed = static_cast<int>(c.seed);
    ImGui::SetNextItemWidth(w);
    if (ImGui::InputInt(tr("random seed"), &seed))
        c.seed = static_cast<uint64_t>(std::max(0, seed));
    ImGui::Spacing();
    hint(tr("Applying restarts the program from the beginning."));
    if (ImGui::Button(tr("Apply and restart"))) {
        out.set_config(c);
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("Cancel"))) {
        ui.pending_config = m.config;
        ImGui::CloseCurrentPopup();
    }
}

} // namespace

void draw_controls(const gb::Machine& m, UiState& ui, Commands& out) {
    ui.visible("controls");
    const gb::Session& s = *ui.session;
    Settings& st = *ui.settings;
    bool loaded = s.loaded();
    // Big text on a small screen: short labels (the keys are in the tooltips).
    bool narrow = ImGui::GetMainViewport()->WorkSize.x / ImGui::GetFontSize() < 75.0f;
    const char* run_l = narrow ? tr("Run") : tr("Run (F5)");
    const char* pause_l = narrow ? tr("Pause") : tr("Pause (F5)");
    const char* step_l = narrow ? tr("Step") : tr("Step (F10)");
    const char* back_l = narrow ? tr("Back") : tr("Step back (Shift+F10)");
    ImGui::BeginDisabled(!loaded);

    if (s.running()) {
        if (ImGui::Button(pause_l)) out.push(Cmd::Pause);
    } else {
        if (ImGui::Button(run_l)) out.push(Cmd::Run);
    }
    tooltip(tr(
        "Run the program continuously at the speed set on the right; press again to pause (F5)."));
    flow(button_w(step_l));
    if (ImGui::Button(step_l)) out.push(Cmd::Step);
    tooltip(tr("Execute exactly one instruction on the next core (F10)."));
    flow(button_w(back_l));
    ImGui::BeginDisabled(!s.can_step_back());
    if (ImGui::Button(back_l)) out.push(Cmd::StepBack);
    ImGui::EndDisabled();
    tooltip(tr("Undo the last instruction (Shift+F10; the machine is replayed from a snapshot)."));
    flow(ImGui::GetFontSize() * 4.5f + button_w("Step 100000"));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.5f);
    ImGui::InputInt("##stepn", &st.step_n, 0, 0);
    st.step_n = std::clamp(st.step_n, 1, 1000000);
    ImGui::SameLine(0, 2);
    if (ImGui::Button(trf("Step {}", st.step_n).c_str()))
        out.step_n(static_cast<uint64_t>(st.step_n));
    flow(button_w(tr("Run to cursor")));
    ImGui::BeginDisabled(!ui.cursor);
    if (ImGui::Button(tr("Run to cursor"))) out.run_to(*ui.cursor);
    ImGui::EndDisabled();
    tooltip(tr("Select a line in the Code panel, then run until a core reaches it (Ctrl+F10)."));
    flow(button_w(tr("Reset")));
    if (ImGui::Button(tr("Reset"))) out.push(Cmd::Reset);
    tooltip(tr("Start the program again from the beginning (breakpoints stay)."));
    ImGui::EndDisabled();

    // Speed: 1 instruction/s to 10,000/s on a log scale, or maximum.
    flow(ImGui::CalcTextSize(tr("Speed")).x + ImGui::CalcTextSize(tr("max")).x +
         ImGui::GetFontSize() * 11);
    ImGui::TextUnformatted(tr("Speed"));
    ImGui::SameLine();
    if (ImGui::Checkbox(tr("max"), &st.speed_max)) out.set_speed(st.speed_max ? 0 : st.speed);
    tooltip(tr("As fast as possible: the simulation gets a budget of instructions per frame so the "
               "screen stays smooth."));
    ImGui::SameLine();
    ImGui::BeginDisabled(st.speed_max);
    float lg = static_cast<float>(std::log10(std::max(1.0, st.speed)));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
    std::string speed_fmt = trf("{} instr/s", static_cast<int>(std::lround(st.speed)));
    if (ImGui::SliderFloat("##speed", &lg, 0.0f, 4.0f, "")) {
        st.speed = std::round(std::pow(10.0, static_cast<double>(lg)));
        out.set_speed(st.speed);
    }
    tooltip(tr("1 to 10,000 instructions per second; at slow speeds every step is visible."));
    ImGui::SameLine();
    ImGui::TextUnformatted(st.speed_max ? tr("maximum") : speed_fmt.c_str());
    ImGui::EndDisabled();

    flow(button_w(tr("Machine…")));
    if (ImGui::Button(tr("Machine…"))) {
        ui.pending_config = m.config;
        ui.pending_config_init = true;
        ImGui::OpenPopup("machine_settings");
    }
    tooltip(tr("Cores, scheduling policy, time slice, timer period, switch costs, random seed."));
    if (ImGui::BeginPopup("machine_settings")) {
        machine_settings_popup(m, ui, out);
        ImGui::EndPopup();
    }

    // The machine's settings in one line, if there is room (the status and
    // the frame-time readout are in the menu bar).
    std::string cfg = trf("{} cores · {} · slice {} ticks · timer {} cycles", m.config.cores,
                          std::string(gb::policy_name(m.config.sched.policy)),
                          m.config.sched.quantum_ticks, m.config.timer_period);
    float cw = ImGui::CalcTextSize(cfg.c_str()).x + ImGui::GetFontSize();
    if (ImGui::GetItemRectMax().x + cw + ImGui::GetStyle().ItemSpacing.x <
        ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) {
        ImGui::SameLine();
        ImGui::TextColored(colour_dim(), "%s", cfg.c_str());
    }
    if (!ui.font_note.empty()) {
        ImGui::TextColored(colour_warn(), "%s", ui.font_note.c_str());
    }
}

} // namespace gui

namespace gui {

// The status in the menu bar: time, instructions, why the machine stopped,
// a passing note, and the frame-time readout (at least 30 frames/s).
void draw_status(const gb::Machine& m, UiState& ui) {
    const gb::Session& s = *ui.session;
    std::string status = trf("cycle {} · {} instructions", m.now, m.instructions);
    if (s.running())
        status += " · " + std::string(tr("running"));
    else if (s.last_stop()) {
        switch (*s.last_stop()) {
        case gb::StopReason::Breakpoint:
            status += " · " + std::string(tr("stopped at a breakpoint"));
            break;
        case gb::StopReason::AllDone:
            status += " · " + std::string(tr("every thread has ended"));
            break;
        case gb::StopReason::Fault:
            status += " · " + std::string(tr("stopped: a fault killed a process"));
            break;
        case gb::StopReason::Deadlock:
            status += " · " + std::string(tr("stopped: deadlock"));
            break;
        case gb::StopReason::Watchpoint:
            status += " · " + std::string(tr("stopped: a watched value was written"));
            break;
        case gb::StopReason::Paused:
            status += " · " + std::string(tr("paused by the program"));
            break;
        case gb::StopReason::Budget: break;
        }
    } else if (s.loaded())
        status += " · " + std::string(tr("paused"));
    float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    ImGui::TextUnformatted(status.c_str());
    // The frame time is for developers (View → Developer: frame time), not for the class.
    std::string perf;
    if (ui.settings->show_frame_time) {
        perf = trf("frame {:.1f} ms · {:.0f} fps", ui.stats.frame_ms, ui.stats.fps);
        if (s.running() && ui.settings->speed_max)
            perf += trf(" · {} instr/frame", ui.stats.budget);
    }
    float pw = ImGui::CalcTextSize(perf.c_str()).x;
    if (!ui.status_note.empty() && ui.now_s < ui.status_note_until) {
        float nw = ImGui::CalcTextSize(ui.status_note.c_str()).x + ImGui::GetFontSize() * 2;
        if (ImGui::GetItemRectMax().x + nw + pw < right) {
            ImGui::SameLine();
            ImGui::TextColored(colour_ok(), "· %s", ui.status_note.c_str());
        }
    }
    if (!perf.empty() && ImGui::GetItemRectMax().x + pw + ImGui::GetFontSize() < right) {
        ImGui::SameLine(right - pw - ImGui::GetWindowPos().x);
        ImGui::TextColored(ui.stats.fps > 0 && ui.stats.fps < 30 ? colour_fault() : colour_dim(),
                           "%s", perf.c_str());
    }
}

} // namespace gui
