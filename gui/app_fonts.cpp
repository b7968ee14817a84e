// The App's fonts: the monospace font with Hangul at the chosen scale,
// only the glyphs the screen can show (app.h).
#include "app.h"

#include "platform.h"
#include "theme.h"

#include "sim/asm/file_text.h"
#include "teach/event_words.h"
#include "teach/panels.h"
#include "teach/trace_export.h"

#include "sim/cpu/fault.h"
#include "sim/isa/isa.h"
#include "sim/kernel/syscalls.h"

#include <backends/imgui_impl_opengl3.h>
#include <imgui_internal.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gui {

namespace fs = std::filesystem;

namespace {

constexpr const char* kBoldFontPath = "/usr/share/fonts/truetype/nanum/NanumGothicCodingBold.ttf";
constexpr const char* kSymbolFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
constexpr const char* kSymbolBoldFontPath =
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf";
constexpr float kBaseFontPx = 16.0f;

} // namespace

// --- fonts and theme ------------------------------------------------------------

void App::rebuild_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    float scale = settings_.font_scale;
    ImFontGlyphRangesBuilder b;
    b.AddRanges(io.Fonts->GetGlyphRangesDefault());
    static const ImWchar extra[] = {0x2000, 0x206F, 0x2190, 0x21FF, 0x2200, 0x22FF, 0x2500,
                                    0x257F, 0x25A0, 0x25FF, 0x3131, 0x318F, 0};
    b.AddRanges(extra);
    // Hangul syllables: only those the labels, the ISA table and the loaded
    // texts use (the whole block would need a huge atlas at 3×).
    for (std::string_view s : korean_labels())
        b.AddText(s.data(), s.data() + s.size());
    for (const gb::OpInfo& op : gb::isa_table())
        b.AddText(op.explain_ko.data(), op.explain_ko.data() + op.explain_ko.size());
    for (int f = 0; f <= static_cast<int>(gb::Fault::BadSyscall) + 4; ++f) {
        auto s = gb::fault_name_ko(static_cast<gb::Fault>(f));
        b.AddText(s.data(), s.data() + s.size());
    }
    for (const gb::SyscallInfo& sc : gb::syscall_table())
        b.AddText(sc.explain_ko.data(), sc.explain_ko.data() + sc.explain_ko.size());
    for (std::string_view s : gb::event_words_korean())
        b.AddText(s.data(), s.data() + s.size());
    for (const std::string& t : glyph_texts_)
        b.AddText(t.c_str(), t.c_str() + t.size());
    glyph_ranges_.clear();
    b.BuildRanges(&glyph_ranges_);
    // Bold and heading fonts (the lesson texts): ASCII and the glyphs of headings and bold text.
    ImFontGlyphRangesBuilder bb;
    bb.AddRanges(io.Fonts->GetGlyphRangesDefault());
    bb.AddRanges(extra);
    bb.AddText(bold_glyphs_.c_str(), bold_glyphs_.c_str() + bold_glyphs_.size());
    bold_ranges_.clear();
    bb.BuildRanges(&bold_ranges_);

    ImFontConfig cfg;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    ImFont* font = nullptr;
    if (!font_path_.empty())
        font = io.Fonts->AddFontFromFileTTF(font_path_.c_str(), std::round(kBaseFontPx * scale),
                                            &cfg, glyph_ranges_.Data);
    // NanumGothicCoding has no minus sign (U+2212, "r2 ← r2 − 1"): take it from DejaVu Sans Mono.
    static const ImWchar minus[] = {0x2212, 0x2212, 0};
    auto add_minus = [&](const char* path, float px) {
        if (!font || !fs::exists(path)) return;
        ImFontConfig merge = cfg;
        merge.MergeMode = true;
        io.Fonts->AddFontFromFileTTF(path, px, &merge, minus);
    };
    add_minus(kSymbolFontPath, std::round(kBaseFontPx * scale));
    if (!font) {
        cfg.SizePixels = std::round(13.0f * scale);
        io.Fonts->AddFontDefault(&cfg);
    }
    ui_.font_bold = ui_.font_heading = nullptr;
    if (font && fs::exists(kBoldFontPath)) {
        ui_.font_bold = io.Fonts->AddFontFromFileTTF(kBoldFontPath, std::round(kBaseFontPx * scale),
                                                     &cfg, bold_ranges_.Data);
        add_minus(kSymbolBoldFontPath, std::round(kBaseFontPx * scale));
        ui_.font_heading = io.Fonts->AddFontFromFileTTF(
            kBoldFontPath, std::round(kBaseFontPx * scale * 1.3f), &cfg, bold_ranges_.Data);
        add_minus(kSymbolBoldFontPath, std::round(kBaseFontPx * scale * 1.3f));
    }
    io.Fonts->Build();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    built_scale_ = scale;
    fonts_dirty_ = false;
}

} // namespace gui
