#include "png_bytes.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace gui {

namespace {

uint32_t crc32(const std::string& data, size_t from) {
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t n = 0; n < 256; ++n) {
            uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = from; i < data.size(); ++i)
        c = table[(c ^ static_cast<unsigned char>(data[i])) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

void be32(std::string& out, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8)
        out += static_cast<char>((v >> s) & 0xFF);
}

void chunk(std::string& out, const char* type, const std::string& body) {
    be32(out, static_cast<uint32_t>(body.size()));
    size_t start = out.size();
    out += type;
    out += body;
    be32(out, crc32(out, start));
}

} // namespace

std::string png_bytes(int w, int h, const std::vector<unsigned char>& rgb) {
    std::string out = "\x89PNG\r\n\x1a\n";
    std::string ihdr;
    be32(ihdr, static_cast<uint32_t>(w));
    be32(ihdr, static_cast<uint32_t>(h));
    ihdr += std::string("\x08\x02\x00\x00\x00", 5); // 8 bits, RGB, deflate, no filter, no interlace
    chunk(out, "IHDR", ihdr);

    // The rows, each with filter byte 0, in zlib's stored blocks (at most 65535 bytes each).
    std::string raw;
    size_t row = static_cast<size_t>(w) * 3;
    raw.reserve((row + 1) * static_cast<size_t>(h));
    for (size_t y = 0; y < static_cast<size_t>(h); ++y) {
        raw += '\0';
        raw.append(reinterpret_cast<const char*>(rgb.data()) + y * row, row);
    }
    std::string z = "\x78\x01";
    uint32_t a = 1, b = 0; // Adler-32
    for (char ch : raw) {
        a = (a + static_cast<unsigned char>(ch)) % 65521;
        b = (b + a) % 65521;
    }
    for (size_t at = 0; at < raw.size() || at == 0; at += 65535) {
        size_t n = std::min<size_t>(65535, raw.size() - at);
        bool last = at + n >= raw.size();
        z += static_cast<char>(last ? 1 : 0);
        z += static_cast<char>(n & 0xFF);
        z += static_cast<char>(n >> 8);
        z += static_cast<char>(~n & 0xFF);
        z += static_cast<char>((~n >> 8) & 0xFF);
        z.append(raw, at, n);
        if (last) break;
    }
    be32(z, (b << 16) | a);
    chunk(out, "IDAT", z);
    chunk(out, "IEND", "");
    return out;
}

} // namespace gui
