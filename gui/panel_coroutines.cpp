// [SECTION] Coroutines (lesson 10): each coroutine's frame — its record and
// stack on the heap, the registers it saved at its last yield, and the line
// it will resume at — and which one the thread is running now.
#include "pictures.h"

#include "teach/coroutine_view.h"

#include <algorithm>
#include <optional>

namespace gui {

namespace {

// The panel's own state: the replay of resumes and suspends, carried on as the run goes.
struct CoroutinesUi {
    const gb::Machine* start = nullptr;
    uint64_t start_now = 0;
    gb::view::CoroutineReplay replay;
};
CoroutinesUi g_coro;

// A strip per coroutine across the run so far: where it ran (between a
// resume and the next suspend), with a mark at each resume and suspend.
void switch_strip(const gb::Machine& m, const std::vector<gb::view::CoroutineSwitch>& sw, int count,
                  UiState& ui) {
    ui.coroutine_strip_marks = 0;
    if (sw.empty() || m.now == 0) return;
    ImGui::TextUnformatted(tr("Resumes and suspends over time"));
    float line = ImGui::GetTextLineHeight();
    float label_w = ImGui::CalcTextSize(trf("coroutine {}", count).c_str()).x + line * 0.5f;
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    float w = ImGui::GetContentRegionAvail().x - label_w - line * 0.5f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto x_of = [&](uint64_t c) {
        return p0.x + label_w + w * static_cast<float>(c) / static_cast<float>(m.now);
    };
    ImU32 run = ImGui::GetColorU32(colour_state(gb::ThreadState::Running));
    ImU32 warn = ImGui::GetColorU32(colour_warn());
    for (int n = 1; n <= count; ++n) {
        float y = p0.y + static_cast<float>(n - 1) * (line * 1.4f);
        picture_text(dl, ImVec2(p0.x, y), ImGui::GetColorU32(ImGuiCol_Text),
                     trf("coroutine {}", n));
        dl->AddRectFilled(ImVec2(x_of(0), y + line * 0.35f), ImVec2(x_of(m.now), y + line * 0.65f),
                          ImGui::GetColorU32(ImGuiCol_FrameBg));
        std::optional<uint64_t> from;
        for (const auto& s : sw) {
            if (s.number != n) continue;
            ++ui.coroutine_strip_marks;
            float x = x_of(s.cycle);
            if (s.resume) {
                from = s.cycle;
                dl->AddTriangleFilled(ImVec2(x - line * 0.3f, y), ImVec2(x + line * 0.3f, y),
                                      ImVec2(x, y + line * 0.35f), run);
            } else {
                if (from)
                    dl->AddRectFilled(ImVec2(x_of(*from), y + line * 0.25f),
                                      ImVec2(x, y + line * 0.75f), run);
                from.reset();
                dl->AddTriangleFilled(ImVec2(x - line * 0.3f, y + line),
                                      ImVec2(x + line * 0.3f, y + line),
                                      ImVec2(x, y + line * 0.65f), warn);
            }
        }
        if (from)
            dl->AddRectFilled(ImVec2(x_of(*from), y + line * 0.25f),
                              ImVec2(x_of(m.now), y + line * 0.75f), run);
    }
    ImGui::Dummy(ImVec2(label_w + w, static_cast<float>(count) * line * 1.4f));
    int resumes = 0;
    for (const auto& s : sw)
        resumes += s.resume;
    std::string counts = trf("resumes {} (marks above) · suspends {} (below)", resumes,
                             sw.size() - static_cast<size_t>(resumes));
    hint(counts.c_str());
}

void frame_box(const gb::view::CoroutineFrame& f) {
    using St = gb::view::CoroutineState;
    bool running = f.state == St::Running;
    begin_box("frame");
    ImGui::TextColored(running ? colour_state(gb::ThreadState::Running) : colour_changed(), "%s",
                       trf("coroutine {}", f.number).c_str());
    ImGui::SameLine();
    switch (f.state) {
    case St::Running:
        ImGui::TextColored(colour_state(gb::ThreadState::Running), "%s",
                           trf("running on t{}", f.tid).c_str());
        break;
    case St::NotStarted: ImGui::TextColored(colour_warn(), "%s", tr("not started yet")); break;
    case St::Suspended: ImGui::TextColored(colour_warn(), "%s", tr("suspended")); break;
    case St::Done: ImGui::TextColored(colour_dim(), "%s", tr("done: its function returned")); break;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(
            "%s", trf("its record and stack: {} bytes on the heap at 0x{:05x}", f.size, f.record)
                      .c_str());
    if (!running && f.state != St::Done) {
        ImGui::TextColored(colour_dim(), "%s",
                           trf("resumes at {} (line {}):", f.resume_at, f.resume_line).c_str());
        ImGui::TextUnformatted(("  " + f.resume_src).c_str());
        // The saved registers, as the code names them: r5 first (func's local), fp last.
        std::string regs;
        for (auto it = f.saved.rbegin(); it != f.saved.rend(); ++it) {
            bool addr = it->name == "fp" || it->name == "sp" || it->value > 0xffff;
            regs += fmt::format("{}{}={}", regs.empty() ? "" : "  ", it->name,
                                addr ? fmt::format("0x{:05x}", it->value)
                                     : std::to_string(static_cast<int32_t>(it->value)));
        }
        ImGui::TextColored(colour_dim(), "%s", tr("saved:"));
        ImGui::SameLine();
        ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + ImGui::GetContentRegionAvail().x -
                               ImGui::GetStyle().FramePadding.x * 2);
        ImGui::TextWrapped("%s", regs.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::TextUnformatted(tr("its stack"));
    ImGui::SameLine();
    fill_bar(static_cast<float>(f.stack_used) / static_cast<float>(f.size),
             trf("{} of {} bytes used", f.stack_used, f.size),
             running ? colour_state(gb::ThreadState::Running) : colour_warn());
    end_box(running ? colour_state(gb::ThreadState::Running) : colour_dim(), running ? 3.0f : 2.0f);
}

} // namespace

void draw_coroutines(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("coroutines");
    const gb::Lesson* lesson = ui.lesson();
    if (!lesson || !lesson->coroutines) {
        hint(tr("Open lesson 10 to see its coroutines."));
        return;
    }
    auto frames = gb::view::coroutine_frames(m, *lesson->coroutines);
    if (frames.empty()) {
        // After the program has ended its frames are gone with its memory;
        // what they did stays on the strip.
        const auto& sw = *coroutine_switches_so_far(m, ui);
        int count = 0;
        for (const auto& s : sw)
            count = std::max(count, s.number);
        std::string text =
            count ? trf("The program has ended: its {} coroutines' frames were freed with its "
                        "memory. What they did:",
                        count)
                  : std::string(tr("No coroutine yet: co_create makes one on the heap."));
        hint(text.c_str());
        switch_strip(m, sw, count, ui);
        return;
    }
    bool any_running = false;
    for (const auto& f : frames)
        any_running = any_running || f.state == gb::view::CoroutineState::Running;
    ImGui::TextColored(colour_dim(), "%s",
                       any_running ? tr("SP is on a coroutine's stack (on the heap)")
                                   : tr("SP is on the thread's own stack"));
    for (const auto& f : frames) {
        ImGui::PushID(static_cast<int>(f.record));
        frame_box(f);
        ImGui::PopID();
    }
    switch_strip(m, *coroutine_switches_so_far(m, ui), static_cast<int>(frames.size()), ui);
}

const std::vector<gb::view::CoroutineSwitch>* coroutine_switches_so_far(const gb::Machine& m,
                                                                        UiState& ui) {
    const gb::Lesson* lesson = ui.lesson();
    if (!lesson || !lesson->coroutines) return nullptr;
    // Replayed once, then carried on frame by frame (a restart starts it over).
    const gb::Machine& start = ui.session->initial_machine();
    if (g_coro.start != &start || g_coro.start_now != start.now) {
        g_coro.replay = {};
        g_coro.start = &start;
        g_coro.start_now = start.now;
    }
    gb::view::coroutine_replay_to(g_coro.replay, start, m.instructions, *lesson->coroutines);
    return &g_coro.replay.switches;
}

} // namespace gui
