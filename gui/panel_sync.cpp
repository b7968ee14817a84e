// [SECTION] Sync objects: every mutex (owner, wait queue, how often it was
// contended), semaphore (value, waiters) and condition variable (waiters),
// the threads blocked on them, and the deadlock's wait-for cycle when the
// machine found one.
#include "ui.h"

namespace gui {

namespace {

void waiters(const std::deque<int>& q) {
    if (q.empty()) {
        ImGui::TextColored(colour_dim(), "%s", tr("(none)"));
        return;
    }
    bool first = true;
    for (int tid : q) {
        if (!first) ImGui::SameLine();
        first = false;
        thread_chip(tid);
    }
}

std::string object_name(const std::string& name, int id, const char* kind) {
    return name.empty() ? fmt::format("{} {}", kind, id)
                        : fmt::format("{} {} '{}'", kind, id, name);
}

} // namespace

void draw_sync(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("sync");
    // The deadlock cycle first: it is the reason to look here.
    if (!m.deadlock_cycle.empty()) {
        ImGui::TextColored(colour_fault(), "%s",
                           tr("Deadlock: a cycle of threads, each waiting for the next"));
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(colour_fault(), "%s",
                           gb::wait_cycle_text(m, m.deadlock_cycle, words_lang()).c_str());
        ImGui::PopTextWrapPos();
        ImGui::Separator();
    }
    bool any = !m.mutexes.empty() || !m.semaphores.empty() || !m.condvars.empty();
    if (!any) {
        hint(tr("This program has created no mutexes, semaphores or condition variables."));
        hint(tr("Threads that share memory without them race: see how race.s loses updates."));
    }
    ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!m.mutexes.empty() && ImGui::BeginTable("mutexes", 4, flags)) {
        ImGui::TableSetupColumn(tr("mutex"));
        ImGui::TableSetupColumn(tr("owner"));
        ImGui::TableSetupColumn(tr("waiting (first in line on the left)"),
                                ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(tr("taken / had to wait"));
        ImGui::TableHeadersRow();
        for (const gb::Mutex& x : m.mutexes) {
            ImGui::PushID(x.id);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(object_name(x.name, x.id, tr("mutex")).c_str());
            ImGui::TableNextColumn();
            if (x.owner)
                thread_chip(x.owner);
            else
                ImGui::TextColored(colour_ok(), "%s", tr("free"));
            ImGui::TableNextColumn();
            waiters(x.waiters);
            ImGui::TableNextColumn();
            ImGui::Text("%llu / %llu", static_cast<unsigned long long>(x.acquisitions),
                        static_cast<unsigned long long>(x.contended));
            ImGui::PopID();
        }
        end_table(ui);
    }
    if (!m.semaphores.empty() && ImGui::BeginTable("sems", 3, flags)) {
        ImGui::TableSetupColumn(tr("semaphore"));
        ImGui::TableSetupColumn(tr("value"));
        ImGui::TableSetupColumn(tr("waiting (first in line on the left)"),
                                ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const gb::Semaphore& x : m.semaphores) {
            ImGui::PushID(x.id);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(object_name(x.name, x.id, tr("semaphore")).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", x.value);
            ImGui::TableNextColumn();
            waiters(x.waiters);
            ImGui::PopID();
        }
        end_table(ui);
    }
    if (!m.condvars.empty() && ImGui::BeginTable("cvs", 2, flags)) {
        ImGui::TableSetupColumn(tr("condition variable"));
        ImGui::TableSetupColumn(tr("waiting (first in line on the left)"),
                                ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const gb::CondVar& x : m.condvars) {
            ImGui::PushID(x.id);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(object_name(x.name, x.id, tr("condition variable")).c_str());
            ImGui::TableNextColumn();
            waiters(x.waiters);
            ImGui::PopID();
        }
        end_table(ui);
    }
    // Other waits (join, wait for a child, sleep) for completeness.
    bool header = false;
    for (const gb::Thread& t : m.threads) {
        if (t.state != gb::ThreadState::Blocked) continue;
        if (t.reason == gb::BlockReason::Mutex || t.reason == gb::BlockReason::Semaphore ||
            t.reason == gb::BlockReason::CondVar)
            continue;
        if (!header) {
            ImGui::Spacing();
            ImGui::TextUnformatted(tr("Other waits"));
            header = true;
        }
        thread_chip(t.tid);
        ImGui::SameLine();
        ImGui::TextColored(colour_dim(), "%s %d", reason_name(t.reason), t.wait_on);
    }
}

} // namespace gui
