// [SECTION] The open-file dialog, inside the app: the sample programs
// first, then a folder browser that reaches any path, and a path field.
#include "ui.h"

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace gui {

namespace fs = std::filesystem;

void draw_open_dialog(UiState& ui, Commands& out) {
    if (ui.open_dialog) {
        ImGui::OpenPopup("###open_program");
        ui.open_dialog = false;
        if (ui.dialog_dir.empty()) {
            std::error_code ec;
            ui.dialog_dir = fs::current_path(ec).string();
        }
    }
    ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.6f, vp->WorkSize.y * 0.7f),
                             ImGuiCond_Appearing);
    ImGui::SetNextWindowPos(
        ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
        ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    std::string title = std::string(tr("Open a program")) + "###open_program";
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    auto open = [&](const std::string& path) {
        out.load(path);
        ImGui::CloseCurrentPopup();
    };
    float list_h = ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() * 2.5f;
    ImGui::BeginChild("lists", ImVec2(0, list_h));
    ImGui::TextColored(colour_changed(), "%s", tr("Sample programs"));
    std::error_code ec;
    std::vector<fs::path> samples;
    for (const auto& e : fs::directory_iterator(fs::path(ui.source_dir) / "programs", ec))
        if (e.path().extension() == ".s") samples.push_back(e.path());
    std::sort(samples.begin(), samples.end());
    for (const auto& p : samples)
        if (ImGui::Selectable(p.filename().string().c_str(), false,
                              ImGuiSelectableFlags_AllowDoubleClick))
            open(p.string());
    ImGui::Separator();
    ImGui::TextColored(colour_changed(), "%s", tr("Browse"));
    ImGui::SameLine();
    ImGui::TextUnformatted(ui.dialog_dir.c_str());
    // Folders first, then .s files; a broken link or an unreadable folder is skipped.
    std::vector<std::pair<bool, fs::path>> entries;
    for (const auto& e : fs::directory_iterator(ui.dialog_dir, ec)) {
        std::string name = e.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::error_code ec2;
        bool dir = e.is_directory(ec2);
        bool session = name.size() > 13 && name.ends_with(".session.json"); // saved sessions
        if (dir || e.path().extension() == ".s" || session) entries.push_back({dir, e.path()});
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first;
        return a.second.filename() < b.second.filename();
    });
    if (ImGui::Selectable("../")) ui.dialog_dir = fs::path(ui.dialog_dir).parent_path().string();
    for (const auto& [dir, path] : entries) {
        std::string name = path.filename().string();
        if (dir) {
            if (ImGui::Selectable((name + "/").c_str())) ui.dialog_dir = path.string();
        } else if (ImGui::Selectable(name.c_str())) {
            open(path.string());
        }
    }
    ImGui::EndChild();
    ImGui::Separator();
    ImGui::TextUnformatted(tr("path"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 12);
    bool enter = ImGui::InputText("##path", ui.dialog_path, sizeof ui.dialog_path,
                                  ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button(tr("Open")) || enter) && std::strlen(ui.dialog_path) > 0)
        open(ui.dialog_path);
    ImGui::SameLine();
    if (ImGui::Button(tr("Cancel")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

} // namespace gui
