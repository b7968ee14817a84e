// [SECTION] Lesson: the lesson picker, the lesson's programs, and its text
// (assets/lessons/NN-slug.en.md or .ko.md, in the current language) with
// the answer hidden behind a button until the student asks. Without a
// lesson: the program's own opening comment.
#include "ui.h"

#include <algorithm>
#include <filesystem>

namespace gui {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> list_files(const fs::path& dir, const std::string& ext) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string lesson_label(const gb::Lesson& l) {
    return fmt::format("{}. {}", l.order, l.title(lang_id(lang())));
}

// Parsed Markdown, kept while the text stays the same.
struct MdCache {
    std::string text;
    std::vector<gb::MdBlock> blocks;
    const std::vector<gb::MdBlock>& get(const std::string& t) {
        if (t != text || (blocks.empty() && !t.empty())) {
            text = t;
            blocks = gb::parse_markdown(t);
        }
        return blocks;
    }
};

// The problems with lesson files that load_lessons left out, as a list.
void lesson_problems(const UiState& ui, float wrap_w) {
    if (ui.lesson_errors.empty()) return;
    ImGui::TextColored(
        colour_warn(), "%s",
        trf("{} lesson problems (those lessons are left out):", ui.lesson_errors.size()).c_str());
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_w);
    for (const std::string& e : ui.lesson_errors)
        ImGui::BulletText("%s", e.c_str());
    ImGui::PopTextWrapPos();
}

} // namespace

void draw_lesson_menu(UiState& ui, Commands& out) {
    ImGui::TextColored(colour_dim(), "%s", tr("Lessons"));
    for (size_t i = 0; i < ui.lessons.size(); ++i) {
        const gb::Lesson& l = ui.lessons[i];
        if (ImGui::MenuItem(lesson_label(l).c_str(), nullptr,
                            static_cast<int>(i) == ui.lesson_index))
            out.open_lesson(l.id);
    }
    if (ui.lessons.empty()) ImGui::TextColored(colour_dim(), "  %s", tr("(no lesson files yet)"));
    lesson_problems(ui, ImGui::GetFontSize() * 40);
    ImGui::Separator();
    ImGui::TextColored(colour_dim(), "%s", tr("Programs"));
    for (const auto& p : list_files(fs::path(ui.source_dir) / "programs", ".s"))
        if (ImGui::MenuItem(fs::path(p).filename().string().c_str())) out.load(p);
}

void draw_lesson(const gb::Machine&, UiState& ui, Commands& out) {
    ui.visible("lesson");
    const gb::Lesson* l = ui.lesson();
    float avail = ImGui::GetContentRegionAvail().x;

    // The picker.
    std::string current = l ? lesson_label(*l) : std::string(tr("(choose a lesson)"));
    ImGui::SetNextItemWidth(avail);
    // The list's frame would cut the title mid-word: shortened with "…", whole on hover.
    std::string shown =
        fit_label(current, avail - ImGui::GetFrameHeight() - ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::BeginCombo("##lesson", shown.c_str(), ImGuiComboFlags_HeightLarge)) {
        draw_lesson_menu(ui, out);
        ImGui::EndCombo();
    }
    if (shown != current && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", current.c_str());
    // Lesson files with problems: a warning that opens into the list.
    if (!ui.lesson_errors.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, colour_warn());
        std::string head =
            trf("Problems with lesson files: {} (left out)", ui.lesson_errors.size()) +
            "###lesson_problems";
        bool open = ImGui::TreeNode(head.c_str());
        ImGui::PopStyleColor();
        if (open) {
            ImGui::PushTextWrapPos(0.0f);
            for (const std::string& e : ui.lesson_errors)
                ImGui::BulletText("%s", e.c_str());
            ImGui::PopTextWrapPos();
            ImGui::TreePop();
        }
    }

    // The lesson's programs: the first one opens with the lesson.
    if (l && l->programs.size() > 1) {
        const gb::Session& s = *ui.session;
        size_t cur =
            s.lesson() && s.lesson()->id == l->id ? s.lesson_program() : l->programs.size();
        std::string name = cur < l->programs.size() ? fs::path(l->programs[cur]).filename().string()
                                                    : std::string("—");
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("Program"));
        ImGui::SameLine();
        std::string count =
            fmt::format("{}/{}", cur < l->programs.size() ? cur + 1 : 0, l->programs.size());
        float count_w = ImGui::CalcTextSize(count.c_str()).x + ImGui::GetStyle().ItemSpacing.x;
        // A narrow column: the list on a line of its own, so nothing runs past the edge.
        if (ImGui::GetContentRegionAvail().x - count_w < ImGui::GetFontSize() * 6) ImGui::NewLine();
        ImGui::SetNextItemWidth(
            std::max(ImGui::GetFontSize() * 3, ImGui::GetContentRegionAvail().x - count_w));
        if (ImGui::BeginCombo("##program", name.c_str())) {
            for (size_t i = 0; i < l->programs.size(); ++i)
                if (ImGui::Selectable(fs::path(l->programs[i]).filename().string().c_str(),
                                      i == cur))
                    out.open_lesson(l->id, i);
            ImGui::EndCombo();
        }
        tooltip(tr("The lesson's programs; each opens with the lesson's settings."));
        ImGui::SameLine();
        ImGui::TextColored(colour_dim(), "%s", count.c_str());
    } else if (!l && !ui.note.source.empty()) {
        ImGui::TextColored(colour_dim(), "%s · %s", ui.note.title.c_str(), ui.note.source.c_str());
    }
    ImGui::Separator();

    // The text. The child's id changes with the lesson and the language, so
    // a new text starts at the top.
    std::string child =
        l ? fmt::format("lessontext_{}_{}", l->id, lang_id(lang())) : std::string("notetext");
    if (ImGui::BeginChild(child.c_str())) {
        if (l) {
            static MdCache visible_md, answer_md;
            gb::LessonText text = gb::split_answer(l->text(lang_id(lang())));
            draw_markdown(visible_md.get(text.visible), ui);
            if (!text.answer.empty()) {
                ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.5f));
                if (!ui.show_answer) {
                    if (ImGui::Button(tr("Show answer"))) {
                        ui.show_answer = true;
                        ui.scroll_to_answer = true;
                    }
                    tooltip(tr("Predict first, then check."));
                } else {
                    if (ui.scroll_to_answer && ImGui::GetFrameCount() > 1) {
                        // The answer just appeared: bring its heading to the top.
                        ImGui::SetScrollHereY(0.0f);
                        ui.scroll_to_answer = false;
                    }
                    draw_markdown(answer_md.get(text.answer), ui);
                    ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.5f));
                    if (ImGui::Button(tr("Hide answer"))) ui.show_answer = false;
                }
                ImGui::Dummy(ImVec2(0, ImGui::GetFontSize()));
            }
        } else if (ui.note.text.empty()) {
            hint(tr("This program has no lesson text yet."));
        } else {
            // A comment keeps its lines (they are often aligned by hand).
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(ui.note.text.c_str(),
                                   ui.note.text.c_str() + ui.note.text.size());
            ImGui::PopTextWrapPos();
        }
    }
    ImGui::EndChild();
    record_item(ui, "lesson_text", l ? l->id : "note"); // how many lines it shows (the fit tests)
}

} // namespace gui
