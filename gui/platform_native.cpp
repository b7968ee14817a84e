// The desktop's platform hooks (platform.h): programs are opened and edited
// where they are on disk, so the File menu needs nothing more; pictures
// of the window are PNG files.
#include "platform.h"
#include "png.h"

#include <filesystem>

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

std::string save_picture(const std::string& name, int w, int h,
                         const std::vector<unsigned char>& rgb) {
    std::string path = std::filesystem::absolute(name).string();
    return write_png_rgb(name, w, h, rgb) ? trf("wrote {}", path) : trf("cannot write {}", path);
}

} // namespace gui::platform
