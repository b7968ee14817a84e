// Dark, light and high-contrast themes, scaled for the projector, and the
// per-thread colours every panel uses.
#pragma once

#include <imgui.h>

#include <string>

namespace gui {

enum class Theme { Dark, Light, HighContrast };
Theme parse_theme(const std::string& name);
const char* theme_id(Theme t);

// Sets ImGui's style for the theme, with every size scaled by `scale`.
void apply_theme(Theme t, float scale);
Theme current_theme();

// Colours that depend on the theme.
struct Palette {
    ImVec4 threads[9]; // [0] idle, [1..8] threads (by tid % 8)
    ImVec4 changed, fault, dim, ok, warn, running, ready, blocked, done;
    ImVec4 region_code, region_data, region_heap, region_stack, region_tls, region_lib,
        region_guard, region_tramp;
    ImVec4 banner_fault, banner_error, banner_info, banner_text;
};
const Palette& palette();

} // namespace gui
