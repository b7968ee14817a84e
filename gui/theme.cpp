#include "theme.h"

namespace gui {

namespace {
Theme g_theme = Theme::Dark;
Palette g_palette;

ImVec4 rgb(int hex, float a = 1.0f) {
    return ImVec4(static_cast<float>((hex >> 16) & 0xff) / 255.f,
                  static_cast<float>((hex >> 8) & 0xff) / 255.f,
                  static_cast<float>(hex & 0xff) / 255.f, a);
}

void set_palette(Theme t) {
    Palette& p = g_palette;
    if (t == Theme::Light) {
        // No thread colour is a state colour (running green, ready orange, blocked red).
        const int th[9] = {0x9a9a9a, 0x1f6fd1, 0xb0279f, 0x0f8f9a, 0x5b4bc4,
                           0x3d5a80, 0x7d7d00, 0xe0529c, 0x303030};
        for (int i = 0; i < 9; ++i)
            p.threads[i] = rgb(th[i]);
        p.changed = rgb(0xc45100);
        p.fault = rgb(0xc0141e);
        p.dim = rgb(0x5c5c5c);
        p.ok = rgb(0x16803c);
        p.warn = rgb(0x9a5b00);
        p.region_code = rgb(0x9cc2ef);
        p.region_data = rgb(0xa9dfb3);
        p.region_heap = rgb(0xf2d48f);
        p.region_stack = rgb(0xf0b1a6);
        p.region_tls = rgb(0xd9b8ec);
        p.region_lib = rgb(0x9fdedc);
        p.region_guard = rgb(0xd6d6d6);
        p.region_tramp = rgb(0xc8c8e0);
        p.banner_fault = rgb(0xf7c9c9);
        p.banner_error = rgb(0xf9e0b0);
        p.banner_info = rgb(0xcfe3f7);
        p.banner_text = rgb(0x101010);
    } else if (t == Theme::HighContrast) {
        const int th[9] = {0xb0b0b0, 0x4fc3ff, 0xff6bf0, 0xfff04a, 0x4affea,
                           0xb59cff, 0xffffff, 0xff9ad5, 0x8f8fff};
        for (int i = 0; i < 9; ++i)
            p.threads[i] = rgb(th[i]);
        p.changed = rgb(0xffff00);
        p.fault = rgb(0xff4040);
        p.dim = rgb(0xd0d0d0);
        p.ok = rgb(0x40ff60);
        p.warn = rgb(0xffc000);
        p.region_code = rgb(0x0050b0);
        p.region_data = rgb(0x007a2a);
        p.region_heap = rgb(0x8a6a00);
        p.region_stack = rgb(0x9a2a10);
        p.region_tls = rgb(0x6a2a9a);
        p.region_lib = rgb(0x00707a);
        p.region_guard = rgb(0x303030);
        p.region_tramp = rgb(0x40406a);
        p.banner_fault = rgb(0xb00000);
        p.banner_error = rgb(0x8a5a00);
        p.banner_info = rgb(0x003a80);
        p.banner_text = rgb(0xffffff);
    } else {
        const int th[9] = {0x7a7a7a, 0x5aa9ff, 0xe07be0, 0xe6d15a, 0x4fd6d0,
                           0xa99bff, 0xd9d9d9, 0xf59ac8, 0x8f9fcf};
        for (int i = 0; i < 9; ++i)
            p.threads[i] = rgb(th[i]);
        p.changed = rgb(0xffd24a);
        p.fault = rgb(0xff6060);
        p.dim = rgb(0xa0a4ab);
        p.ok = rgb(0x6ee28a);
        p.warn = rgb(0xffb347);
        p.region_code = rgb(0x2c5d99);
        p.region_data = rgb(0x2e7a45);
        p.region_heap = rgb(0x85692a);
        p.region_stack = rgb(0x8d4636);
        p.region_tls = rgb(0x6a4a8a);
        p.region_lib = rgb(0x2a7775);
        p.region_guard = rgb(0x3a3a3e);
        p.region_tramp = rgb(0x4a4a6a);
        p.banner_fault = rgb(0x7a1c1c);
        p.banner_error = rgb(0x6e4a10);
        p.banner_info = rgb(0x1d3d66);
        p.banner_text = rgb(0xffffff);
    }
    p.running = p.ok;
    p.ready = p.warn;
    p.blocked = p.fault;
    p.done = p.dim;
}
} // namespace

Theme parse_theme(const std::string& name) {
    if (name == "light") return Theme::Light;
    if (name == "high-contrast" || name == "contrast" || name == "hc") return Theme::HighContrast;
    return Theme::Dark;
}

const char* theme_id(Theme t) {
    switch (t) {
    case Theme::Light: return "light";
    case Theme::HighContrast: return "high-contrast";
    case Theme::Dark: break;
    }
    return "dark";
}

Theme current_theme() {
    return g_theme;
}
const Palette& palette() {
    return g_palette;
}

void apply_theme(Theme t, float scale) {
    g_theme = t;
    ImGuiStyle style; // fresh sizes, then scale once
    ImGui::GetStyle() = style;
    ImGuiStyle& s = ImGui::GetStyle();
    switch (t) {
    case Theme::Light: ImGui::StyleColorsLight(&s); break;
    case Theme::HighContrast: ImGui::StyleColorsDark(&s); break;
    case Theme::Dark: ImGui::StyleColorsDark(&s); break;
    }
    s.WindowRounding = 3;
    s.FrameRounding = 3;
    s.TabRounding = 3;
    s.ScrollbarSize = 16;
    s.WindowPadding = ImVec2(8, 6);
    s.ItemSpacing = ImVec2(8, 5);
    s.FramePadding = ImVec2(6, 3);
    s.WindowBorderSize = 1;
    ImVec4* c = s.Colors;
    if (t == Theme::Dark) {
        c[ImGuiCol_WindowBg] = rgb(0x1b1d22);
        c[ImGuiCol_ChildBg] = rgb(0x1b1d22, 0);
        c[ImGuiCol_Text] = rgb(0xe8e8e8);
        c[ImGuiCol_TextDisabled] = rgb(0x9098a0);
        c[ImGuiCol_TableRowBgAlt] = rgb(0xffffff, 0.035f);
    } else if (t == Theme::Light) {
        c[ImGuiCol_WindowBg] = rgb(0xf6f6f6);
        c[ImGuiCol_Text] = rgb(0x111111);
        c[ImGuiCol_TextDisabled] = rgb(0x606060);
        c[ImGuiCol_TableRowBgAlt] = rgb(0x000000, 0.04f);
    } else {
        // High contrast: pure black, white text, bright edges, yellow focus.
        c[ImGuiCol_WindowBg] = rgb(0x000000);
        c[ImGuiCol_ChildBg] = rgb(0x000000, 0);
        c[ImGuiCol_PopupBg] = rgb(0x000000);
        c[ImGuiCol_MenuBarBg] = rgb(0x000000);
        c[ImGuiCol_Text] = rgb(0xffffff);
        c[ImGuiCol_TextDisabled] = rgb(0xd0d0d0);
        c[ImGuiCol_Border] = rgb(0xffffff);
        c[ImGuiCol_FrameBg] = rgb(0x000000);
        c[ImGuiCol_FrameBgHovered] = rgb(0x303000);
        c[ImGuiCol_FrameBgActive] = rgb(0x505000);
        c[ImGuiCol_TitleBg] = rgb(0x000000);
        c[ImGuiCol_TitleBgActive] = rgb(0x003a80);
        c[ImGuiCol_Button] = rgb(0x003a80);
        c[ImGuiCol_ButtonHovered] = rgb(0x0060d0);
        c[ImGuiCol_ButtonActive] = rgb(0xffff00);
        c[ImGuiCol_Header] = rgb(0x003a80);
        c[ImGuiCol_HeaderHovered] = rgb(0x0060d0);
        c[ImGuiCol_HeaderActive] = rgb(0x0080ff);
        c[ImGuiCol_Tab] = rgb(0x202020);
        c[ImGuiCol_TabHovered] = rgb(0x0060d0);
        c[ImGuiCol_TabActive] = rgb(0x003a80);
        c[ImGuiCol_TabUnfocusedActive] = rgb(0x003a80);
        c[ImGuiCol_CheckMark] = rgb(0xffff00);
        c[ImGuiCol_SliderGrab] = rgb(0xffff00);
        c[ImGuiCol_SliderGrabActive] = rgb(0xffffff);
        c[ImGuiCol_TableRowBgAlt] = rgb(0xffffff, 0.06f);
        c[ImGuiCol_TableBorderStrong] = rgb(0xffffff);
        c[ImGuiCol_Separator] = rgb(0xffffff);
        s.FrameBorderSize = 1;
    }
    s.ScaleAllSizes(scale);
    set_palette(t);
}

} // namespace gui
