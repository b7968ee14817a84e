#include "png.h"

#include <stb_image_write.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

// Debian's libstb exports stb_image_write's deflate (its header declares it
// only in the implementation part).
extern "C" unsigned char* stbi_zlib_compress(unsigned char* data, int data_len, int* out_len,
                                             int quality);

namespace gui {

namespace {

uint32_t crc32(const unsigned char* p, size_t n) {
    static const auto table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; ++i)
        c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

struct Colour {
    uint32_t rgb; // 0xRRGGBB
    uint64_t count;
    int c(int ch) const { return static_cast<int>((rgb >> (16 - 8 * ch)) & 0xff); }
};

// Median cut: splits the box with the widest channel range (weighted by
// pixel count) at its median until there are `n` boxes; each box's colour
// is its pixel-weighted mean.
std::vector<uint32_t> median_cut(std::vector<Colour> colours, size_t n) {
    struct Box {
        size_t begin, end;
    };
    std::vector<Box> boxes{{0, colours.size()}};
    auto range = [&](const Box& b, int& channel) {
        int best = -1;
        for (int ch = 0; ch < 3; ++ch) {
            int lo = 255, hi = 0;
            for (size_t i = b.begin; i < b.end; ++i) {
                lo = std::min(lo, colours[i].c(ch));
                hi = std::max(hi, colours[i].c(ch));
            }
            if (hi - lo > best) {
                best = hi - lo;
                channel = ch;
            }
        }
        return best;
    };
    while (boxes.size() < n) {
        int best = 0, channel = 0;
        size_t pick = boxes.size();
        for (size_t i = 0; i < boxes.size(); ++i) {
            if (boxes[i].end - boxes[i].begin < 2) continue;
            int ch = 0;
            int r = range(boxes[i], ch);
            if (r > best) {
                best = r;
                pick = i;
                channel = ch;
            }
        }
        if (pick == boxes.size()) break;
        Box b = boxes[pick];
        std::sort(colours.begin() + static_cast<std::ptrdiff_t>(b.begin),
                  colours.begin() + static_cast<std::ptrdiff_t>(b.end),
                  [&](const Colour& x, const Colour& y) { return x.c(channel) < y.c(channel); });
        uint64_t total = 0, half = 0;
        for (size_t i = b.begin; i < b.end; ++i)
            total += colours[i].count;
        size_t mid = b.begin + 1;
        for (size_t i = b.begin; i < b.end - 1; ++i) {
            half += colours[i].count;
            mid = i + 1;
            if (half * 2 >= total) break;
        }
        boxes[pick] = {b.begin, mid};
        boxes.push_back({mid, b.end});
    }
    std::vector<uint32_t> out;
    for (const Box& b : boxes) {
        double sum[3] = {0, 0, 0}, w = 0;
        for (size_t i = b.begin; i < b.end; ++i) {
            for (int ch = 0; ch < 3; ++ch)
                sum[ch] +=
                    static_cast<double>(colours[i].c(ch)) * static_cast<double>(colours[i].count);
            w += static_cast<double>(colours[i].count);
        }
        if (w == 0) continue;
        uint32_t rgb = 0;
        for (int ch = 0; ch < 3; ++ch)
            rgb = rgb << 8 | static_cast<uint32_t>(std::clamp(sum[ch] / w + 0.5, 0.0, 255.0));
        out.push_back(rgb);
    }
    return out;
}

void put_u32(std::vector<unsigned char>& v, uint32_t x) {
    for (int s = 24; s >= 0; s -= 8)
        v.push_back(static_cast<unsigned char>(x >> s));
}

void chunk(std::vector<unsigned char>& png, const char* type,
           const std::vector<unsigned char>& data) {
    put_u32(png, static_cast<uint32_t>(data.size()));
    size_t start = png.size();
    png.insert(png.end(), type, type + 4);
    png.insert(png.end(), data.begin(), data.end());
    put_u32(png, crc32(png.data() + start, png.size() - start));
}

} // namespace

bool write_png_rgb(const std::string& path, int w, int h, const std::vector<unsigned char>& rgb) {
    stbi_write_png_compression_level = 9;
    return stbi_write_png(path.c_str(), w, h, 3, rgb.data(), w * 3) != 0;
}

bool write_png_palette(const std::string& path, int w, int h,
                       const std::vector<unsigned char>& rgb) {
    size_t n = static_cast<size_t>(w) * static_cast<size_t>(h);
    std::unordered_map<uint32_t, uint64_t> hist;
    for (size_t i = 0; i < n; ++i)
        ++hist[static_cast<uint32_t>(rgb[i * 3]) << 16 |
               static_cast<uint32_t>(rgb[i * 3 + 1]) << 8 | rgb[i * 3 + 2]];
    std::vector<Colour> colours;
    for (auto [c, k] : hist)
        colours.push_back({c, k});
    std::sort(colours.begin(), colours.end(), [](const Colour& a, const Colour& b) {
        return a.count != b.count ? a.count > b.count : a.rgb < b.rgb;
    });
    // The most frequent colours exactly (backgrounds, panels, plain text),
    // a median-cut palette for the rest.
    std::vector<uint32_t> palette;
    const size_t exact = colours.size() <= 256 ? colours.size() : 160;
    for (size_t i = 0; i < exact; ++i)
        palette.push_back(colours[i].rgb);
    if (colours.size() > exact) {
        std::vector<Colour> rest(colours.begin() + static_cast<std::ptrdiff_t>(exact),
                                 colours.end());
        for (uint32_t c : median_cut(std::move(rest), 256 - exact))
            palette.push_back(c);
    }
    std::unordered_map<uint32_t, unsigned char> index;
    for (const Colour& c : colours) {
        int best = 0;
        long best_d = -1;
        for (size_t p = 0; p < palette.size(); ++p) {
            long d = 0;
            for (int ch = 0; ch < 3; ++ch) {
                long diff = static_cast<long>(c.c(ch)) -
                            static_cast<long>((palette[p] >> (16 - 8 * ch)) & 0xff);
                d += diff * diff;
            }
            if (best_d < 0 || d < best_d) {
                best_d = d;
                best = static_cast<int>(p);
            }
            if (d == 0) break;
        }
        index[c.rgb] = static_cast<unsigned char>(best);
    }
    // Rows with filter 0 (none), the usual choice for palette images.
    std::vector<unsigned char> raw;
    raw.reserve(n + static_cast<size_t>(h));
    for (int y = 0; y < h; ++y) {
        raw.push_back(0);
        for (int x = 0; x < w; ++x) {
            size_t i =
                (static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x)) * 3;
            raw.push_back(index[static_cast<uint32_t>(rgb[i]) << 16 |
                                static_cast<uint32_t>(rgb[i + 1]) << 8 | rgb[i + 2]]);
        }
    }
    int zlen = 0;
    unsigned char* zdata = stbi_zlib_compress(raw.data(), static_cast<int>(raw.size()), &zlen, 9);
    if (!zdata) return false;
    std::vector<unsigned char> z(zdata, zdata + zlen);
    std::free(zdata);

    std::vector<unsigned char> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    std::vector<unsigned char> ihdr;
    put_u32(ihdr, static_cast<uint32_t>(w));
    put_u32(ihdr, static_cast<uint32_t>(h));
    for (int b : {8, 3, 0, 0, 0})
        ihdr.push_back(
            static_cast<unsigned char>(b)); // 8 bits, palette, deflate, filter 0, no interlace
    chunk(png, "IHDR", ihdr);
    std::vector<unsigned char> plte;
    for (uint32_t c : palette)
        for (int s = 16; s >= 0; s -= 8)
            plte.push_back(static_cast<unsigned char>(c >> s));
    chunk(png, "PLTE", plte);
    chunk(png, "IDAT", z);
    chunk(png, "IEND", {});
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    bool ok = std::fwrite(png.data(), 1, png.size(), f) == png.size();
    return std::fclose(f) == 0 && ok;
}

} // namespace gui
