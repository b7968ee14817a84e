// [SECTION] Thread pool (lesson 06): the task queue as a strip of slots —
// taken ones dim, waiting ones bright, a held task in its worker's colour —
// and one row per worker with the task it holds and what it is doing.
#include "pictures.h"

#include "teach/pool_view.h"

#include <algorithm>

namespace gui {

namespace {

const char* doing_text(gb::view::WorkerDoing d) {
    switch (d) {
    case gb::view::WorkerDoing::Computing: return tr("computing");
    case gb::view::WorkerDoing::Waiting: return tr("waiting for its I/O");
    case gb::view::WorkerDoing::Idle: return tr("no task: waits for one");
    case gb::view::WorkerDoing::Stopped: return tr("stopped");
    }
    return "";
}

ImVec4 doing_colour(gb::view::WorkerDoing d) {
    switch (d) {
    case gb::view::WorkerDoing::Computing: return colour_state(gb::ThreadState::Running);
    case gb::view::WorkerDoing::Waiting: return colour_state(gb::ThreadState::Blocked);
    default: return colour_dim();
    }
}

// One slot of the queue: a framed cell with the task number ("stop" for a stop marker).
void slot_cell(int32_t task, float w, bool taken, int holder) {
    float h = ImGui::GetTextLineHeight() * 1.3f;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImU32 fill = holder  ? thread_colour(holder, 0.85f)
                 : taken ? ImGui::GetColorU32(ImGuiCol_FrameBg)
                         : faded(colour_changed(), 0.35f);
    dl->AddRectFilled(p, ImVec2(p.x + w - 3, p.y + h), fill, 3.0f);
    dl->AddRect(p, ImVec2(p.x + w - 3, p.y + h), ImGui::GetColorU32(ImGuiCol_Border), 3.0f);
    std::string text = task < 0 ? std::string(tr("stop")) : std::to_string(task);
    ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    ImVec4 col = taken && !holder ? colour_dim() : ImGui::GetStyleColorVec4(ImGuiCol_Text);
    ImRect cell(p, ImVec2(p.x + w - 3, p.y + h));
    picture_text(dl, ImVec2(p.x + (w - 3 - ts.x) * 0.5f, p.y + (h - ts.y) * 0.5f),
                 ImGui::GetColorU32(col), text, &cell);
    ImGui::Dummy(ImVec2(w, h));
}

void queue_strip(const gb::view::PoolPicture& pic) {
    // One row of slots: the last few taken ones, then the waiting ones.
    float w = ImGui::CalcTextSize("stop").x + ImGui::GetStyle().FramePadding.x * 2;
    float avail = ImGui::GetContentRegionAvail().x;
    int per_row = std::max(4, static_cast<int>(avail / w));
    size_t room = static_cast<size_t>(per_row);
    size_t taken_shown = std::min<size_t>(pic.head, std::max<size_t>(room / 3, 2));
    size_t first = pic.head - taken_shown;
    size_t last = std::min(pic.slots.size(), first + room);
    int col = 0;
    for (size_t i = first; i < last; ++i) {
        int holder = 0;
        for (const auto& wk : pic.workers)
            if (wk.task && *wk.task == pic.slots[i] && i < pic.head) holder = wk.tid;
        if (col > 0) ImGui::SameLine(0, 0);
        slot_cell(pic.slots[i], w, i < pic.head, holder);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", trf("slot {}: task {}", i, pic.slots[i]).c_str());
        col = (col + 1) % per_row;
    }
    if (first > 0 || last < pic.slots.size()) {
        // Wrapped: at x3 in Korean the sentence is wider than the tile.
        ImGui::PushStyleColor(ImGuiCol_Text, colour_dim());
        ImGui::TextWrapped("%s", trf("slots {} to {} of {} (the queue goes on to the right)", first,
                                     last - 1, pic.slots.size())
                                     .c_str());
        ImGui::PopStyleColor();
    }
    if (pic.slots.empty()) ImGui::TextColored(colour_dim(), "%s", tr("(empty)"));
}

} // namespace

void draw_pool(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("pool");
    const gb::Lesson* lesson = ui.lesson();
    if (!lesson || !lesson->pool) {
        hint(tr("Open lesson 6 to see its thread pool."));
        return;
    }
    gb::view::PoolPicture pic = gb::view::pool_picture(m, *lesson->pool);
    if (!pic.error.empty()) {
        hint(pic.error.c_str());
        return;
    }
    ImGui::TextColored(colour_changed(), "%s", trf("Queue: {} waiting", pic.waiting()).c_str());
    flow_text(trf("· taken {} · done {}", pic.head, pic.done), colour_dim());
    queue_strip(pic);
    for (const auto& w : pic.workers) {
        ImGui::PushID(w.tid);
        thread_chip(w.tid);
        ImGui::SameLine();
        if (w.task) {
            ImGui::Text("%s", trf("task {}", *w.task).c_str());
            ImGui::SameLine();
        }
        ImGui::TextColored(doing_colour(w.doing), "%s", doing_text(w.doing));
        ImGui::PopID();
    }
    if (pic.workers.empty()) hint(tr("No workers yet: main starts them first."));
}

} // namespace gui
