// The browser's platform hooks (../platform.h) and the JavaScript behind
// web.h: upload, download, the page's storage, the clipboard.
#include "platform.h"
#include "web.h"

#include "teach/run_record.h"

#include <emscripten.h>
#include <imgui.h>

#include <filesystem>
#include <fstream>
#include <sstream>

// clang-format off
EM_JS(char*, gb_query_param, (const char* name), {
    var v = new URLSearchParams(window.location.search).get(UTF8ToString(name)) || "";
    var n = lengthBytesUTF8(v) + 1, p = _malloc(n);
    stringToUTF8(v, p, n);
    return p;
});

// localStorage keys "glassbox:file:<path>" hold the files' text.
EM_JS(void, gb_restore_files, (), {
    try {
        for (var i = 0; i < localStorage.length; ++i) {
            var key = localStorage.key(i);
            if (!key.startsWith("glassbox:file:")) continue;
            var path = key.substring(14);
            FS.mkdirTree(path.substring(0, path.lastIndexOf("/")) || "/");
            FS.writeFile(path, localStorage.getItem(key));
        }
    } catch (e) { console.warn("glassbox: cannot read the browser's storage: " + e); }
});

EM_JS(void, gb_keep_file, (const char* cpath), {
    var path = UTF8ToString(cpath);
    try {
        localStorage.setItem("glassbox:file:" + path, FS.readFile(path, {encoding: "utf8"}));
    } catch (e) { console.warn("glassbox: cannot keep " + path + ": " + e); }
});

EM_JS(void, gb_download, (const char* name, const char* data, int size, const char* mime), {
    var bytes = HEAPU8.slice(data, data + size);
    var url = URL.createObjectURL(new Blob([bytes], {type: UTF8ToString(mime)}));
    var a = document.createElement("a");
    a.href = url;
    a.download = UTF8ToString(name);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function() { URL.revokeObjectURL(url); }, 1000);
});

EM_JS(void, gb_upload, (const char* dir), {
    var input = document.createElement("input");
    input.type = "file";
    input.accept = ".s,.asm,.txt";
    input.onchange = function() {
        var file = input.files[0];
        if (!file) return;
        file.text().then(function(text) {
            var folder = UTF8ToString(dir);
            FS.mkdirTree(folder);
            var path = folder + "/" + file.name.split("/").join("_");
            FS.writeFile(path, text);
            Module.ccall("glassbox_open_uploaded", null, ["string"], [path]);
        });
    };
    input.click();
});

EM_JS(void, gb_clipboard_out, (const char* text), {
    try { navigator.clipboard.writeText(UTF8ToString(text)); } catch (e) {}
});

EM_JS(void, gb_clipboard_listen, (), {
    document.addEventListener("paste", function(e) {
        var text = (e.clipboardData || window.clipboardData).getData("text");
        Module.ccall("glassbox_clipboard_in", null, ["string"], [text]);
    });
});

EM_JS(void, gb_console_log, (const char* line), { console.log(UTF8ToString(line)); });
// clang-format on

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

} // namespace gui::platform
