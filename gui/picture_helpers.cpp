// [SECTION] Drawing pieces shared by the lesson pictures (pictures.h).
#include "pictures.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <vector>

namespace gui {

namespace {
struct OpenBox {
    ImVec2 start;
    float right = 0; // the box spans the width available when it began
};
std::vector<OpenBox> open_boxes; // nested begin_box/end_box

// Picture text that did not fit where it was drawn, until note_picture_text.
struct CutText {
    std::string text;
    ImRect rect, room;
};
std::vector<CutText> cut_texts;
} // namespace

ImVec2 picture_text(ImDrawList* dl, ImVec2 pos, ImU32 colour, const std::string& text,
                    const ImRect* box) {
    dl->AddText(pos, colour, text.c_str());
    ImVec2 size = ImGui::CalcTextSize(text.c_str());
    ImRect r(pos, ImVec2(pos.x + size.x, pos.y + size.y));
    // Across: what the window shows and the draw list clips to (a scrolled
    // window shows the rest further down, so only a box limits the height).
    const ImGuiWindow* w = ImGui::GetCurrentWindow();
    ImRect room(ImMax(w->InnerClipRect.Min.x, dl->GetClipRectMin().x), -FLT_MAX,
                ImMin(w->InnerClipRect.Max.x, dl->GetClipRectMax().x), FLT_MAX);
    if (box) room.ClipWith(*box);
    // Half a pixel of slack: rounding, not a glyph.
    if (r.Min.x < room.Min.x - 0.5f || r.Max.x > room.Max.x + 0.5f || r.Min.y < room.Min.y - 0.5f ||
        r.Max.y > room.Max.y + 0.5f)
        cut_texts.push_back({text, r, room});
    return size;
}

void note_picture_text(UiState& ui) {
    for (const CutText& c : cut_texts) {
        ImVec2 clip_min(c.room.Min.x, c.room.Min.y == -FLT_MAX ? c.rect.Min.y : c.room.Min.y);
        ImVec2 clip_max(c.room.Max.x, c.room.Max.y == FLT_MAX ? c.rect.Max.y : c.room.Max.y);
        ui.layout_items.push_back({"clipped", "picture text '" + c.text + "'", ui.current_panel,
                                   c.rect.Min, c.rect.Max, clip_min, clip_max});
    }
    cut_texts.clear();
}

void fill_bar(float fraction, const std::string& text, ImVec4 colour, float marker, float width) {
    float h = ImGui::GetTextLineHeight() * 1.25f;
    // Inside a box, stop short of its right edge.
    float inset = ImGui::GetStyle().FramePadding.x * 2 * static_cast<float>(open_boxes.size()) + 6;
    float w =
        width > 0 ? width : ImGui::GetContentRegionAvail().x - (open_boxes.empty() ? 0 : inset);
    w = std::max(w, h * 2);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 q(p.x + w, p.y + h);
    dl->AddRectFilled(p, q, ImGui::GetColorU32(ImGuiCol_FrameBg), h * 0.2f);
    float f = std::clamp(fraction, 0.0f, 1.0f);
    if (f > 0) dl->AddRectFilled(p, ImVec2(p.x + w * f, q.y), faded(colour, 0.6f), h * 0.2f);
    if (marker >= 0) {
        float x = p.x + w * std::clamp(marker, 0.0f, 1.0f);
        dl->AddLine(ImVec2(x, p.y - 2), ImVec2(x, q.y + 2), ImGui::GetColorU32(ImGuiCol_Text),
                    3.0f);
    }
    dl->AddRect(p, q, ImGui::GetColorU32(ImGuiCol_Border), h * 0.2f, 0, 1.5f);
    // Longer than the bar: shortened, the whole text on hover.
    std::string shown = fit_label(text, w - 8);
    ImVec2 ts = ImGui::CalcTextSize(shown.c_str());
    ImVec2 tp(p.x + std::max(4.0f, (w - ts.x) * 0.5f), p.y + (h - ts.y) * 0.5f);
    // Text on a dark outline so it reads on the filled and the empty part alike.
    for (float dx : {-1.0f, 1.0f})
        for (float dy : {-1.0f, 1.0f})
            dl->AddText(ImVec2(tp.x + dx, tp.y + dy), IM_COL32(0, 0, 0, 200), shown.c_str());
    ImRect bar(p, q);
    picture_text(dl, tp, IM_COL32(255, 255, 255, 255), shown, &bar);
    ImGui::Dummy(ImVec2(w, h));
    if (shown.size() != text.size() && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", text.c_str());
}

void begin_box(const char* id) {
    ImGui::PushID(id);
    float pad = ImGui::GetStyle().FramePadding.x * 2;
    ImVec2 a = ImGui::GetCursorScreenPos();
    open_boxes.push_back({a, a.x + ImGui::GetContentRegionAvail().x - 6}); // inside the clip
    ImGui::SetCursorScreenPos(ImVec2(a.x + pad, a.y + pad));
    ImGui::BeginGroup();
    // Text inside wraps before the box's right edge (window-local x).
    const ImGuiWindow* w = ImGui::GetCurrentWindow();
    ImGui::PushTextWrapPos(open_boxes.back().right - pad - w->Pos.x + w->Scroll.x);
}

float box_room() {
    if (open_boxes.empty()) return ImGui::GetContentRegionAvail().x;
    float pad = ImGui::GetStyle().FramePadding.x * 2;
    return std::max(0.0f, open_boxes.back().right - pad - ImGui::GetCursorScreenPos().x);
}

void end_box(ImVec4 border, float thickness) {
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    float pad = ImGui::GetStyle().FramePadding.x * 2;
    OpenBox box = open_boxes.back();
    open_boxes.pop_back();
    ImVec2 a = box.start, b = ImGui::GetItemRectMax();
    b.x = std::max(b.x + pad, box.right);
    b.y += pad;
    ImGui::GetWindowDrawList()->AddRect(a, b, ImGui::GetColorU32(border), pad, 0, thickness);
    ImGui::SetCursorScreenPos(ImVec2(a.x, b.y));
    ImGui::Dummy(ImVec2(b.x - a.x, ImGui::GetStyle().ItemSpacing.y));
    ImGui::PopID();
}

ImU32 faded(ImVec4 colour, float alpha) {
    colour.w *= alpha;
    return ImGui::GetColorU32(colour);
}

std::string bytes_text(uint64_t bytes) {
    if (bytes < 1024) return trf("{} B", bytes);
    if (bytes % 1024 == 0) return trf("{} KiB", bytes / 1024);
    return trf("{:.1f} KiB", static_cast<double>(bytes) / 1024.0);
}

} // namespace gui
