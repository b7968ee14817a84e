// [SECTION] Lesson: the lesson's text (assets/lessons/NAME.md, or
// NAME.ko.md in Korean), else the program's own opening comment; and the
// lesson picker.
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

// Markdown, a little: headings, bullets, code blocks, paragraphs.
void render_markdown(const std::string& text) {
    bool code = false;
    size_t start = 0;
    ImGui::PushTextWrapPos(0.0f);
    while (start <= text.size()) {
        size_t nl = text.find('\n', start);
        std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
        start = nl == std::string::npos ? text.size() + 1 : nl + 1;
        if (line.rfind("```", 0) == 0) {
            code = !code;
            continue;
        }
        if (code) {
            ImGui::TextColored(colour_ok(), "  %s", line.c_str());
            continue;
        }
        if (line.empty()) {
            ImGui::Spacing();
            continue;
        }
        if (line[0] == '#') {
            size_t i = line.find_first_not_of('#');
            std::string h = i == std::string::npos ? "" : line.substr(i);
            if (!h.empty() && h[0] == ' ') h.erase(0, 1);
            ImGui::Spacing();
            ImGui::TextColored(colour_changed(), "%s", h.c_str());
            continue;
        }
        if (line.rfind("- ", 0) == 0 || line.rfind("* ", 0) == 0) {
            ImGui::Bullet();
            ImGui::TextUnformatted(line.substr(2).c_str());
            continue;
        }
        ImGui::TextUnformatted(line.c_str());
    }
    ImGui::PopTextWrapPos();
}

} // namespace

void draw_lesson(const gb::Machine&, UiState& ui, Commands& out) {
    ui.visible("lesson");
    fs::path root(ui.source_dir);
    std::string current = ui.lesson.title.empty() ? std::string(tr("(choose a lesson)")) : ui.lesson.title;
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 16));
    if (ImGui::BeginCombo("##lesson", current.c_str())) {
        auto lessons = list_files(root / "assets" / "lessons", ".md");
        ImGui::TextColored(colour_dim(), "%s", tr("Lessons"));
        int shown = 0;
        for (const auto& l : lessons) {
            std::string stem = fs::path(l).stem().string();
            if (stem.size() > 3 && stem.substr(stem.size() - 3) == ".ko") continue; // the Korean twin
            ++shown;
            if (ImGui::Selectable(stem.c_str(), stem == ui.lesson.name)) out.open_lesson(stem);
        }
        if (!shown) ImGui::TextColored(colour_dim(), "  %s", tr("(no lesson files yet)"));
        ImGui::Separator();
        ImGui::TextColored(colour_dim(), "%s", tr("Programs"));
        for (const auto& p : list_files(root / "programs", ".s"))
            if (ImGui::Selectable(fs::path(p).filename().string().c_str())) out.load(p);
        ImGui::EndCombo();
    }
    if (!ui.lesson.source.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(colour_dim(), "%s", ui.lesson.source.c_str());
    }
    ImGui::Separator();
    if (ImGui::BeginChild("lessontext")) {
        if (ui.lesson.text.empty()) hint(tr("This program has no lesson text yet."));
        else render_markdown(ui.lesson.text);
    }
    ImGui::EndChild();
}

} // namespace gui
