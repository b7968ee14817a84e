// [SECTION] Timeline: a lane per core coloured by the running thread, and a
// lane per thread showing running / ready / blocked, with the context
// switches marked and their reasons; zoom (wheel), scroll (drag), hover
// for details. Built from the event log by the view-model.
#include "pictures.h"
#include "theme.h"
#include "ui.h"

#include "teach/timeline_density.h"

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

// Coroutine resumes and suspends (lesson 10): a hue no thread or state uses,
// outlined so it reads over any lane colour.
ImU32 coroutine_fill() {
    return current_theme() == Theme::Light ? IM_COL32(0, 0, 0, 255) : IM_COL32(190, 255, 30, 255);
}
ImU32 coroutine_outline() {
    return current_theme() == Theme::Light ? IM_COL32(255, 255, 255, 255) : IM_COL32(0, 0, 0, 255);
}
// A resume: a triangle pointing down into the lane from its top; a suspend:
// one pointing up from its bottom (as the coroutines panel's strip).
void coroutine_mark(ImDrawList* dl, float x, float top, float h, bool resume) {
    float half = h * 0.32f, tip = h * 0.5f;
    ImVec2 a = resume ? ImVec2(x - half, top) : ImVec2(x - half, top + h);
    ImVec2 b = resume ? ImVec2(x + half, top) : ImVec2(x + half, top + h);
    ImVec2 c = resume ? ImVec2(x, top + tip) : ImVec2(x, top + h - tip);
    dl->AddTriangleFilled(a, b, c, coroutine_fill());
    dl->AddTriangle(a, b, c, coroutine_outline(), 1.5f);
}

} // namespace

void draw_timeline(const gb::Machine& m, UiState& ui, Commands& out) {
    ui.visible("timeline");
    // Another machine (travel, reset): read its log from the start; else only what is new.
    if (ui.session->generation() != ui.tl.generation) {
        ui.tl.timeline.reset();
        ui.tl.generation = ui.session->generation();
    }
    const gb::view::Timeline& tl = ui.tl.timeline.update(m, words_lang());
    ui.tl.core_density.update(tl.cores, ui.tl.timeline.closed_cores(), ui.tl.timeline.epoch());
    ui.tl.thread_density.update(tl.threads, ui.tl.timeline.closed_threads(),
                                ui.tl.timeline.epoch());
    float fs = ImGui::GetFontSize();
    std::vector<gb::view::CoroutineMark> coro_marks;
    if (const auto* sw = coroutine_switches_so_far(m, ui))
        coro_marks = gb::view::coroutine_marks(tl, *sw);

    // Toolbar.
    bool zoom_in = ImGui::Button("+");
    tooltip(tr("Zoom in (or the mouse wheel over the lanes)"));
    ImGui::SameLine();
    bool zoom_out = ImGui::Button("-");
    tooltip(tr("Zoom out"));
    ImGui::SameLine();
    if (ImGui::Button(tr("Fit"))) {
        ui.tl.cycles_per_px = 0;
        ui.tl.follow = true;
    }
    tooltip(tr("Show the whole run"));
    ImGui::SameLine();
    ImGui::Checkbox(tr("follow"), &ui.tl.follow);
    tooltip(tr("Keep the newest cycles in view"));
    ImGui::SameLine();
    // The legend: every mark the lanes use, wrapping to the panel's width.
    const Palette& pal = palette();
    float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    auto legend = [&](const char* label, ImVec4 c, float band) {
        float h = ImGui::GetTextLineHeight();
        float w = h + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
        if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x * 2 + w <= right)
            ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
        ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * (0.5f - band / 2)),
                                                  ImVec2(p.x + h, p.y + h * (0.5f + band / 2)),
                                                  ImGui::GetColorU32(c));
        ImGui::Dummy(ImVec2(h, h));
        ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
        ImGui::TextUnformatted(label);
    };
    ImGui::TextColored(colour_dim(), "(?)");
    tooltip(tr("Wheel: zoom · drag: scroll · hover: details · click the overview strip or the "
               "cycle axis: travel to that cycle."));
    // A short panel (large text on a small screen) keeps its height for the
    // lanes: the legend then shows on hovering "(?)".
    size_t lane_count = m.cores.size() + tl.thread_lanes.size();
    bool short_panel = ImGui::GetContentRegionAvail().y <
                       ImGui::GetTextLineHeight() * 1.25f * static_cast<float>(lane_count + 5);
    if (short_panel) {
        std::string keys = std::string(tr("running (the thread's colour)")) + " · " + tr("ready") +
                           " · " + tr("blocked");
        for (gb::SwitchReason r :
             {gb::SwitchReason::Start, gb::SwitchReason::Timer, gb::SwitchReason::Block,
              gb::SwitchReason::Yield, gb::SwitchReason::Exit, gb::SwitchReason::Idle,
              gb::SwitchReason::Preempt})
            keys += fmt::format(" · {} {}", reason_letter(r), switch_reason(r));
        if (!coro_marks.empty())
            keys += std::string(" · ") + tr("mark at a lane's top: a coroutine resumes") + " · " +
                    tr("mark at a lane's bottom: a coroutine suspends");
        tooltip(keys.c_str());
    }
    if (!short_panel) {
        legend(tr("running (the thread's colour)"), thread_colour_v(1), 1.0f);
        legend(tr("ready"), pal.ready, 0.5f);
        legend(tr("blocked"), pal.blocked, 0.5f);
        static const gb::SwitchReason reasons[] = {
            gb::SwitchReason::Start,  gb::SwitchReason::Timer, gb::SwitchReason::Block,
            gb::SwitchReason::Yield,  gb::SwitchReason::Exit,  gb::SwitchReason::Idle,
            gb::SwitchReason::Preempt};
        // The switch letters are drawn only zoomed in (ui.tl.letters, last frame): explained then.
        for (gb::SwitchReason r : reasons) {
            if (!ui.tl.letters) break;
            std::string t = fmt::format("{} {}", reason_letter(r), switch_reason(r));
            float w = ImGui::CalcTextSize(t.c_str()).x;
            if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x * 2 + w <= right)
                ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
            ImGui::TextColored(colour_dim(), "%s", t.c_str());
        }
        // The coroutine marks (lesson 10), drawn zoomed in like the letters.
        auto coro_legend = [&](const char* label, bool resume) {
            float h = ImGui::GetTextLineHeight();
            float w = h + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
            if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x * 2 + w <= right)
                ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
            ImVec2 p = ImGui::GetCursorScreenPos();
            coroutine_mark(ImGui::GetWindowDrawList(), p.x + h * 0.5f, p.y, h, resume);
            ImGui::Dummy(ImVec2(h, h));
            ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
            ImGui::TextUnformatted(label);
        };
        if (ui.tl.letters && !coro_marks.empty()) {
            coro_legend(tr("a coroutine resumes"), true);
            coro_legend(tr("a coroutine suspends"), false);
        }
        if (!ui.tl.letters) {
            std::string t = tr("each pixel: its share of each state");
            if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x * 2 +
                    ImGui::CalcTextSize(t.c_str()).x <=
                right)
                ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
            ImGui::TextColored(colour_dim(), "%s", t.c_str());
        }
    }

    float label_w = fs * 5.5f;
    float lane_h = ImGui::GetTextLineHeight() * 1.1f;
    float gap = lane_h * 0.15f;
    size_t lanes = m.cores.size() + tl.thread_lanes.size();
    float ov_h = lane_h + gap; // the overview strip: the whole run, the visible part marked
    float content_h = static_cast<float>(lanes) * (lane_h + gap) + lane_h * 1.4f + gap + ov_h;
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
    double cpp = ui.tl.cycles_per_px > 0 ? ui.tl.cycles_per_px : fit;
    double mouse_cycle = ui.tl.start + (io.MousePos.x - origin.x - label_w) * cpp;
    auto zoom = [&](double factor, double around) {
        double ncpp = std::clamp(cpp * factor, 0.02, std::max(fit, 0.02));
        ui.tl.start = around - (around - ui.tl.start) * (ncpp / cpp);
        cpp = ncpp;
        ui.tl.cycles_per_px = ncpp >= fit ? 0 : ncpp;
    };
    if (zoom_in) zoom(0.5, ui.tl.start + width * cpp * 0.5);
    if (zoom_out) zoom(2.0, ui.tl.start + width * cpp * 0.5);
    if (hovered && io.MouseWheel != 0) {
        zoom(io.MouseWheel > 0 ? 0.8 : 1.25, mouse_cycle);
        ui.tl.follow = io.MouseWheel < 0 && ui.tl.cycles_per_px == 0;
    }
    if (hovered && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        ui.tl.start -= static_cast<double>(io.MouseDelta.x) * cpp;
        ui.tl.follow = false;
    }
    double visible = width * cpp;
    if (ui.tl.follow || ui.tl.cycles_per_px == 0)
        ui.tl.start = static_cast<double>(tl.end) - visible;
    ui.tl.start =
        std::clamp(ui.tl.start, static_cast<double>(tl.start),
                   std::max(static_cast<double>(tl.start), static_cast<double>(tl.end) - visible));
    double v0 = ui.tl.start, v1 = v0 + visible;
    auto xof = [&](double cyc) {
        return origin.x + label_w + static_cast<float>((cyc - v0) / cpp);
    };
    float xmin = origin.x + label_w, xmax = origin.x + label_w + width;
    ui.tl.rects = 0;
    ui.tl.axis_labels = 0;
    ui.tl.coroutine_marks = 0;
    ui.tl.axis_label_right = 0;
    auto rect = [&](ImVec2 a, ImVec2 b, ImU32 c) {
        dl->AddRectFilled(a, b, c);
        ++ui.tl.rects;
    };
    // More cycles than pixels: each lane as its share of each state per pixel column.
    bool dense = cpp > 2.0;
    ui.tl.letters = !dense;
    int columns = std::max(1, static_cast<int>(width));

    // The overview strip: how busy core 0 was over the whole run, and the window shown.
    {
        float oy0 = origin.y, oy1 = origin.y + ov_h * 0.85f;
        dl->AddRectFilled(ImVec2(xmin, oy0), ImVec2(xmax, oy1),
                          ImGui::GetColorU32(ImGuiCol_FrameBg));
        double s0 = static_cast<double>(tl.start),
               s1 = static_cast<double>(std::max(tl.end, tl.start + 1));
        auto ox = [&](double c) { return xmin + static_cast<float>((c - s0) / (s1 - s0)) * width; };
        for (const gb::DensityBin& b : ui.tl.core_density.bins(0, s0, s1, columns / 2))
            if (b.running > 0)
                rect(ImVec2(ox(b.start), oy1 - (oy1 - oy0) * b.running), ImVec2(ox(b.end), oy1),
                     thread_colour(b.tid, 0.8f));
        dl->AddRect(ImVec2(ox(ui.tl.start), oy0),
                    ImVec2(std::max(ox(ui.tl.start) + 2, ox(ui.tl.start + visible)), oy1),
                    ImGui::GetColorU32(ImGuiCol_Text), 0, 0, 2.0f);
        if (ImGui::CalcTextSize(tr("whole run")).x < label_w)
            dl->AddText(ImVec2(origin.x, oy0), ImGui::GetColorU32(colour_dim()), tr("whole run"));
        if (hovered && io.MousePos.y >= oy0 && io.MousePos.y < oy1 && io.MousePos.x >= xmin) {
            double c = s0 + (io.MousePos.x - xmin) / width * (s1 - s0);
            ImGui::SetTooltip("%s",
                              trf("click: travel to cycle {}", static_cast<uint64_t>(c)).c_str());
            if (ImGui::IsMouseClicked(ImGuiMouseButton_Left))
                out.go_to_cycle(static_cast<uint64_t>(c));
        }
    }

    // Time axis.
    double step = std::pow(10.0, std::floor(std::log10(std::max(1.0, visible / 6))));
    if (visible / step > 12)
        step *= 5;
    else if (visible / step > 6)
        step *= 2;
    float axis_y = origin.y + ov_h;
    if (hovered && io.MousePos.y >= axis_y && io.MousePos.y < axis_y + lane_h &&
        io.MousePos.x >= xmin) {
        ImGui::SetTooltip("%s", trf("click: travel to cycle {}",
                                    static_cast<uint64_t>(std::max(0.0, mouse_cycle)))
                                    .c_str());
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left))
            out.go_to_cycle(static_cast<uint64_t>(std::max(0.0, mouse_cycle)));
    }
    dl->PushClipRect(ImVec2(xmin, axis_y), ImVec2(xmax, origin.y + content_h), true);
    // Every label inside the lane area: one that would run past the right edge
    // moves left to end there, or is left out if it would then cover the one before.
    float label_end = -1e9f;
    for (double t = std::ceil(v0 / step) * step; t <= v1; t += step) {
        float x = xof(t);
        dl->AddLine(ImVec2(x, axis_y + lane_h * 0.9f), ImVec2(x, origin.y + content_h),
                    ImGui::GetColorU32(ImGuiCol_Border, 0.35f));
        std::string label = fmt::format("{}", static_cast<uint64_t>(t));
        float w = ImGui::CalcTextSize(label.c_str()).x;
        float lx = std::min(x + 2, xmax - w - 1);
        if (lx < label_end + fs * 0.5f || lx < xmin) continue;
        dl->AddText(ImVec2(lx, axis_y), ImGui::GetColorU32(colour_dim()), label.c_str());
        label_end = lx + w;
        ++ui.tl.axis_labels;
        ui.tl.axis_label_right = std::max(ui.tl.axis_label_right, label_end);
    }
    ui.tl.axis_right = xmax;
    dl->PopClipRect();
    dl->AddText(ImVec2(origin.x, axis_y), ImGui::GetColorU32(colour_dim()), tr("cycle"));

    std::string tip;
    float y = axis_y + lane_h * 1.1f;
    auto lane_label = [&](const std::string& text, ImU32 col) {
        dl->AddText(ImVec2(origin.x, y + (lane_h - fs) * 0.5f), col, text.c_str());
    };
    auto in_lane = [&](float ly) {
        return hovered && io.MousePos.y >= ly && io.MousePos.y < ly + lane_h;
    };
    dl->PushClipRect(ImVec2(origin.x, axis_y), ImVec2(xmax, origin.y + content_h), true);

    // Core lanes: coloured by the running thread, switch markers on top.
    for (size_t ci = 0; ci < m.cores.size(); ++ci) {
        lane_label(fmt::format("{} {}", tr("core"), ci), ImGui::GetColorU32(ImGuiCol_Text));
        dl->AddRectFilled(ImVec2(xmin, y), ImVec2(xmax, y + lane_h),
                          ImGui::GetColorU32(ImGuiCol_FrameBg));
        if (dense) {
            // Busy share per column, in the colour of the thread that ran most there.
            for (const gb::DensityBin& b :
                 ui.tl.core_density.bins(static_cast<int>(ci), v0, v1, columns)) {
                if (b.running <= 0) continue;
                float a = xof(b.start), e = std::max(a + 1, xof(b.end));
                // One thread most of the column: its colour; several: a neutral "busy".
                bool mixed = b.tid_share < b.running * 0.75f;
                rect(ImVec2(a, y + lane_h * (1 - b.running)), ImVec2(e, y + lane_h),
                     mixed ? ImGui::GetColorU32(pal.dim) : thread_colour(b.tid));
                if (in_lane(y) && io.MousePos.x >= a && io.MousePos.x < e)
                    tip = trf("core {}: busy {:.0f}% of cycles {:.0f} to {:.0f}, mostly {}", ci,
                              b.running * 100, b.start, b.end, thread_label(m, b.tid));
            }
        }
        for (const auto& s : tl.cores) {
            if (dense) break;
            if (s.lane != static_cast<int>(ci) || static_cast<double>(s.end) < v0 ||
                static_cast<double>(s.start) > v1 || !s.tid)
                continue;
            float a = std::max(xmin, xof(static_cast<double>(s.start))),
                  b = std::min(xmax, std::max(a + 1, xof(static_cast<double>(s.end))));
            rect(ImVec2(a, y), ImVec2(b, y + lane_h), thread_colour(s.tid));
            if (b - a > fs * 1.6f)
                dl->AddText(ImVec2(a + 3, y + (lane_h - fs) * 0.5f), IM_COL32(0, 0, 0, 255),
                            fmt::format("t{}", s.tid).c_str());
            if (in_lane(y) && io.MousePos.x >= a && io.MousePos.x < b)
                tip = trf("core {}: {} from cycle {} to {} ({} cycles)", ci, thread_label(m, s.tid),
                          s.start, s.end, s.end - s.start);
        }
        float last_letter = -1e9f;
        for (const auto& sw : tl.switches) {
            if (dense) break; // a switch every few pixels: the density says it
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
        if (dense) {
            // Stacked shares: running (the thread's colour) from the bottom, then ready, then
            // blocked.
            for (const gb::DensityBin& b : ui.tl.thread_density.bins(tid, v0, v1, columns)) {
                float a = xof(b.start), e = std::max(a + 1, xof(b.end));
                float yb = y + lane_h;
                auto band = [&](float share, ImU32 c) {
                    if (share <= 0) return;
                    rect(ImVec2(a, yb - lane_h * share), ImVec2(e, yb), c);
                    yb -= lane_h * share;
                };
                band(b.running, thread_colour(tid));
                band(b.ready, ImGui::GetColorU32(pal.ready));
                band(b.blocked, ImGui::GetColorU32(pal.blocked));
                if (in_lane(y) && io.MousePos.x >= a && io.MousePos.x < e)
                    tip = trf("{}: cycles {:.0f} to {:.0f}: running {:.0f}% · ready {:.0f}% · "
                              "blocked {:.0f}%",
                              thread_label(m, tid), b.start, b.end, b.running * 100, b.ready * 100,
                              b.blocked * 100);
            }
        }
        for (const auto& s : tl.threads) {
            if (dense) break;
            if (s.lane != tid || static_cast<double>(s.end) < v0 ||
                static_cast<double>(s.start) > v1)
                continue;
            float a = std::max(xmin, xof(static_cast<double>(s.start))),
                  b = std::min(xmax, std::max(a + 1, xof(static_cast<double>(s.end))));
            switch (s.state) {
            // Ready and blocked as half-height bands in their state colours.
            case gb::view::LaneState::Running:
                rect(ImVec2(a, y), ImVec2(b, y + lane_h), thread_colour(tid));
                break;
            case gb::view::LaneState::Ready:
                rect(ImVec2(a, y + lane_h * 0.25f), ImVec2(b, y + lane_h * 0.75f),
                     ImGui::GetColorU32(pal.ready));
                break;
            case gb::view::LaneState::Blocked:
                rect(ImVec2(a, y + lane_h * 0.25f), ImVec2(b, y + lane_h * 0.75f),
                     ImGui::GetColorU32(pal.blocked));
                break;
            default: break;
            }
            if (in_lane(y) && io.MousePos.x >= a && io.MousePos.x < b) {
                tip = trf("{}: {} from cycle {} to {} ({} cycles)", thread_label(m, tid),
                          lane_state(s.state), s.start, s.end, s.end - s.start);
                if (!s.why.empty()) tip += "\n" + s.why;
            }
        }
        // Coroutine resumes (top) and suspends (bottom) on the thread that switched stacks,
        // where a mark has room (as the switch letters).
        float last_mark[2] = {-1e9f, -1e9f};
        for (const gb::view::CoroutineMark& cm : coro_marks) {
            if (dense) break;
            if (cm.lane != tid || static_cast<double>(cm.cycle) < v0 ||
                static_cast<double>(cm.cycle) > v1)
                continue;
            float x = xof(static_cast<double>(cm.cycle));
            float& last = last_mark[cm.resume ? 0 : 1];
            if (x - last < lane_h * 0.8f) continue;
            last = x;
            coroutine_mark(dl, x, y, lane_h, cm.resume);
            ++ui.tl.coroutine_marks;
            bool top = io.MousePos.y < y + lane_h * 0.5f;
            if (in_lane(y) && top == cm.resume && std::abs(io.MousePos.x - x) < lane_h * 0.4f) {
                std::string where =
                    cm.line ? trf("{} (line {}): {}", cm.at, cm.line, cm.source) : cm.at;
                tip = cm.resume
                          ? trf("cycle {}: coroutine {} resumes at {}", cm.cycle, cm.number, where)
                          : trf("cycle {}: coroutine {} suspends; it will resume at {}", cm.cycle,
                                cm.number, where);
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
