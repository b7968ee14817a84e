// [SECTION] Containers (lesson 16): a box per container holding its
// processes, numbered as the container numbers them, with its CPU and
// memory quotas as bars; a process the OOM killer ended says so.
#include "pictures.h"

#include "teach/container_view.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace gui {

namespace {

std::string cpu_text(const gb::view::ContainerBox& b) {
    return trf("{}/{} cycles per {}", std::min(b.cpu_used, b.cpu_quota), b.cpu_quota, b.cpu_period);
}

// "CPU" then a bar of this period's use against the quota.
void cpu_bar(const gb::view::ContainerBox& b) {
    ImGui::TextUnformatted(tr("CPU"));
    ImGui::SameLine();
    float f = static_cast<float>(b.cpu_used) / static_cast<float>(b.cpu_quota);
    fill_bar(f, cpu_text(b), b.throttled ? colour_warn() : colour_ok());
}

// "Memory" then a bar of what its live processes hold against the quota, the peak ticked.
void memory_bar(const gb::view::ContainerBox& b) {
    ImGui::TextUnformatted(tr("Memory"));
    ImGui::SameLine();
    float q = static_cast<float>(b.memory_quota);
    bool near = b.memory_peak >= b.memory_quota / 10 * 9;
    std::string text = trf("{} of {}", bytes_text(b.memory), bytes_text(b.memory_quota));
    fill_bar(static_cast<float>(b.memory) / q, text, near ? colour_warn() : colour_ok(),
             static_cast<float>(b.memory_peak) / q);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "%s", (text + "\n" + trf("peak {} (the tick on the bar)", bytes_text(b.memory_peak)))
                      .c_str());
}

// What became of a process, and its colour.
std::pair<std::string, ImVec4> process_status(const gb::view::ContainedProcess& p) {
    if (p.oom_killed) return {trf("OOM-killed (exit {})", p.exit_code), colour_fault()};
    if (p.exited)
        return {trf("exit {}", p.exit_code),
                p.faulted || p.exit_code ? colour_fault() : colour_dim()};
    if (p.throttled) return {tr("throttled"), colour_warn()};
    if (p.running) return {tr("running"), colour_state(gb::ThreadState::Running)};
    return {trf("{} held", bytes_text(p.memory)), colour_dim()};
}

// The processes on as few lines as they fit, those that share a status
// together: "pid 1 OOM-killed (exit 137)   pid 2, 3 exit 0".
void process_list(const gb::Machine& m, const gb::view::ContainerBox& b) {
    struct Group {
        std::string status;
        ImVec4 colour;
        std::vector<const gb::view::ContainedProcess*> members;
    };
    std::vector<Group> groups;
    for (const auto& p : b.processes) {
        // (Not a structured binding: clang 14, the web build's, cannot capture one.)
        const auto found = process_status(p);
        const std::string& status = found.first;
        const ImVec4& colour = found.second;
        auto g = std::find_if(groups.begin(), groups.end(),
                              [&](const Group& x) { return x.status == status; });
        if (g == groups.end())
            groups.push_back({status, colour, {&p}});
        else
            g->members.push_back(&p);
    }
    float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    float gap = ImGui::CalcTextSize("  ").x, h = ImGui::GetTextLineHeight();
    bool first = true;
    for (const Group& g : groups) {
        std::string pids;
        for (const auto* p : g.members)
            pids += (pids.empty() ? "" : ", ") + std::to_string(p->ns_pid);
        std::string name = trf("pid {}", pids);
        float w = h * 0.8f * static_cast<float>(g.members.size()) + h * 0.25f +
                  ImGui::CalcTextSize((name + " " + g.status).c_str()).x;
        if (!first) {
            ImGui::SameLine(0, gap);
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        first = false;
        ImGui::PushID(g.status.c_str());
        ImGui::BeginGroup();
        for (const auto* p : g.members) {
            const gb::Process& proc = m.process(p->pid);
            ImVec2 at = ImGui::GetCursorScreenPos();
            ImGui::GetWindowDrawList()->AddRectFilled(
                ImVec2(at.x, at.y + h * 0.15f), ImVec2(at.x + h * 0.7f, at.y + h * 0.85f),
                thread_colour(proc.threads.empty() ? 0 : proc.threads.front()), h * 0.15f);
            ImGui::Dummy(ImVec2(h * 0.7f, h));
            ImGui::SameLine(0, h * 0.1f);
        }
        ImGui::SameLine(0, h * 0.15f);
        ImGui::TextUnformatted(name.c_str());
        ImGui::SameLine();
        ImGui::TextColored(g.colour, "%s", g.status.c_str());
        ImGui::EndGroup();
        if (ImGui::IsItemHovered()) {
            std::string hosts;
            for (const auto* p : g.members)
                hosts += (hosts.empty() ? "" : ", ") + std::to_string(p->pid);
            ImGui::SetTooltip("%s", trf("host pids {} · {}", hosts, g.members[0]->name).c_str());
        }
        ImGui::PopID();
    }
}

void container_box(const gb::Machine& m, const gb::view::ContainerBox& b) {
    bool oom = b.oom_kills > 0;
    begin_box(b.name.c_str());
    ImGui::TextColored(oom ? colour_fault() : colour_changed(), "%s", b.name.c_str());
    if (oom) {
        ImGui::SameLine();
        ImGui::TextColored(colour_fault(), "%s", trf("OOM killer: {} killed", b.oom_kills).c_str());
    } else if (b.throttles) {
        ImGui::SameLine();
        ImGui::TextColored(colour_warn(), "%s", trf("CPU throttles: {}", b.throttles).c_str());
    } else if (!b.cpu_quota && !b.memory_quota) {
        ImGui::SameLine();
        ImGui::TextColored(colour_dim(), "%s", tr("no quotas"));
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", trf("{} processes, {} live · {} cycles run · {} held",
                                    b.processes.size(), b.live, b.cpu_total, bytes_text(b.memory))
                                    .c_str());
    if (b.cpu_quota) cpu_bar(b);
    if (b.memory_quota) memory_bar(b);
    process_list(m, b);
    end_box(oom ? colour_fault() : colour_dim(), oom ? 3.0f : 2.0f);
}

} // namespace

void draw_containers(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("containers");
    auto boxes = gb::view::container_boxes(m);
    if (boxes.empty()) {
        hint(tr("No containers: lesson 16 starts its programs in containers."));
        return;
    }
    // Side by side when each box gets about 22 characters and its CPU bar's
    // words fit (long in Korean), else one under another.
    float need = ImGui::CalcTextSize("M").x * 22;
    for (const auto& b : boxes)
        if (b.cpu_quota)
            need = std::max(need,
                            ImGui::CalcTextSize((std::string(tr("CPU")) + cpu_text(b)).c_str()).x +
                                ImGui::GetFontSize() * 2.5f);
    int cols = std::clamp(static_cast<int>(ImGui::GetContentRegionAvail().x / need), 1,
                          static_cast<int>(boxes.size()));
    if (ImGui::BeginTable("containers", cols, ImGuiTableFlags_SizingStretchSame)) {
        for (const auto& b : boxes) {
            ImGui::TableNextColumn();
            container_box(m, b);
        }
        ImGui::EndTable();
    }
}

} // namespace gui
