// The browser's platform hooks (../platform.h) and the JavaScript behind
// web.h: upload, download, the page's storage, the clipboard.
#include "platform.h"
#include "png_bytes.h"
#include "web.h"

#include "teach/run_record.h"

#include <emscripten.h>
#include <imgui.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "page_js.inc"

namespace gui::web {

namespace {
std::function<void(const std::string&)> g_open;
std::string g_clipboard;

const char* get_clipboard(void*) {
    return g_clipboard.c_str();
}
void set_clipboard(void*, const char* text) {
    g_clipboard = text;
    gb_clipboard_out(text);
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
} // namespace

std::string query_param(const std::string& name) {
    char* p = gb_query_param(name.c_str());
    std::string v = p;
    free(p);
    return v;
}

void restore_files() {
    gb_restore_files();
}
void keep_file(const std::string& path) {
    gb_keep_file(path.c_str());
}

void download(const std::string& name, const std::string& bytes, const std::string& mime) {
    gb_download(name.c_str(), bytes.data(), static_cast<int>(bytes.size()), mime.c_str());
}

void upload() {
    gb_upload(kUploadDir);
}

std::string adopt_file(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(kUploadDir, ec);
    fs::path to = fs::path(kUploadDir) / fs::path(path).filename();
    if (fs::path(path) != to) fs::copy_file(path, to, fs::copy_options::overwrite_existing, ec);
    if (ec) return path;
    keep_file(to.string());
    return to.string();
}

void set_open_handler(std::function<void(const std::string&)> open) {
    g_open = std::move(open);
}

void install_clipboard() {
    ImGuiIO& io = ImGui::GetIO();
    io.GetClipboardTextFn = get_clipboard;
    io.SetClipboardTextFn = set_clipboard;
    gb_clipboard_listen();
}

void console_log(const std::string& line) {
    gb_console_log(line.c_str());
}

} // namespace gui::web

extern "C" {

// Called by the page when an uploaded file has been written.
EMSCRIPTEN_KEEPALIVE void glassbox_open_uploaded(const char* path) {
    gui::web::keep_file(path);
    if (gui::web::g_open) gui::web::g_open(path);
}

EMSCRIPTEN_KEEPALIVE void glassbox_clipboard_in(const char* text) {
    gui::web::g_clipboard = text;
}

} // extern "C"

namespace gui::platform {

void file_menu_items(const gb::Session& session, UiState&, Commands&) {
    namespace fs = std::filesystem;
    ImGui::Separator();
    if (ImGui::MenuItem(tr("Upload a program…"))) web::upload();
    tooltip(tr("Open a .s file from your computer (or drop it on the page)."));
    if (ImGui::MenuItem(tr("Download the program"), nullptr, false, session.loaded()))
        web::download(fs::path(session.path()).filename().string(), web::read_all(session.path()),
                      "text/plain");
    if (ImGui::MenuItem(tr("Download the run"), nullptr, false, session.loaded()))
        web::download(fs::path(session.path()).stem().string() + "-run.txt",
                      gb::run_record(session), "text/plain");
    tooltip(tr("The program, its settings, its output and its event log as a text file."));
}

std::string save_picture(const std::string& name, int w, int h,
                         const std::vector<unsigned char>& rgb) {
    std::string file = std::filesystem::path(name).filename().string();
    web::download(file, png_bytes(w, h, rgb), "image/png");
    return trf("downloaded {}", file);
}

} // namespace gui::platform
