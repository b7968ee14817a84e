#include "png_bytes.h"

// stb_image_write compiled here, all static: the browser build has no
// Debian library to link, and the desktop's libstb keeps its own copy.
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

namespace gui {

std::string png_bytes(int w, int h, const std::vector<unsigned char>& rgb) {
    std::string out;
    auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                                   static_cast<size_t>(size));
    };
    if (!stbi_write_png_to_func(append, &out, w, h, 3, rgb.data(), w * 3)) out.clear();
    return out;
}

} // namespace gui
