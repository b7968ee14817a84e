// The desktop's platform hooks (platform.h): programs are opened and edited
// where they are on disk, so the File menu needs nothing more.
#include "platform.h"

#include <fstream>

namespace gui::platform {

void file_menu_items(const gb::Session&, UiState&, Commands&) {}

bool save_program(const std::string& path, const std::string& text, std::string& error) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (out) return true;
    error = trf("cannot write {}", path);
    return false;
}

} // namespace gui::platform
