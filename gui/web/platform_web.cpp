// The browser's platform hooks (../platform.h) and the JavaScript behind
// web.h: upload, download, the page's storage, the clipboard.
#include "platform.h"
#include "png_bytes.h"
#include "web.h"

#include "teach/recording.h"
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

bool file_command(const std::string& name, const gb::Session& session) {
    namespace fs = std::filesystem;
    if (name == "upload") {
        upload();
        return true;
    }
    if (!session.loaded()) return false;
    fs::path program(session.path());
    if (name == "download-program")
        download(program.filename().string(), read_all(session.path()), "text/plain");
    else if (name == "download-run")
        download(program.stem().string() + "-run.txt", gb::run_record(session), "text/plain");
    else if (name == "download-session")
        download(program.stem().string() + ".session.json",
                 gb::recording_to_json(gb::record_session(session)), "application/json");
    else
        return false;
    return true;
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
    ImGui::Separator();
    if (ImGui::MenuItem(tr("Upload a program…"))) web::file_command("upload", session);
    tooltip(tr("Open a .s file from your computer (or drop it on the page)."));
    bool loaded = session.loaded();
    if (ImGui::MenuItem(tr("Download the program"), nullptr, false, loaded))
        web::file_command("download-program", session);
    if (ImGui::MenuItem(tr("Download the run"), nullptr, false, loaded))
        web::file_command("download-run", session);
    tooltip(tr("The program, its settings, its output and its event log as a text file."));
    if (ImGui::MenuItem(tr("Download the session"), nullptr, false, loaded))
        web::file_command("download-session", session);
    tooltip(tr("The program, its settings and the moment shown, to open again later (drop the "
               ".json file on the page)."));
}

bool save_program(const std::string& path, const std::string& text, std::string& error) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        error = trf("cannot write {}", path);
        return false;
    }
    // The user's own programs come back with the page; the built-in ones
    // start fresh (the download is the student's copy).
    if (fs::path(path).parent_path() == fs::path(web::kUploadDir)) web::keep_file(path);
    web::download(fs::path(path).filename().string(), text, "text/plain");
    return true;
}

std::string save_picture(const std::string& name, int w, int h,
                         const std::vector<unsigned char>& rgb) {
    std::string file = std::filesystem::path(name).filename().string();
    web::download(file, png_bytes(w, h, rgb), "image/png");
    return trf("downloaded {}", file);
}

} // namespace gui::platform
