// What the desktop and the browser do differently, behind one small set of
// hooks (DESIGN.md "The dashboard": only the frame loop and file access
// differ). The desktop reads and writes files where they are; the browser
// has no files of the user's, so it uploads and downloads them. The frame
// loop and the browser's storage live in the two entry points
// (main.cpp, web/main_web.cpp); the hooks the App calls are here.
#pragma once

#include "ui.h"

#include <string>

#include <vector>

namespace gui::platform {

// Items the platform adds to the File menu (the browser: upload a program,
// download the program and the run; the desktop: none, it has Open…).
void file_menu_items(const gb::Session& session, UiState& ui, Commands& out);

// Saves an edited program's text (the editor's Save). The desktop writes it
// to `path`. The browser writes it into the page's memory file system at
// `path` (so Reload assembles the edited text), keeps it in the browser's
// storage when it is one of the user's uploaded programs, and downloads it
// to the user's computer under path's file name. On failure: false, and
// `error` says why in the user's language.
bool save_program(const std::string& path, const std::string& text, std::string& error);

// Saves a picture of the window (`rgb`: w*h pixels, 3 bytes each, top row
// first) as the PNG file `name`: the desktop writes it (in the working
// folder unless `name` has a folder), the browser downloads it. Returns what
// to tell the user.
std::string save_picture(const std::string& name, int w, int h,
                         const std::vector<unsigned char>& rgb);

} // namespace gui::platform
