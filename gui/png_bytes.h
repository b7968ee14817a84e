// A PNG in memory without a compression library (deflate's stored blocks):
// what the browser downloads as the window's picture (the web build has no
// PNG library; the desktop writes compressed files with png.h).
#pragma once

#include <string>
#include <vector>

namespace gui {

// `rgb` holds w*h pixels, 3 bytes each, top row first.
std::string png_bytes(int w, int h, const std::vector<unsigned char>& rgb);

} // namespace gui
