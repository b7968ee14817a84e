// [SECTION] Scheduler: the policy, the ready queue(s) — one per level for
// MLFQ — what runs on each core, and who is blocked on what.
#include "ui.h"

namespace gui {

namespace {
void chip_list(const gb::Machine& m, const std::deque<int>& q) {
    if (q.empty()) {
        ImGui::TextColored(colour_dim(), "%s", tr("(empty)"));
        return;
    }
    bool first = true;
    for (int tid : q) {
        if (!first) {
            // The arrow and the next chip together, on a new line when they do not fit.
            same_line_if(ImGui::CalcTextSize("← t00").x + ImGui::GetTextLineHeight() * 1.2f);
            ImGui::TextColored(colour_dim(), "←");
            ImGui::SameLine();
        }
        first = false;
        thread_chip(tid);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", thread_label(m, tid).c_str());
    }
}
} // namespace

void draw_scheduler(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("scheduler");
    const gb::Scheduler& s = m.sched;
    ImGui::PushTextWrapPos(0.0f); // every line wraps at the panel's edge
    ImGui::Text("%s: %s", tr("policy"), std::string(gb::policy_name(s.params.policy)).c_str());
    // Pieces that move to the next line (and wrap) when the panel is narrow.
    flow_text(trf("· slice {} ticks · timer every {} cycles", s.params.quantum_ticks,
                  m.config.timer_period),
              colour_dim());
    if (s.params.policy == gb::Policy::Mlfq) flow_text(trf("· {} boosts", s.boosts), colour_dim());
    ImGui::Separator();
    ImGui::TextUnformatted(tr("Running"));
    for (const gb::Core& c : m.cores) {
        ImGui::Text("  %s %d:", tr("core"), c.index);
        ImGui::SameLine();
        if (c.tid) {
            thread_chip(c.tid);
            ImGui::SameLine();
            const gb::Thread& t = m.thread(c.tid);
            flow_text(
                trf("{} · slice used {}/{} ticks", t.name, t.slice_used, s.quantum_at(t.level)),
                colour_dim());
        } else {
            ImGui::TextColored(colour_dim(), "%s", tr("idle"));
        }
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("Ready queue (next to run on the left)"));
    for (size_t lvl = 0; lvl < s.queues.size(); ++lvl) {
        ImGui::PushID(static_cast<int>(lvl));
        if (s.queues.size() > 1)
            ImGui::Text("  %s", trf("level {}", lvl).c_str());
        else
            ImGui::TextUnformatted(" ");
        ImGui::SameLine();
        chip_list(m, s.queues[lvl]);
        ImGui::PopID();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("Blocked"));
    bool any = false;
    for (const gb::Thread& t : m.threads) {
        if (t.state != gb::ThreadState::Blocked) continue;
        any = true;
        ImGui::TextUnformatted("  ");
        ImGui::SameLine();
        thread_chip(t.tid);
        ImGui::SameLine();
        flow_text(fmt::format("{} {}", reason_name(t.reason),
                              t.reason == gb::BlockReason::Sleep ? trf("until {}", t.wake_at)
                                                                 : fmt::format("{}", t.wait_on)),
                  colour_state(t.state));
    }
    if (!any) ImGui::TextColored(colour_dim(), "  %s", tr("(nobody)"));
    ImGui::Spacing();
    int done = 0;
    for (const gb::Thread& t : m.threads)
        done += t.state == gb::ThreadState::Done;
    ImGui::TextColored(colour_dim(), "%s", trf("{} threads ended", done).c_str());
    ImGui::PopTextWrapPos();
}

} // namespace gui
