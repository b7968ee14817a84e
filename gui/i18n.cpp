#include "i18n.h"

#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

namespace gui {

namespace {

struct Pair {
    const char* en;
    const char* ko;
};

const Pair kTable[] = {
#include "i18n_classroom.inc"
#include "i18n_editor.inc"
#include "i18n_fit.inc"
#include "i18n_io.inc"
#include "i18n_pictures.inc"
#include "i18n_races.inc"
#include "i18n_table.inc"
#include "i18n_web.inc"
};

Lang g_lang = Lang::En;
std::set<std::string> g_missing;

const std::unordered_map<std::string_view, const char*>& table() {
    static const std::unordered_map<std::string_view, const char*> t = [] {
        std::unordered_map<std::string_view, const char*> m;
        for (const Pair& p : kTable)
            m.emplace(p.en, p.ko);
        return m;
    }();
    return t;
}

} // namespace

void set_lang(Lang l) {
    g_lang = l;
}
Lang lang() {
    return g_lang;
}
bool korean() {
    return g_lang == Lang::Ko;
}

const char* tr(const char* en) {
    if (g_lang == Lang::En) return en;
    auto it = table().find(en);
    if (it != table().end()) return it->second;
    g_missing.insert(en);
    return en;
}

std::vector<std::string> missing_translations() {
    return {g_missing.begin(), g_missing.end()};
}

std::vector<std::string_view> korean_labels() {
    std::vector<std::string_view> out;
    for (const Pair& p : kTable)
        out.emplace_back(p.ko);
    return out;
}

Lang parse_lang(std::string_view s) {
    return s == "ko" ? Lang::Ko : Lang::En;
}
const char* lang_id(Lang l) {
    return l == Lang::Ko ? "ko" : "en";
}

} // namespace gui
