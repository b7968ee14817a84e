// [SECTION] Pool sizing (lesson 06): the experiment the lesson used to ask
// students to do by hand — run the pool with 1, 2, ... workers and plot the
// throughput — run here in slices (a progress bar, never a frozen window)
// and drawn as a chart with the rule of thumb N × (1 + WT/CT) marked.
#include "pictures.h"

#include "teach/pool_sizing.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace gui {

namespace {

// The panel's own state: the experiment, and which lesson it was run for.
struct SizingUi {
    gb::PoolSizing exp;
    std::string lesson_id;
    bool started = false;
};
SizingUi g_sizing;

// Runs slices of the experiment for about 8 ms of this frame (all of it when headless).
void run_slices(bool headless) {
    auto t0 = std::chrono::steady_clock::now();
    while (!g_sizing.exp.finished()) {
        g_sizing.exp.advance(20'000);
        if (headless) continue;
        if (std::chrono::steady_clock::now() - t0 > std::chrono::milliseconds(8)) break;
    }
}

void chart(const gb::PoolSizing& exp, int to) {
    const auto& pts = exp.points();
    ImVec2 avail = ImGui::GetContentRegionAvail();
    float line = ImGui::GetTextLineHeight();
    float h = std::max(avail.y - line * 0.5f, line * 8);
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    float left = ImGui::CalcTextSize("00.0").x + line * 0.8f, bottom = line * 2.6f;
    ImVec2 a(p0.x + left, p0.y + line * 0.5f), b(p0.x + avail.x - line, p0.y + h - bottom);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImU32 axis = ImGui::GetColorU32(ImGuiCol_Text), dim = ImGui::GetColorU32(colour_dim());
    double top = 1;
    for (const auto& p : pts)
        top = std::max(top, p.throughput);
    top = std::ceil(top * 1.4); // room above the points for the rule's label
    auto x_of = [&](double w) {
        return a.x + (b.x - a.x) * static_cast<float>((w - 0.5) / (to + 0.5 - 0.5));
    };
    auto y_of = [&](double t) { return b.y - (b.y - a.y) * static_cast<float>(t / top); };
    dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), axis, 2);
    dl->AddLine(ImVec2(a.x, a.y), ImVec2(a.x, b.y), axis, 2);
    for (int w = 1; w <= to; ++w) {
        std::string t = std::to_string(w);
        ImVec2 ts = ImGui::CalcTextSize(t.c_str());
        picture_text(dl, ImVec2(x_of(w) - ts.x / 2, b.y + 4), axis, t);
    }
    for (int k = 0; k <= 2; ++k) {
        double v = top * k / 2;
        std::string t = fmt::format("{:.1f}", v);
        ImVec2 ts = ImGui::CalcTextSize(t.c_str());
        picture_text(dl, ImVec2(a.x - ts.x - 6, y_of(v) - ts.y / 2), dim, t);
    }
    std::string yl = tr("tasks per 1000 cycles");
    picture_text(dl, ImVec2(a.x + 6, a.y), dim, yl);
    std::string xl = tr("workers");
    picture_text(dl,
                 ImVec2((a.x + b.x) / 2 - ImGui::CalcTextSize(xl.c_str()).x / 2, b.y + line * 1.3f),
                 dim, xl);
    // The rule of thumb, a vertical line.
    if (auto rule = exp.rule_of_thumb()) {
        float x = x_of(std::clamp(*rule, 0.5, to + 0.5));
        ImU32 warn = ImGui::GetColorU32(colour_warn());
        for (float y = a.y; y < b.y; y += 14)
            dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 8, b.y)), warn, 3);
        std::string t = trf("N×(1+WT/CT) = {:.1f}", *rule);
        float tx = std::min(x + 6, b.x - ImGui::CalcTextSize(t.c_str()).x);
        // Under the curve, right of the line: the points there sit high (past the peak).
        picture_text(dl, ImVec2(tx, b.y - line * 1.3f), warn, t);
    }
    // The measured points, joined.
    ImU32 ok = ImGui::GetColorU32(colour_changed());
    for (size_t i = 0; i < pts.size(); ++i) {
        ImVec2 q(x_of(pts[i].workers), y_of(pts[i].throughput));
        if (i > 0)
            dl->AddLine(ImVec2(x_of(pts[i - 1].workers), y_of(pts[i - 1].throughput)), q, ok, 3);
        dl->AddCircleFilled(q, line * 0.3f, ok);
    }
    ImGui::Dummy(ImVec2(avail.x, h));
    // Hover: the figures of the nearest point.
    if (ImGui::IsItemHovered() && !pts.empty()) {
        float mx = ImGui::GetIO().MousePos.x;
        const gb::SizingPoint* near = &pts[0];
        for (const auto& p : pts)
            if (std::abs(x_of(p.workers) - mx) < std::abs(x_of(near->workers) - mx)) near = &p;
        ImGui::SetTooltip("%s", trf("{} workers: {} tasks in {} cycles = {:.2f} per 1000 cycles",
                                    near->workers, near->tasks, near->cycles, near->throughput)
                                    .c_str());
    }
}

} // namespace

void draw_sizing(const gb::Machine&, UiState& ui, Commands&) {
    ui.visible("sizing");
    const gb::Lesson* lesson = ui.lesson();
    if (!lesson || !lesson->pool || lesson->pool->size_to == 0) {
        hint(tr("Open lesson 6 to run its pool sizing experiment."));
        return;
    }
    // It starts by itself the first time the panel is seen for this lesson (it is short).
    if (!g_sizing.started || g_sizing.lesson_id != lesson->id) {
        g_sizing.exp.start(*lesson);
        g_sizing.lesson_id = lesson->id;
        g_sizing.started = true;
    }
    gb::PoolSizing& exp = g_sizing.exp;
    if (exp.running()) run_slices(ui.headless);
    const int to = lesson->pool->size_to;
    if (!exp.error().empty()) {
        ImGui::TextColored(colour_fault(), "%s", exp.error().c_str());
        return;
    }
    if (exp.running()) {
        fill_bar(static_cast<float>(exp.progress()),
                 trf("running {} of {}", exp.points().size() + 1, to - lesson->pool->size_from + 1),
                 colour_ok());
    } else {
        if (ImGui::Button(tr("Run again"))) {
            exp.start(*lesson);
        }
        ImGui::SameLine();
        if (auto rule = exp.rule_of_thumb())
            ImGui::TextColored(colour_dim(), "%s",
                               trf("N = {} · WT = {:.0f} · CT = {:.0f} · peak at {}", exp.cores(),
                                   exp.wait_cycles(), exp.compute_cycles(), exp.best_workers())
                                   .c_str());
    }
    chart(exp, to);
}

} // namespace gui
