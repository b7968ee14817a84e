// The browser's side of the dashboard, shared by its entry point
// (main_web.cpp) and its platform hooks (platform_web.cpp): the page's own
// storage, downloads, uploads and the clipboard, each a few lines of
// JavaScript behind a C++ function.
#pragma once

#include "teach/session.h"

#include <functional>
#include <string>

namespace gui::web {

// Files the user brought in (uploaded or dropped) live here in the page's
// memory file system, and are kept in the browser's storage.
constexpr const char* kUploadDir = "/uploads";

// A value of the page's address (?lesson=09&lang=ko): "" if absent.
std::string query_param(const std::string& name);

// The browser's storage (localStorage) mirrors files of the memory file
// system: restore_files() writes back every file kept before (settings,
// layout, uploaded programs), keep_file() keeps one (its current content).
void restore_files();
void keep_file(const std::string& path);

// Saves `bytes` to the user's Downloads folder as `name`.
void download(const std::string& name, const std::string& bytes, const std::string& mime);

// The File menu's browser commands, by name (the browser tests send them
// too): "upload", "download-program", "download-run" (run_record.h) and
// "download-session" (recording.h, opens again when dropped on the page).
// False for an unknown name, or a download with no program loaded.
bool file_command(const std::string& name, const gb::Session& session);

// Asks the browser for a file to upload; when the user picks one it is
// written into kUploadDir, kept, and handed to the open handler.
void upload();
// Copies a file (a dropped one) into kUploadDir and keeps it; returns the new path.
std::string adopt_file(const std::string& path);
void set_open_handler(std::function<void(const std::string&)> open);

// ImGui's clipboard, wired to the browser's (copy goes out; paste comes in
// through the page's paste event).
void install_clipboard();

// Writes a line to the browser's console (tests read these).
void console_log(const std::string& line);

} // namespace gui::web
