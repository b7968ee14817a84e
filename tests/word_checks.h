// Checks shared by the wording tests (events, reasons): the placeholders a
// text names, and whether it has Hangul.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace gbtest {

// A placeholder as the wording layer writes it: {0}, {s0}, {r1}, {w0}, ...
struct Placeholder {
    char type = 0; // 0: decimal
    int index = 0;
    bool operator<(const Placeholder& o) const {
        return type != o.type ? type < o.type : index < o.index;
    }
};

inline std::set<Placeholder> placeholders(std::string_view t) {
    std::set<Placeholder> out;
    for (size_t p = t.find('{'); p != std::string_view::npos; p = t.find('{', p + 1)) {
        size_t close = t.find('}', p);
        if (close == std::string_view::npos) break;
        std::string_view ph = t.substr(p + 1, close - p - 1);
        if (ph.empty()) continue;
        Placeholder h;
        if (ph[0] < '0' || ph[0] > '9') {
            h.type = ph[0];
            ph.remove_prefix(1);
        }
        h.index = std::stoi(std::string(ph));
        out.insert(h);
    }
    return out;
}

// UTF-8 of U+AC00..U+D7A3 starts with 0xEA..0xED.
inline bool has_hangul(std::string_view s) {
    for (size_t i = 0; i + 2 < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0xEA && c <= 0xED) return true;
    }
    return false;
}

} // namespace gbtest
