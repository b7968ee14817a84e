// [SECTION] Timeline: a lane per core coloured by the running thread, and a
// lane per thread showing running / ready / blocked, with the context
// switches marked and their reasons; zoom (wheel), scroll (drag), hover
// for details. Built from the event log by the view-model.
#include "theme.h"
#include "ui.h"

#include <algorithm>
#include <cmath>

namespace gui {

namespace {

char reason_letter(gb::SwitchReason r) {
    switch (r) {
    case gb::SwitchReason::Start: return 'S';
    case gb::SwitchReason::Timer: return 'T';
    case gb::SwitchReason::Block: return 'B';
    case gb::SwitchReason::Yield: return 'Y';
    case gb::SwitchReason::Exit: return 'E';
    case gb::SwitchReason::Idle: return 'I';
    case gb::SwitchReason::Preempt: return 'P';
    }
    return '?';
}

const char* lane_state(gb::view::LaneState s) {
    switch (s) {
    case gb::view::LaneState::Idle: return tr("idle");
    case gb::view::LaneState::Running: return tr("running");
    case gb::view::LaneState::Ready: return tr("ready");
    case gb::view::LaneState::Blocked: return tr("blocked");
    case gb::view::LaneState::Done: return tr("done");
    }
    return "";
}

} // namespace

void draw_timeline(const gb::Machine& m, UiState& ui, Commands& out) {
    ui.visible("timeline");
    uint64_t key = ui.session->generation() * 1000003ull ^
                   (m.log.events.size() + m.log.dropped * 7) ^ (m.now << 20);
    if (key != ui.timeline_key) {
        ui.timeline = gb::view::build_timeline(m);
        ui.timeline_key = key;
    }
    const gb::view::Timeline& tl = ui.timeline;
    float fs = ImGui::GetFontSize();

    // Toolbar.
    bool zoom_in = ImGui::Button("+");
    tooltip(tr("Zoom in (or the mouse wheel over the lanes)"));
    ImGui::SameLine();
    bool zoom_out = ImGui::Button("-");
    tooltip(tr("Zoom out"));
    ImGui::SameLine();
    if (ImGui::Button(tr("Fit"))) {
        ui.tl_cycles_per_px = 0;
        ui.tl_follow = true;
    }
    tooltip(tr("Show the whole run"));
    ImGui::SameLine();
    ImGui::Checkbox(tr("follow"), &ui.tl_follow);
    tooltip(tr("Keep the newest cycles in view"));
    ImGui::SameLine();
    ImGui::TextColored(colour_dim(), "(?)");
    tooltip(
        tr("Switch markers on the core lanes: S start · T timer (time slice over) · B block · Y "
           "yield · E exit · I idle · P preempted. Wheel: zoom · drag: scroll · hover: details."));
    ImGui::SameLine();
    // Thread lane legend.
    auto legend = [&](const char* label, ImVec4 c) {
        ImVec2 p = ImGui::GetCursorScreenPos();
        float h = ImGui::GetTextLineHeight();
        ImGui::GetWindowDrawList()->AddRectFilled(
            ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + h, p.y + h * 0.8f), ImGui::GetColorU32(c));
        ImGui::Dummy(ImVec2(h, h));
        ImGui::SameLine();
        ImGui::TextUnformatted(label);
        ImGui::SameLine();
    };
    legend(tr("running"), thread_colour_v(1));
    legend(tr("ready"), thread_colour_v(1, 0.3f));
    legend(tr("blocked"), colour_fault());
    ImGui::NewLine();

    float label_w = fs * 5.5f;
    float lane_h = ImGui::GetTextLineHeight() * 1.1f;
    float gap = lane_h * 0.15f;
    size_t lanes = m.cores.size() + tl.thread_lanes.size();
    float content_h = static_cast<float>(lanes) * (lane_h + gap) + lane_h * 1.4f + gap;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    if (!ImGui::BeginChild("lanes", ImVec2(0, std::max(avail.y, fs * 3)), false)) {
        ImGui::EndChild();
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float width = std::max(10.0f, ImGui::GetContentRegionAvail().x - label_w);
    ImGui::InvisibleButton("canvas", ImVec2(label_w + width, content_h));
    bool hovered = ImGui::IsItemHovered();
    ImGuiIO& io = ImGui::GetIO();

    // The view: [view0, view0 + width * cpp) cycles.
    double span = static_cast<double>(std::max<uint64_t>(1, tl.end - tl.start));
    double fit = span / static_cast<double>(width);
    double cpp = ui.tl_cycles_per_px > 0 ? ui.tl_cycles_per_px : fit;
    double mouse_cycle = ui.tl_start + (io.MousePos.x - origin.x - label_w) * cpp;
    auto zoom = [&](double factor, double around) {
        double ncpp = std::clamp(cpp * factor, 0.02, std::max(fit, 0.02));
        ui.tl_start = around - (around - ui.tl_start) * (ncpp / cpp);
        cpp = ncpp;
        ui.tl_cycles_per_px = ncpp >= fit ? 0 : ncpp;
    };
    if (zoom_in) zoom(0.5, ui.tl_start + width * cpp * 0.5);
    if (zoom_out) zoom(2.0, ui.tl_start + width * cpp * 0.5);
    if (hovered && io.MouseWheel != 0) {
        zoom(io.MouseWheel > 0 ? 0.8 : 1.25, mouse_cycle);
        ui.tl_follow = io.MouseWheel < 0 && ui.tl_cycles_per_px == 0;
    }
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && mouse_cycle >= 0)
        out.go_to_cycle(static_cast<uint64_t>(mouse_cycle)); // time travel to that moment
    if (hovered && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        ui.tl_start -= static_cast<double>(io.MouseDelta.x) * cpp;
        ui.tl_follow = false;
    }
    double visible = width * cpp;
    if (ui.tl_follow || ui.tl_cycles_per_px == 0)
        ui.tl_start = static_cast<double>(tl.end) - visible;
    ui.tl_start =
        std::clamp(ui.tl_start, static_cast<double>(tl.start),
                   std::max(static_cast<double>(tl.start), static_cast<double>(tl.end) - visible));
    double v0 = ui.tl_start, v1 = v0 + visible;
    auto xof = [&](double cyc) {
        return origin.x + label_w + static_cast<float>((cyc - v0) / cpp);
    };
    float xmin = origin.x + label_w, xmax = origin.x + label_w + width;

    // Time axis.
    double step = std::pow(10.0, std::floor(std::log10(std::max(1.0, visible / 6))));
    if (visible / step > 12)
        step *= 5;
    else if (visible / step > 6)
        step *= 2;
    float axis_y = origin.y;
    dl->PushClipRect(ImVec2(xmin, origin.y), ImVec2(xmax, origin.y + content_h), true);
    for (double t = std::ceil(v0 / step) * step; t <= v1; t += step) {
        float x = xof(t);
        dl->AddLine(ImVec2(x, axis_y + lane_h * 0.9f), ImVec2(x, origin.y + content_h),
                    ImGui::GetColorU32(ImGuiCol_Border, 0.35f));
        dl->AddText(ImVec2(x + 2, axis_y), ImGui::GetColorU32(colour_dim()),
                    fmt::format("{}", static_cast<uint64_t>(t)).c_str());
    }
    dl->PopClipRect();
    dl->AddText(ImVec2(origin.x, axis_y), ImGui::GetColorU32(colour_dim()), tr("cycle"));

    std::string tip;
    float y = origin.y + lane_h * 1.1f;
    auto lane_label = [&](const std::string& text, ImU32 col) {
        dl->AddText(ImVec2(origin.x, y + (lane_h - fs) * 0.5f), col, text.c_str());
    };
    auto in_lane = [&](float ly) {
        return hovered && io.MousePos.y >= ly && io.MousePos.y < ly + lane_h;
    };
    dl->PushClipRect(ImVec2(origin.x, origin.y), ImVec2(xmax, origin.y + content_h), true);

    // Core lanes: coloured by the running thread, switch markers on top.
    for (size_t ci = 0; ci < m.cores.size(); ++ci) {
        lane_label(fmt::format("{} {}", tr("core"), ci), ImGui::GetColorU32(ImGuiCol_Text));
        dl->AddRectFilled(ImVec2(xmin, y), ImVec2(xmax, y + lane_h),
                          ImGui::GetColorU32(ImGuiCol_FrameBg));
        for (const auto& s : tl.cores) {
            if (s.lane != static_cast<int>(ci) || static_cast<double>(s.end) < v0 ||
                static_cast<double>(s.start) > v1 || !s.tid)
                continue;
            float a = std::max(xmin, xof(static_cast<double>(s.start))),
                  b = std::min(xmax, std::max(a + 1, xof(static_cast<double>(s.end))));
            dl->AddRectFilled(ImVec2(a, y), ImVec2(b, y + lane_h), thread_colour(s.tid));
            if (b - a > fs * 1.6f)
                dl->AddText(ImVec2(a + 3, y + (lane_h - fs) * 0.5f), IM_COL32(0, 0, 0, 255),
                            fmt::format("t{}", s.tid).c_str());
            if (in_lane(y) && io.MousePos.x >= a && io.MousePos.x < b)
                tip = trf("core {}: {} from cycle {} to {} ({} cycles)", ci, thread_label(m, s.tid),
                          s.start, s.end, s.end - s.start);
        }
        float last_letter = -1e9f;
        for (const auto& sw : tl.switches) {
            if (sw.core != static_cast<int>(ci) || static_cast<double>(sw.cycle) < v0 ||
                static_cast<double>(sw.cycle) > v1)
                continue;
            float x = xof(static_cast<double>(sw.cycle));
            dl->AddLine(ImVec2(x, y - 2), ImVec2(x, y + lane_h + 2),
                        ImGui::GetColorU32(ImGuiCol_Text), 1.5f);
            if (x - last_letter > fs * 0.9f) {
                char letter[2] = {reason_letter(sw.reason), 0};
                dl->AddText(ImVec2(x + 1, y + lane_h - fs * 0.95f),
                            ImGui::GetColorU32(ImGuiCol_Text), letter);
                last_letter = x;
            }
            if (in_lane(y) && std::abs(io.MousePos.x - x) < 4)
                tip = trf("cycle {}: core {} switched {} → {} ({})", sw.cycle, ci,
                          sw.from_tid ? fmt::format("t{}", sw.from_tid) : tr("idle"),
                          sw.to_tid ? fmt::format("t{}", sw.to_tid) : tr("idle"),
                          switch_reason(sw.reason));
        }
        y += lane_h + gap;
    }
    dl->AddLine(ImVec2(origin.x, y - gap * 0.5f), ImVec2(xmax, y - gap * 0.5f),
                ImGui::GetColorU32(ImGuiCol_Separator));

    // Thread lanes: running (solid), ready (faint), blocked (red band).
    for (int tid : tl.thread_lanes) {
        lane_label(fmt::format("t{} {}", tid, m.thread(tid).name), thread_colour(tid));
        for (const auto& s : tl.threads) {
            if (s.lane != tid || static_cast<double>(s.end) < v0 ||
                static_cast<double>(s.start) > v1)
                continue;
            float a = std::max(xmin, xof(static_cast<double>(s.start))),
                  b = std::min(xmax, std::max(a + 1, xof(static_cast<double>(s.end))));
            switch (s.state) {
            case gb::view::LaneState::Running:
                dl->AddRectFilled(ImVec2(a, y), ImVec2(b, y + lane_h), thread_colour(tid));
                break;
            case gb::view::LaneState::Ready:
                dl->AddRectFilled(ImVec2(a, y + lane_h * 0.3f), ImVec2(b, y + lane_h * 0.7f),
                                  thread_colour(tid, 0.35f));
                break;
            case gb::view::LaneState::Blocked: {
                ImVec4 c = colour_fault();
                c.w = 0.6f;
                dl->AddRectFilled(ImVec2(a, y + lane_h * 0.4f), ImVec2(b, y + lane_h * 0.6f),
                                  ImGui::GetColorU32(c));
                break;
            }
            default: break;
            }
            if (in_lane(y) && io.MousePos.x >= a && io.MousePos.x < b) {
                tip = trf("{}: {} from cycle {} to {} ({} cycles)", thread_label(m, tid),
                          lane_state(s.state), s.start, s.end, s.end - s.start);
                if (!s.why.empty()) tip += "\n" + s.why;
            }
        }
        y += lane_h + gap;
    }
    dl->PopClipRect();
    if (!tip.empty()) ImGui::SetTooltip("%s", tip.c_str());
    if (tl.switches.empty() && tl.thread_lanes.empty())
        dl->AddText(ImVec2(xmin + fs, origin.y + lane_h * 1.3f), ImGui::GetColorU32(colour_dim()),
                    tr("Nothing has run yet: press F10 to step or F5 to run."));
    ImGui::EndChild();
}

} // namespace gui
