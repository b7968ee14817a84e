// [SECTION] Markdown: draws the blocks gb::parse_markdown (teach/markdown.h)
// makes of a lesson text, wrapped to the window at any font scale. Dear
// ImGui 1.86 wraps only whole TextWrapped calls in one font, so paragraphs
// are laid out here word by word: a word may mix styles ("`count`의"), lines
// break only at spaces (or inside a word longer than the line), `code` gets
// a tinted box, **bold** the bold font, headings the heading font; code
// blocks keep their lines and scroll sideways when they are wider than the
// panel.
#include "teach/markdown.h"
#include "theme.h"
#include "ui.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace gui {

namespace {

struct Style {
    ImFont* font = nullptr;
    ImU32 colour = 0;
    bool code = false;
};

// A piece of a word in one style.
struct Atom {
    std::string_view text;
    Style style;
    float width = 0; // including the code box's padding
};

// Atoms with no space between them: they wrap together.
struct Word {
    std::vector<Atom> atoms;
    float width = 0;
    float space_after = 0; // the width of the spaces that follow (0 at the end)
};

size_t utf8_len(unsigned char c) {
    if (c < 0x80) return 1;
    if ((c >> 5) == 0x6) return 2;
    if ((c >> 4) == 0xe) return 3;
    if ((c >> 3) == 0x1e) return 4;
    return 1;
}

float text_w(ImFont* f, std::string_view s) {
    if (s.empty()) return 0;
    return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, s.data(), s.data() + s.size()).x;
}

float code_pad() {
    return ImGui::GetFontSize() * 0.2f;
}

// Splits styled spans into words (runs between spaces), keeping style changes inside a word.
std::vector<Word> words_of(const std::vector<gb::MdSpan>& spans, const std::vector<Style>& styles) {
    std::vector<Word> out;
    bool glue = false; // the next atom continues the last word
    for (size_t i = 0; i < spans.size(); ++i) {
        std::string_view t = spans[i].text;
        const Style& st = styles[i];
        if (st.code) {
            // `count = count + 1` stays in one box (it breaks only if longer than a line).
            Atom a{t, st, text_w(st.font, t) + 2 * code_pad()};
            if (!glue || out.empty()) out.emplace_back();
            out.back().atoms.push_back(a);
            out.back().width += a.width;
            glue = true;
            continue;
        }
        size_t p = 0;
        while (p < t.size()) {
            if (t[p] == ' ') {
                size_t q = t.find_first_not_of(' ', p);
                if (q == std::string_view::npos) q = t.size();
                if (!out.empty()) out.back().space_after += text_w(st.font, t.substr(p, q - p));
                glue = false;
                p = q;
                continue;
            }
            size_t q = t.find(' ', p);
            if (q == std::string_view::npos) q = t.size();
            Atom a{t.substr(p, q - p), st, 0};
            a.width = text_w(st.font, a.text) + (st.code ? 2 * code_pad() : 0);
            if (!glue || out.empty()) out.emplace_back();
            out.back().atoms.push_back(a);
            out.back().width += a.width;
            glue = true;
            p = q;
        }
    }
    return out;
}

void draw_atom(ImDrawList* dl, const Atom& a, std::string_view text, float width, ImVec2 pos,
               float line_h) {
    float fh = a.style.font->FontSize;
    float y = pos.y + (line_h - fh) * 0.5f;
    float x = pos.x;
    if (a.style.code) {
        dl->AddRectFilled(ImVec2(x, y - fh * 0.05f), ImVec2(x + width, y + fh * 1.05f),
                          ImGui::GetColorU32(ImGuiCol_FrameBg), fh * 0.2f);
        x += code_pad();
    }
    dl->AddText(a.style.font, fh, ImVec2(x, y), a.style.colour, text.data(),
                text.data() + text.size());
}

// Lays out and draws one block of text from x0 (screen) with the first line
// starting at `first_x`; advances ImGui's cursor past it.
void flow(const std::vector<Word>& words, float x0, float first_x, float x1, float line_h) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 start = ImGui::GetCursorScreenPos();
    float x = first_x, y = start.y;
    bool line_empty = true;
    auto newline = [&] {
        x = x0;
        y += line_h;
        line_empty = true;
    };
    float max_w = std::max(1.0f, x1 - x0);
    for (const Word& w : words) {
        if (!line_empty && x + w.width > x1) newline();
        if (w.width <= max_w) {
            for (const Atom& a : w.atoms) {
                draw_atom(dl, a, a.text, a.width, ImVec2(x, y), line_h);
                x += a.width;
            }
        } else {
            // Longer than a whole line: break it between characters.
            for (const Atom& a : w.atoms) {
                std::string_view rest = a.text;
                while (!rest.empty()) {
                    size_t n = 0;
                    float used = a.style.code ? 2 * code_pad() : 0;
                    while (n < rest.size()) {
                        size_t len = std::min(utf8_len(static_cast<unsigned char>(rest[n])),
                                              rest.size() - n);
                        float cw = text_w(a.style.font, rest.substr(n, len));
                        if (x + used + cw > x1 && (n > 0 || !line_empty)) break;
                        used += cw;
                        n += len;
                    }
                    if (n == 0) {
                        newline();
                        continue;
                    }
                    draw_atom(dl, a, rest.substr(0, n), used, ImVec2(x, y), line_h);
                    x += used;
                    line_empty = false;
                    rest.remove_prefix(n);
                    if (!rest.empty()) newline();
                }
            }
        }
        line_empty = false;
        x += w.space_after;
    }
    float h = y + line_h - start.y;
    ImGui::Dummy(ImVec2(std::max(1.0f, x1 - start.x), h));
}

void code_block(const std::string& code, size_t id) {
    ImFont* f = ImGui::GetFont();
    float pad = ImGui::GetFontSize() * 0.5f;
    ImVec2 size =
        f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, code.c_str(), code.c_str() + code.size());
    float avail = ImGui::GetContentRegionAvail().x;
    const ImGuiStyle& st = ImGui::GetStyle();
    bool wide = size.x + pad * 2 > avail;
    float h = size.y + pad * 2 + (wide ? st.ScrollbarSize : 0);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::GetColorU32(ImGuiCol_FrameBg));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(pad, pad));
    ImGui::PushStyleVar(ImGuiStyleVar_ChildRounding, pad * 0.5f);
    ImGui::PushID(static_cast<int>(id));
    if (ImGui::BeginChild("code", ImVec2(avail, h), false,
                          ImGuiWindowFlags_HorizontalScrollbar |
                              ImGuiWindowFlags_AlwaysUseWindowPadding |
                              ImGuiWindowFlags_NoScrollWithMouse)) {
        ImGui::PushStyleColor(ImGuiCol_Text, colour_ok());
        ImGui::TextUnformatted(code.c_str(), code.c_str() + code.size());
        ImGui::PopStyleColor();
    }
    ImGui::EndChild();
    ImGui::PopID();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
}

} // namespace

void draw_markdown(const std::vector<gb::MdBlock>& blocks, const UiState& ui) {
    ImFont* regular = ImGui::GetFont();
    ImFont* bold = ui.font_bold ? ui.font_bold : regular;
    ImFont* heading = ui.font_heading ? ui.font_heading : bold;
    float em = ImGui::GetFontSize();
    ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    ImU32 accent = ImGui::GetColorU32(colour_changed());
    ImU32 code = ImGui::GetColorU32(colour_ok());
    ImU32 emph = ImGui::GetColorU32(colour_warn());
    float line_h = em * 1.3f;
    float gap = em * 0.45f;

    for (size_t bi = 0; bi < blocks.size(); ++bi) {
        const gb::MdBlock& b = blocks[bi];
        float x0 = ImGui::GetCursorScreenPos().x;
        float x1 = x0 + std::max(em * 4, ImGui::GetContentRegionAvail().x);
        bool list = b.kind == gb::MdBlock::Kind::Bullet || b.kind == gb::MdBlock::Kind::Numbered;
        bool after_list = bi > 0 && (blocks[bi - 1].kind == gb::MdBlock::Kind::Bullet ||
                                     blocks[bi - 1].kind == gb::MdBlock::Kind::Numbered);
        if (bi > 0) ImGui::Dummy(ImVec2(0, list && after_list ? gap * 0.3f : gap));

        switch (b.kind) {
        case gb::MdBlock::Kind::Code: code_block(b.code, bi); break;
        case gb::MdBlock::Kind::Rule: ImGui::Separator(); break;
        case gb::MdBlock::Kind::Heading: {
            if (bi > 0) ImGui::Dummy(ImVec2(0, gap * 0.5f));
            ImFont* f = b.level <= 1 ? heading : bold;
            ImU32 col = b.level <= 2 ? accent : text;
            std::vector<Style> styles;
            for (const gb::MdSpan& s : b.spans)
                styles.push_back({f, s.code ? code : col, s.code});
            flow(words_of(b.spans, styles), x0, x0, x1, f->FontSize * 1.25f);
            if (b.level == 2) {
                ImVec2 p = ImGui::GetCursorScreenPos();
                ImGui::GetWindowDrawList()->AddLine(ImVec2(x0, p.y), ImVec2(x1, p.y),
                                                    ImGui::GetColorU32(ImGuiCol_Separator), 1.0f);
                ImGui::Dummy(ImVec2(0, em * 0.15f));
            }
            break;
        }
        case gb::MdBlock::Kind::Paragraph:
        case gb::MdBlock::Kind::Bullet:
        case gb::MdBlock::Kind::Numbered: {
            std::vector<Style> styles;
            for (const gb::MdSpan& s : b.spans)
                styles.push_back({s.bold ? bold : regular,
                                  s.code       ? code
                                  : s.emphasis ? emph
                                               : text,
                                  s.code});
            float indent = list ? em * (1.4f * static_cast<float>(b.level) + 1.4f) : 0;
            if (list) {
                ImDrawList* dl = ImGui::GetWindowDrawList();
                ImVec2 p = ImGui::GetCursorScreenPos();
                float mx = x0 + em * 1.4f * static_cast<float>(b.level);
                if (b.kind == gb::MdBlock::Kind::Bullet) {
                    float r = em * (b.level == 0 ? 0.2f : 0.16f);
                    ImVec2 c(mx + em * 0.55f, p.y + line_h * 0.5f);
                    if (b.level == 0)
                        dl->AddCircleFilled(c, r, text);
                    else
                        dl->AddCircle(c, r, text, 0, std::max(1.0f, em * 0.08f));
                } else {
                    float w = text_w(regular, b.marker);
                    dl->AddText(
                        regular, regular->FontSize,
                        ImVec2(mx + em * 1.2f - w, p.y + (line_h - regular->FontSize) * 0.5f), text,
                        b.marker.c_str());
                }
            }
            flow(words_of(b.spans, styles), x0 + indent, x0 + indent, x1, line_h);
            break;
        }
        }
    }
}

} // namespace gui
