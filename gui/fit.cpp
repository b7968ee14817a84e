// [SECTION] Text that fits its panel, and the notes the layout tests read
// when something does not (text cut at a column's or a panel's edge).
#include "panel_watches.h"
#include "pictures.h"
#include "ui.h"

#include <imgui_internal.h>

#include <algorithm>

namespace gui {

namespace {

// Where the UTF-8 character before byte `i` starts.
size_t prev_char(const std::string& s, size_t i) {
    while (i > 0) {
        --i;
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) break;
    }
    return i;
}

void note(UiState& ui, const std::string& what, float content_x, const ImRect& clip) {
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    ui.layout_items.push_back({"clipped", what, ui.current_panel, ImVec2(clip.Min.x, w->Pos.y),
                               ImVec2(content_x, w->Pos.y + w->Size.y), clip.Min, clip.Max});
}

} // namespace

std::string fit_label(const std::string& text, float room) {
    if (ImGui::CalcTextSize(text.c_str()).x <= room) return text;
    // The longest start that fits beside the "…" (labels are short: a linear walk).
    float ell = ImGui::CalcTextSize("…").x;
    size_t cut = text.size();
    while (cut > 0 && ImGui::CalcTextSize(text.data(), text.data() + cut).x + ell > room)
        cut = prev_char(text, cut);
    return text.substr(0, cut) + "…";
}

void fit_text(const std::string& text, const ImVec4& colour) {
    std::string shown = fit_label(text, ImGui::GetContentRegionAvail().x);
    ImGui::TextColored(colour, "%s", shown.c_str());
    if (shown.size() != text.size() && ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", text.c_str());
}

void fit_text(const std::string& text) {
    fit_text(text, ImGui::GetStyleColorVec4(ImGuiCol_Text));
}

void flow_text(const std::string& text, const ImVec4& colour) {
    ImGui::SameLine();
    float w = ImGui::CalcTextSize(text.c_str()).x;
    if (w > ImGui::GetContentRegionAvail().x) ImGui::NewLine();
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

void flow_text(const std::string& text) {
    flow_text(text, ImGui::GetStyleColorVec4(ImGuiCol_Text));
}

bool same_line_if(float width) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x >= width) return true;
    ImGui::NewLine();
    return false;
}

float button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

float check_width(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
           ImGui::CalcTextSize(label, nullptr, true).x;
}

void end_table(UiState& ui) {
    ImGuiTable* t = ImGui::GetCurrentTable();
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    if (t) {
        for (int c = 0; c < t->ColumnsCount; ++c) {
            const ImGuiTableColumn& col = t->Columns[c];
            if (!col.IsEnabled) continue;
            // The open cell has not yet given its width to the column.
            float content = std::max(col.ContentMaxXFrozen, col.ContentMaxXUnfrozen);
            if (c == t->CurrentColumn) content = std::max(content, w->DC.CursorMaxPos.x);
            if (content <= col.WorkMinX) continue; // nothing drawn in it
            if (content > col.ClipRect.Max.x + 0.5f) {
                const char* name = ImGui::TableGetColumnName(c);
                note(ui,
                     std::string(w->Name) + " column " + std::to_string(c) + " '" +
                         (name ? name : "") + "'",
                     content, col.ClipRect);
            }
        }
    }
    ImGui::EndTable();
}

void note_overflow(UiState& ui, const std::string& what) {
    note_picture_text(ui);
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    // A pixel and a half of slack: rounding at a table's edge, not a glyph.
    if (w->DC.CursorMaxPos.x > w->InnerClipRect.Max.x + 1.5f)
        note(ui, what, w->DC.CursorMaxPos.x, w->InnerClipRect);
}

} // namespace gui
