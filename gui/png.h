// PNG writing for the headless screenshots: the exact RGB image (stb), or an
// 8-bit palette image of at most 256 colours — about a third of the size,
// for screenshots committed to the docs. A dashboard is mostly flat colours:
// the most frequent ones are kept exactly and the rest (anti-aliased text
// edges) go to the nearest of a median-cut palette.
#pragma once

#include <string>
#include <vector>

namespace gui {

// `rgb` holds w*h pixels, 3 bytes each, top row first.
bool write_png_rgb(const std::string& path, int w, int h, const std::vector<unsigned char>& rgb);
bool write_png_palette(const std::string& path, int w, int h,
                       const std::vector<unsigned char>& rgb);

} // namespace gui
