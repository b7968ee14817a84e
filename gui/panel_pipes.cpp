// [SECTION] Pipes (lessons 03 and 13): each pipe's buffer as a row of cells
// — the bytes in it, oldest on the left where the reader takes them, the
// writer adding on the right — and who waits on it and for what.
#include "pictures.h"

#include "teach/pipe_view.h"

#include <algorithm>

namespace gui {

namespace {

// A line that wraps at the box's edge (begin_box): a narrow tile keeps every word.
void say(const ImVec4& colour, const std::string& text) {
    ImGui::TextColored(colour, "%s", text.c_str());
}

std::string byte_text(uint8_t b) {
    // A space is a filled cell with nothing in it; other unprintable bytes in hex.
    if (b >= 0x20 && b < 0x7f) return std::string(1, static_cast<char>(b));
    return fmt::format("{:02x}", b);
}

void buffer_cells(const gb::view::PipeBox& p) {
    float em = ImGui::CalcTextSize("M").x;
    float avail = box_room();
    size_t cells = std::min<size_t>(p.capacity, 64);
    float w = std::clamp(avail / static_cast<float>(cells), em * 0.6f, em * 2.6f);
    float h = ImGui::GetTextLineHeight() * 1.5f;
    size_t per_row = std::max<size_t>(1, static_cast<size_t>(avail / w));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p0 = ImGui::GetCursorScreenPos();
    size_t rows = (cells + per_row - 1) / per_row;
    for (size_t i = 0; i < cells; ++i) {
        ImVec2 a(p0.x + w * static_cast<float>(i % per_row),
                 p0.y + (h + 4) * static_cast<float>(i / per_row));
        ImVec2 b(a.x + w - 2, a.y + h);
        bool filled = i < p.bytes.size();
        dl->AddRectFilled(
            a, b, filled ? faded(colour_changed(), 0.45f) : ImGui::GetColorU32(ImGuiCol_FrameBg),
            2.0f);
        dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border), 2.0f);
        if (filled && w >= em * 1.2f) {
            std::string t = byte_text(p.bytes[i]);
            ImVec2 ts = ImGui::CalcTextSize(t.c_str());
            ImRect cell(a, b);
            picture_text(dl, ImVec2(a.x + (w - 2 - ts.x) * 0.5f, a.y + (h - ts.y) * 0.5f),
                         ImGui::GetColorU32(ImGuiCol_Text), t, &cell);
        }
    }
    ImGui::Dummy(ImVec2(w * static_cast<float>(std::min(per_row, cells)),
                        (h + 4) * static_cast<float>(rows)));
    if (p.capacity > cells)
        ImGui::TextColored(colour_dim(), "%s",
                           trf("(the first {} of {} bytes)", cells, p.capacity).c_str());
}

} // namespace

void draw_pipe_buffers(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("pipes");
    auto pipes = gb::view::pipe_boxes(m);
    if (pipes.empty()) {
        hint(tr("No pipes yet: a program makes one with sys pipe."));
        return;
    }
    for (const auto& p : pipes) {
        ImGui::PushID(p.id);
        begin_box("pipe");
        say(colour_changed(), trf("pipe {}", p.id));
        ImGui::SameLine();
        say(p.full() ? colour_warn() : ImGui::GetStyleColorVec4(ImGuiCol_Text),
            trf("{} of {} bytes", p.bytes.size(), p.capacity));
        say(colour_dim(), trf("written {} · read {}", p.written, p.read));
        say(colour_dim(), tr("read ← oldest … newest ← write"));
        buffer_cells(p);
        for (const auto& w : p.writers) {
            thread_chip(w.tid);
            ImGui::SameLine();
            say(colour_warn(),
                trf("waits to write: {} of {} bytes still to put in", w.left, w.asked));
        }
        for (const auto& r : p.readers) {
            thread_chip(r.tid);
            ImGui::SameLine();
            say(colour_warn(), trf("waits to read: the pipe is empty (asked for {})", r.asked));
        }
        if (p.write_ends == 0)
            say(colour_dim(), tr("every write end is closed: a read of the empty pipe returns 0"));
        else if (p.read_ends == 0)
            say(colour_fault(), tr("every read end is closed: a write fails (broken pipe)"));
        end_box(p.full() ? colour_warn() : colour_dim());
        ImGui::PopID();
    }
}

} // namespace gui
