// A PNG in memory (stb_image_write's encoder): what the browser downloads
// as the window's picture (the desktop writes files with png.h).
#pragma once

#include <string>
#include <vector>

namespace gui {

// `rgb` holds w*h pixels, 3 bytes each, top row first; empty on failure.
std::string png_bytes(int w, int h, const std::vector<unsigned char>& rgb);

} // namespace gui
