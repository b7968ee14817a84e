// Checks a headless screenshot of the dashboard for the GUI tests:
//   glassbox_shotcheck shot.png state.json [--size WxH] [--panel ID]...
//       [--banner ID]... [--min-errors N] [--font-scale S] [--no-missing-translations]
//       [--lesson ID] [--instructions N] [--timer N] [--answer-shown]
//       [--lessons N] [--lesson-error TEXT]... [--watches-fit] [--result-fits]
//       [--max-timeline-rects N] [--min-cycle N] [--no-panel ID]... [--no-clipped-text]
//       [--interleaved N] [--axis-labels-inside] [--min-lines ID N] [--banners-fit]
//       [--at-least KEY N]
// The PNG must have the size asked for and pixels that are not all one
// colour; the JSON sidecar (written by `glassbox --dump-state`) must list
// the panels and banners asked for as visible.
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace {
int fail(const std::string& why) {
    std::fprintf(stderr, "FAIL: %s\n", why.c_str());
    return 1;
}
// a inside b (rectangles as [x0, y0, x1, y1]), to half a pixel.
bool inside(const nlohmann::json& a, const nlohmann::json& b) {
    return a[0].get<double>() >= b[0].get<double>() - 0.5 &&
           a[1].get<double>() >= b[1].get<double>() - 0.5 &&
           a[2].get<double>() <= b[2].get<double>() + 0.5 &&
           a[3].get<double>() <= b[3].get<double>() + 0.5;
}
// Every layout item of `kind` lies inside the visible part of its panel, and
// that inside the window; returns how many there were, or -1 (with `why`).
int items_fit(const nlohmann::json& state, const std::string& kind, std::string& why) {
    int n = 0;
    for (const auto& it : state["layout"]) {
        if (it["kind"] != kind) continue;
        ++n;
        std::string name = kind + " '" + it["id"].get<std::string>() + "' " + it["rect"].dump();
        if (!inside(it["rect"], it["clip"])) {
            why = name + " is cut off by its panel '" + it["panel"].get<std::string>() + "' " +
                  it["clip"].dump();
            return -1;
        }
        if (!inside(it["clip"], state["window"])) {
            why = name + ": its panel " + it["clip"].dump() + " is not inside the window " +
                  state["window"].dump();
            return -1;
        }
    }
    return n;
}
bool contains(const nlohmann::json& arr, const std::string& s) {
    if (!arr.is_array()) return false;
    for (const auto& v : arr)
        if (v.is_string() && v.get<std::string>() == s) return true;
    return false;
}
} // namespace

int main(int argc, char** argv) {
    if (argc < 3) return fail("usage: glassbox_shotcheck shot.png state.json [checks]");
    int w = 0, h = 0, n = 0;
    unsigned char* px = stbi_load(argv[1], &w, &h, &n, 4);
    if (!px) return fail(std::string("cannot read ") + argv[1]);
    std::vector<unsigned char> pixels(px, px + static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
    stbi_image_free(px);

    std::ifstream in(argv[2]);
    if (!in) return fail(std::string("cannot read ") + argv[2]);
    nlohmann::json state;
    try {
        in >> state;
    } catch (const std::exception& e) {
        return fail(std::string("bad JSON: ") + e.what());
    }

    // Not uniform: count distinct colours (a rendered dashboard has many).
    std::set<uint32_t> colours;
    for (size_t i = 0; i + 3 < pixels.size() && colours.size() < 1000; i += 4 * 7)
        colours.insert(static_cast<uint32_t>(pixels[i]) << 16 |
                       static_cast<uint32_t>(pixels[i + 1]) << 8 | pixels[i + 2]);
    if (colours.size() < 8)
        return fail("the screenshot is (nearly) uniform: " + std::to_string(colours.size()) +
                    " colours");

    for (int i = 3; i < argc; ++i) {
        std::string a = argv[i];
        std::string v = i + 1 < argc ? argv[i + 1] : "";
        if (a == "--size") {
            ++i;
            int ew = 0, eh = 0;
            if (std::sscanf(v.c_str(), "%dx%d", &ew, &eh) != 2) return fail("bad --size " + v);
            if (w != ew || h != eh)
                return fail("size " + std::to_string(w) + "x" + std::to_string(h) + ", expected " +
                            v);
        } else if (a == "--panel") {
            ++i;
            if (!contains(state["panels"], v))
                return fail("panel '" + v + "' is not visible: " + state["panels"].dump());
        } else if (a == "--no-panel") {
            ++i;
            if (contains(state["panels"], v))
                return fail("panel '" + v + "' is visible: " + state["panels"].dump());
        } else if (a == "--banner") {
            ++i;
            if (!contains(state["banners"], v))
                return fail("banner '" + v + "' is not shown: " + state["banners"].dump());
        } else if (a == "--min-errors") {
            ++i;
            if (state.value("errors", 0) < std::stoi(v))
                return fail("expected at least " + v + " assembler errors listed, got " +
                            state["errors"].dump());
        } else if (a == "--editor-errors") {
            ++i;
            int got = state.contains("editor") ? state["editor"].value("errors", 0) : 0;
            if (got < std::stoi(v))
                return fail("expected at least " + v + " errors underlined in the editor, got " +
                            std::to_string(got));
        } else if (a == "--font-scale") {
            ++i;
            if (std::fabs(state.value("font_scale", 0.0) - std::stod(v)) > 0.01)
                return fail("font scale " + state["font_scale"].dump() + ", expected " + v);
        } else if (a == "--lesson") {
            ++i;
            if (state.value("lesson", std::string()) != v)
                return fail("lesson " + state["lesson"].dump() + " is open, expected " + v);
        } else if (a == "--instructions") {
            ++i;
            if (state.value("instructions", uint64_t(0)) != std::stoull(v))
                return fail("ran " + state["instructions"].dump() + " instructions, expected " + v);
        } else if (a == "--timer") {
            ++i;
            if (state["config"].value("timer", uint64_t(0)) != std::stoull(v))
                return fail("the timer period is " + state["config"]["timer"].dump() +
                            ", expected " + v);
        } else if (a == "--answer-shown") {
            if (!state.value("answer_shown", false))
                return fail("the lesson's answer is not shown");
        } else if (a == "--lessons") {
            ++i;
            if (state.value("lessons", 0) != std::stoi(v))
                return fail("the picker lists " + state["lessons"].dump() + " lessons, expected " +
                            v);
        } else if (a == "--lesson-error") {
            ++i;
            bool found = false;
            for (const auto& e : state["lesson_errors"])
                if (e.is_string() && e.get<std::string>().find(v) != std::string::npos)
                    found = true;
            if (!found)
                return fail("no lesson problem mentions '" + v +
                            "': " + state["lesson_errors"].dump());
        } else if (a == "--watches-fit") {
            std::string why;
            int drawn = items_fit(state, "watch", why);
            if (drawn < 0) return fail(why);
            if (state.value("watches", 0) == 0) return fail("the lesson has no watches");
            if (drawn < state.value("watch_rows", 0))
                return fail(std::to_string(drawn) + " watch rows drawn of " +
                            state["watch_rows"].dump());
        } else if (a == "--banners-fit") {
            // Each banner's text (a fault, a stop, errors) inside its strip and the window.
            std::string why;
            if (items_fit(state, "banner_text", why) < 1)
                return fail(why.empty() ? "no banner drawn" : why);
        } else if (a == "--result-fits") {
            std::string why;
            int drawn = items_fit(state, "result", why);
            if (drawn < 0) return fail(why);
            if (drawn == 0 || state.value("result", std::string()).empty())
                return fail("no result banner: " + state["result"].dump());
        } else if (a == "--max-timeline-rects") {
            ++i;
            if (state.value("timeline_rects", 1 << 30) > std::stoi(v))
                return fail("the timeline drew " + state["timeline_rects"].dump() +
                            " rectangles, more than " + v);
        } else if (a == "--min-cycle") {
            ++i;
            if (state.value("cycle", uint64_t(0)) < std::stoull(v))
                return fail("the run reached cycle " + state["cycle"].dump() + ", not " + v);
        } else if (a == "--no-clipped-text") {
            // The dashboard notes each table column and panel whose drawn
            // content is wider than the part of it in view (gui/fit.cpp).
            std::string cut;
            for (const auto& it : state["layout"])
                if (it["kind"] == "clipped")
                    cut += "\n  " + it["panel"].get<std::string>() + ": " +
                           it["id"].get<std::string>() + " drawn to x=" + it["rect"][2].dump() +
                           ", visible to x=" + it["clip"][2].dump();
            if (!cut.empty()) return fail("text cut off at the edge:" + cut);
        } else if (a == "--min-lines") {
            // Each item of kind ID (or panel ID) shows at least N lines of text
            // (its visible height over the dashboard's line height); at least one is drawn.
            if (i + 2 >= argc) return fail("--min-lines needs an id and a number");
            std::string id = argv[++i];
            double want = std::stod(argv[++i]), line = state.value("line_height", 0.0);
            if (line <= 0) return fail("no line_height in the state");
            int seen = 0;
            for (const auto& it : state["layout"]) {
                if (it["kind"] != id && !(it["kind"] == "panel" && it["id"] == id)) continue;
                ++seen;
                double top = std::max(it["rect"][1].get<double>(), it["clip"][1].get<double>());
                double bottom = std::min(it["rect"][3].get<double>(), it["clip"][3].get<double>());
                double lines = (bottom - top) / line;
                if (lines < want)
                    return fail(id + " shows " + std::to_string(lines) + " lines, fewer than " +
                                argv[i]);
            }
            if (!seen) return fail("nothing drawn as " + id);
        } else if (a == "--at-least") {
            // A number in the state dump is at least N ("timeline_coroutine_marks").
            if (i + 2 >= argc) return fail("--at-least needs a key and a number");
            std::string key = argv[++i];
            double want = std::stod(argv[++i]);
            if (!state.contains(key) || !state[key].is_number() || state[key].get<double>() < want)
                return fail(key + " is " + state.value(key, nlohmann::json()).dump() +
                            ", not at least " + argv[i]);
        } else if (a == "--axis-labels-inside") {
            // The timeline drew cycle labels, the last of them ending inside the lanes.
            const auto& ax = state["timeline_axis"];
            if (ax.value("labels", 0) < 2)
                return fail("the timeline's axis has fewer than 2 labels: " + ax.dump());
            if (ax["label_right"].get<double>() > ax["lanes_right"].get<double>() + 0.5)
                return fail("an axis label runs past the lanes' right edge: " + ax.dump());
        } else if (a == "--interleaved") {
            // At least N threads ran, and the instruction-counting timer
            // (x86.py's) interrupted them at least N times.
            if (i + 1 >= argc) return fail("--interleaved needs a number");
            int want = std::stoi(argv[++i]), ran = 0;
            for (const auto& count : state["thread_instructions"])
                if (count.get<uint64_t>() > 0) ++ran;
            if (ran < want || state["instruction_interrupts"].get<uint64_t>() < uint64_t(want))
                return fail("threads not interleaved: " + std::to_string(ran) + " ran, " +
                            state["instruction_interrupts"].dump() + " interrupts");
        } else if (a == "--no-missing-translations") {
            if (!state["missing_translations"].empty())
                return fail("labels without a translation: " +
                            state["missing_translations"].dump());
        } else {
            return fail("unknown check " + a);
        }
    }
    std::printf("ok: %s %dx%d, %zu+ colours, panels %s, banners %s\n", argv[1], w, h,
                colours.size(), state["panels"].dump().c_str(), state["banners"].dump().c_str());
    return 0;
}
