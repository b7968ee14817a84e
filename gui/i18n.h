// English and Korean labels: a small string table keyed by the English text.
// tr("Run") is the label in the current language. Every label the dashboard
// shows goes through tr(); a Korean label that is missing falls back to the
// English one and is recorded (the screenshot test asserts there are none).
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

namespace gui {

enum class Lang { En, Ko };

void set_lang(Lang l);
Lang lang();
bool korean();
// The label for `en` in the current language.
const char* tr(const char* en);
// tr() then fmt::format: trf("{} instructions", n).
// A translation whose placeholders do not match falls back to English.
template <typename... Args> std::string trf(const char* en, const Args&... args) {
    try {
        return fmt::format(fmt::runtime(tr(en)), args...);
    } catch (const fmt::format_error&) {
        return fmt::format(fmt::runtime(en), args...);
    }
}
// Keys looked up in Korean that have no translation yet.
std::vector<std::string> missing_translations();
// Every Korean label (to build the font's glyph set).
std::vector<std::string_view> korean_labels();
// "ko"/"en" ↔ Lang.
Lang parse_lang(std::string_view s);
const char* lang_id(Lang l);

} // namespace gui
