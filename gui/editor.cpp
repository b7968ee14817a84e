// [SECTION] Editor: the program's source, editable in the dashboard. The
// model (undo, line operations, find, assembling after a pause, files) is
// teach/edit_buffer.h; this file draws it over ImGui's multi-line text
// input: the widget's own text is transparent and the lines are drawn again
// beside a gutter — line numbers, breakpoints (the code view's, by address),
// each thread's PC — with syntax colours, the assembler's errors underlined
// and hover help from the ISA table. Debian 12 packages no editor widget
// for Dear ImGui, hence this small one.
#include "platform.h"
#include "ui.h"

#include "teach/asm_syntax.h"
#include "teach/viewmodel.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace gui {

namespace fs = std::filesystem;

namespace {

// --- where things are ------------------------------------------------------------

// The name the editor's text is assembled and applied under.
std::string applied_name(const EditorUi& ed) {
    return ed.buf.path().empty() ? std::string("untitled.s") : ed.buf.path();
}

bool same_path(const std::string& a, const std::string& b) {
    if (a == b) return true;
    if (a.empty() || b.empty()) return false;
    std::error_code ec;
    return fs::equivalent(a, b, ec);
}

void ensure_places(EditorUi& ed, const UiState& ui) {
    if (!ed.roots.empty()) return;
    fs::path src = ui.source_dir.empty() ? fs::path(".") : fs::path(ui.source_dir);
    ed.roots = {(src / "programs").string(), (src / "assets").string()};
    const char* home = std::getenv("HOME");
    ed.user_dir = home && *home ? (fs::path(home) / "glassbox-programs").string()
                                : std::string("glassbox-programs");
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (true) {
        size_t nl = text.find('\n', pos);
        out.push_back(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
        if (nl == std::string::npos) break;
        pos = nl + 1;
    }
    return out;
}

// How the lines of the running program's file and of the edited text
// correspond (they differ until the edits are applied): an edit in one
// place, as gb::line_after_edit.
struct LineMap {
    int file = -1;                   // the edited file in the running image, or -1
    std::vector<int> to_buf, to_img; // 1-based; index by line, 0: no counterpart
};

LineMap line_map(const gb::Image* img, const EditorUi& ed, const std::vector<std::string>& lines) {
    LineMap lm;
    if (!img) return lm;
    for (size_t f = 0; f < img->files.size(); ++f)
        if (same_path(img->files[f].path, applied_name(ed))) {
            lm.file = static_cast<int>(f);
            break;
        }
    if (lm.file < 0) return lm;
    const auto& il = img->files[static_cast<size_t>(lm.file)].lines;
    lm.to_buf.assign(il.size() + 1, 0);
    lm.to_img.assign(lines.size() + 1, 0);
    for (size_t l = 1; l <= il.size(); ++l)
        if (auto b = gb::line_after_edit(il, lines, static_cast<int>(l))) {
            lm.to_buf[l] = *b;
            if (*b >= 1 && static_cast<size_t>(*b) < lm.to_img.size())
                lm.to_img[static_cast<size_t>(*b)] = static_cast<int>(l);
        }
    return lm;
}

std::optional<uint32_t> address_of_buffer_line(const gb::Image* img, const LineMap& lm, int line) {
    if (!img || lm.file < 0 || line < 1 || static_cast<size_t>(line) >= lm.to_img.size())
        return std::nullopt;
    int il = lm.to_img[static_cast<size_t>(line)];
    if (!il) return std::nullopt;
    return gb::view::address_of_line(*img, lm.file, il);
}

int buffer_line_of_address(const gb::Image* img, const LineMap& lm, uint32_t addr) {
    if (!img || lm.file < 0) return 0;
    auto loc = img->line_of(addr);
    if (!loc || loc->file != lm.file || loc->line < 1 ||
        static_cast<size_t>(loc->line) >= lm.to_buf.size())
        return 0;
    return lm.to_buf[static_cast<size_t>(loc->line)];
}

// --- colours -----------------------------------------------------------------------

ImU32 syntax_colour(gb::SyntaxKind k) {
    ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    bool dark = bg.x * 0.3f + bg.y * 0.59f + bg.z * 0.11f < 0.5f;
    auto rgb = [](int r, int g, int b) { return IM_COL32(r, g, b, 255); };
    switch (k) {
    case gb::SyntaxKind::Instruction: return dark ? rgb(110, 180, 255) : rgb(0, 70, 170);
    case gb::SyntaxKind::Register: return dark ? rgb(240, 170, 90) : rgb(150, 70, 0);
    case gb::SyntaxKind::Label: return dark ? rgb(120, 220, 150) : rgb(0, 120, 50);
    case gb::SyntaxKind::Directive: return dark ? rgb(210, 140, 240) : rgb(120, 30, 150);
    case gb::SyntaxKind::Comment: return ImGui::GetColorU32(colour_dim());
    case gb::SyntaxKind::String: return dark ? rgb(230, 210, 120) : rgb(140, 100, 0);
    case gb::SyntaxKind::Number: return dark ? rgb(170, 230, 230) : rgb(0, 110, 120);
    case gb::SyntaxKind::Plain: break;
    }
    return ImGui::GetColorU32(ImGuiCol_Text);
}

float text_x(std::string_view line, size_t bytes) {
    ImFont* f = ImGui::GetFont();
    bytes = std::min(bytes, line.size());
    return f->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, 0, line.data(), line.data() + bytes).x;
}

// The byte of `line` under x (pixels from the text's left edge).
size_t byte_at(std::string_view line, float x) {
    size_t i = 0;
    while (i < line.size()) {
        size_t n = 1;
        auto c = static_cast<unsigned char>(line[i]);
        if (c >= 0xF0)
            n = 4;
        else if (c >= 0xE0)
            n = 3;
        else if (c >= 0xC0)
            n = 2;
        if (text_x(line, i + n) > x) return i;
        i += n;
    }
    return line.size();
}

void wavy(ImDrawList* dl, float x0, float x1, float y, float h, ImU32 col) {
    float step = std::max(2.0f, h * 0.5f);
    ImVec2 prev(x0, y);
    bool up = true;
    for (float x = x0 + step; x < x1 + step; x += step, up = !up) {
        ImVec2 p(std::min(x, x1), up ? y - h * 0.5f : y);
        dl->AddLine(prev, p, col, std::max(1.0f, h * 0.3f));
        prev = p;
    }
}

// --- the text widget ---------------------------------------------------------------

int input_callback(ImGuiInputTextCallbackData* d) {
    auto* ed = static_cast<EditorUi*>(d->UserData);
    if (d->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        ed->input.resize(static_cast<size_t>(d->BufTextLen));
        d->Buf = ed->input.data();
        return 0;
    }
    if (ed->push_text) {
        const std::string& t = ed->buf.text();
        d->DeleteChars(0, d->BufTextLen);
        d->InsertChars(0, t.data(), t.data() + t.size());
        d->CursorPos = d->SelectionStart = d->SelectionEnd =
            static_cast<int>(std::min(ed->buf.cursor(), t.size()));
        ed->push_text = false;
    }
    if (ed->select) {
        int len = d->BufTextLen;
        d->SelectionStart = std::min(static_cast<int>(ed->select->first), len);
        d->SelectionEnd = d->CursorPos = std::min(static_cast<int>(ed->select->second), len);
        ed->select.reset();
        ed->scroll_to_cursor = true;
    }
    ed->cursor = static_cast<size_t>(d->CursorPos);
    ed->sel_begin = static_cast<size_t>(std::min(d->SelectionStart, d->SelectionEnd));
    ed->sel_end = static_cast<size_t>(std::max(d->SelectionStart, d->SelectionEnd));
    return 0;
}

void jump_to(EditorUi& ed, int line, int column, int length) {
    size_t at = ed.buf.offset_of(line, column);
    size_t end = ed.buf.offset_of(line, column + std::max(length, 1)); // (clamped to the line)
    ed.select = std::pair{at, end};
    ed.focus = true;
}

// Writes the text to `path` through the platform (the browser also keeps
// and downloads it); the buffer then lives there.
bool write_buffer(EditorUi& ed, const std::string& path, std::string& error) {
    std::error_code ec;
    fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
    if (!platform::save_program(path, ed.buf.text(), error)) return false;
    ed.buf.saved_to(path);
    return true;
}

// A program just saved is the one open next time and the most recent one
// (File → Recent, and in the browser the list kept in its storage).
void remember(UiState& ui, const std::string& path) {
    if (ui.settings) ui.settings->opened(path);
}

// Saves the buffer by the file rules: a shipped program becomes the user's
// own copy (the original is never written). False when it needs a name first.
bool save_buffer(EditorUi& ed) {
    std::string error;
    if (ed.buf.path().empty()) {
        ed.ask = EditorUi::Ask::SaveAs;
        return false;
    }
    if (gb::is_shipped(ed.buf.path(), ed.roots)) {
        std::string copy = gb::own_copy_path(ed.buf.path(), ed.user_dir);
        if (!write_buffer(ed, copy, error)) {
            ed.note = error;
            return false;
        }
        ed.note = trf("saved your own copy: {} (the shipped file is unchanged)", copy);
        return true;
    }
    if (!write_buffer(ed, ed.buf.path(), error)) {
        ed.note = error;
        return false;
    }
    ed.note = trf("saved {}", ed.buf.path());
    return true;
}

void requeue(EditorUi& ed, std::vector<Command>& out) {
    for (Command& c : ed.held)
        out.push_back(std::move(c));
    ed.held.clear();
}

// [SECTION] the panel's parts.

// Keys while the text has the keyboard (the dashboard's own keys are off then).
void editor_keys(EditorUi& ed, const gb::Session& s, double now, Commands& out) {
    ImGuiIO& io = ImGui::GetIO();
    auto selection = [&] { return std::pair{ed.sel_begin, ed.sel_end}; };
    if (ed.active) {
        bool ctrl = io.KeyCtrl;
        if (ctrl && ImGui::IsKeyPressed(GLFW_KEY_Z, true)) {
            if (io.KeyShift ? ed.buf.redo() : ed.buf.undo())
                ed.select = std::pair{ed.buf.cursor(), ed.buf.cursor()};
        } else if (ctrl && ImGui::IsKeyPressed(GLFW_KEY_Y, true)) {
            if (ed.buf.redo()) ed.select = std::pair{ed.buf.cursor(), ed.buf.cursor()};
        }
        auto line_op = [&](auto op) {
            auto [b, e] = selection();
            (ed.buf.*op)(b, e, now);
            ed.select = std::pair{b, e};
        };
        if (ctrl && ImGui::IsKeyPressed(GLFW_KEY_SLASH, false))
            line_op(&gb::EditBuffer::toggle_comment);
        if (ctrl && ImGui::IsKeyPressed(GLFW_KEY_RIGHT_BRACKET, true))
            line_op(&gb::EditBuffer::indent);
        if (ctrl && ImGui::IsKeyPressed(GLFW_KEY_LEFT_BRACKET, true))
            line_op(&gb::EditBuffer::unindent);
        if (ctrl && ImGui::IsKeyPressed(GLFW_KEY_F, false)) ed.find_open = ed.find_focus = true;
        if (ctrl && ImGui::IsKeyPressed(GLFW_KEY_S, false)) out.push(Cmd::EditorSave);
        if (ctrl && (ImGui::IsKeyPressed(GLFW_KEY_ENTER, false) ||
                     ImGui::IsKeyPressed(GLFW_KEY_KP_ENTER, false))) {
            out.push(Cmd::EditorApply);
            ed.focus = true;
        }
        if (ImGui::IsKeyPressed(GLFW_KEY_F5, false) && s.loaded()) out.push(Cmd::ToggleRun);
    }
}

// New, open, save, apply, find.
void toolbar(EditorUi& ed, UiState& ui, Commands& out) {
    // The next button on this row when it fits, else on the next (long Korean labels).
    auto flow = [](const char* label) {
        const ImGuiStyle& st = ImGui::GetStyle();
        float w = ImGui::CalcTextSize(label).x + st.FramePadding.x * 2;
        float right = ImGui::GetItemRectMax().x + st.ItemSpacing.x + w;
        if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
            ImGui::SameLine();
    };
    auto new_menu = [&] {
        if (ImGui::BeginPopup("new")) {
            if (ImGui::MenuItem(tr("A program with a commented main")))
                out.queue.push_back({Cmd::EditorNew, 0, 0, 0, {}, {}});
            if (ImGui::MenuItem(tr("Two threads")))
                out.queue.push_back({Cmd::EditorNew, 1, 0, 0, {}, {}});
            ImGui::EndPopup();
        }
    };
    auto apply = [&] {
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_ButtonActive));
        if (ImGui::Button(tr("Apply and reset"))) out.push(Cmd::EditorApply);
        ImGui::PopStyleColor();
        tooltip(tr("Ctrl+Enter: assemble this text and run it from the start. Until then the "
                   "machine runs the last program that was applied."));
    };
    // Not all on one row (big text, long Korean labels, a narrow tile): the
    // two buttons a student needs most, the rest behind "⋯", so the text keeps its lines.
    const ImGuiStyle& st = ImGui::GetStyle();
    float all = 0;
    for (const char* l :
         {tr("New"), tr("Open…"), tr("Save"), tr("Save as…"), tr("Apply and reset"), tr("Find")})
        all += button_width(l) + st.ItemSpacing.x;
    if (all - st.ItemSpacing.x > ImGui::GetContentRegionAvail().x) {
        apply();
        flow(tr("Save"));
        if (ImGui::Button(tr("Save"))) out.push(Cmd::EditorSave);
        tooltip(tr("Ctrl+S. A program that came with Glassbox is saved as your own copy."));
        flow("⋯");
        if (ImGui::Button("⋯")) ImGui::OpenPopup("more");
        tooltip(tr("New, open, save as, find"));
        bool open_new = false;
        if (ImGui::BeginPopup("more")) {
            open_new = ImGui::MenuItem(tr("New"));
            if (ImGui::MenuItem(tr("Open…"))) ui.open_dialog = true;
            if (ImGui::MenuItem(tr("Save as…"))) ed.ask = EditorUi::Ask::SaveAs;
            if (ImGui::MenuItem(tr("Find"), "Ctrl+F")) ed.find_open = ed.find_focus = true;
            ImGui::EndPopup();
        }
        if (open_new) ImGui::OpenPopup("new");
        new_menu();
        return;
    }
    if (ImGui::Button(tr("New"))) ImGui::OpenPopup("new");
    new_menu();
    flow(tr("Open…"));
    if (ImGui::Button(tr("Open…"))) ui.open_dialog = true;
    flow(tr("Save"));
    if (ImGui::Button(tr("Save"))) out.push(Cmd::EditorSave);
    tooltip(tr("Ctrl+S. A program that came with Glassbox is saved as your own copy."));
    flow(tr("Save as…"));
    if (ImGui::Button(tr("Save as…"))) ed.ask = EditorUi::Ask::SaveAs;
    flow(tr("Apply and reset"));
    apply();
    flow(tr("Find"));
    if (ImGui::Button(tr("Find"))) ed.find_open = ed.find_focus = !ed.find_open;
    tooltip(tr("Ctrl+F find · Ctrl+Z undo · Ctrl+Y redo · Ctrl+/ comment · Ctrl+] and Ctrl+[ "
               "indent · F5 run"));
}

// The find bar (Ctrl+F): the next match, from the cursor on, wrapping around.
void find_bar(EditorUi& ed) {
    float fs = ImGui::GetFontSize();
    ImGui::TextUnformatted(tr("Find"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 14);
    if (ed.find_focus) {
        ImGui::SetKeyboardFocusHere();
        ed.find_focus = false;
    }
    bool go = ImGui::InputText("##find", ed.find_text, sizeof ed.find_text,
                               ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    go |= ImGui::Button(tr("Next"));
    if (go && ed.find_text[0]) {
        size_t at = ed.buf.find(ed.find_text, ed.sel_end);
        if (at == std::string::npos) {
            ed.find_note = tr("not found");
        } else {
            ed.find_note.clear();
            ed.select = std::pair{at, at + std::string_view(ed.find_text).size()};
            ed.focus = true;
        }
    }
    if (!ed.find_note.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(colour_warn(), "%s", ed.find_note.c_str());
    }
}

// The errors under the text, each a link to its place.
void error_list(EditorUi& ed) {
    const auto& diags = ed.buf.diagnostics();
    if (!diags.empty()) {
        ImGui::BeginChild("##ederrors", ImVec2(0, 0), false);
        for (const gb::Diagnostic& d : diags) {
            std::string where = d.line > 0 ? fmt::format("{}:{}", d.line, d.column)
                                           : std::filesystem::path(d.file).filename().string();
            // Wrapped (a message can be long); a click jumps to its place.
            ImGui::TextColored(colour_fault(), "%s", where.c_str());
            bool hit = ImGui::IsItemClicked();
            ImGui::SameLine();
            ImGui::TextWrapped("%s", d.message.c_str());
            hit |= ImGui::IsItemClicked();
            if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            if (hit && d.line > 0) jump_to(ed, d.line, d.column, d.length);
        }
        ImGui::EndChild();
    }
}

} // namespace

// --- the session and the editor ---------------------------------------------------

void editor_follow(EditorUi& ed, const gb::Session& s) {
    std::string key = s.path() + "\n" + s.error_path();
    if (key == ed.followed) {
        // The same program: a file changed on disk shows here too (edits never dropped).
        std::string error;
        if (!ed.buf.dirty() && ed.buf.changed_on_disk()) ed.buf.reload_from_disk(error);
        return;
    }
    ed.followed = key;
    std::string want = !s.error_path().empty() ? s.error_path() : s.path();
    if (want.empty() || same_path(want, applied_name(ed)) || ed.buf.dirty()) return;
    std::string error;
    if (ed.buf.open_file(want, error)) {
        ed.origin = want;
        ed.note.clear();
        ed.highlight_line = 0;
        ed.show_first_error = true;
    }
}

bool editor_needs_glyphs(EditorUi& ed) {
    if (ed.glyphs_gen == ed.buf.generation() || !ImGui::GetFont()) return false;
    ed.glyphs_gen = ed.buf.generation();
    const std::string& t = ed.buf.text();
    const char* p = t.c_str();
    const char* end = p + t.size();
    while (p < end) {
        unsigned int c = 0;
        int n = ImTextCharFromUtf8(&c, p, end);
        if (n <= 0) break;
        p += n;
        // (Hangul syllables only: the atlas loads them on demand; other
        // scripts are either loaded already or not in the font at all.)
        if (c >= 0xAC00 && c <= 0xD7A3 &&
            !ImGui::GetFont()->FindGlyphNoFallback(static_cast<ImWchar>(c)))
            return true;
    }
    return false;
}

bool editor_hold(EditorUi& ed, const Command& c) {
    gb::BufferEffect effect = gb::BufferEffect::Keeps;
    if (c.kind == Cmd::Load || c.kind == Cmd::OpenLesson || c.kind == Cmd::EditorNew)
        effect = gb::BufferEffect::Replaces;
    else if (c.kind == Cmd::Quit)
        effect = gb::BufferEffect::Closes;
    if (!gb::asks_first(effect, ed.buf)) return false;
    // (Asked once: a second Quit while the question is open adds nothing.)
    for (const Command& h : ed.held)
        if (h.kind == c.kind && h.path == c.path && h.n == c.n) return true;
    ed.held.push_back(c);
    if (ed.ask == EditorUi::Ask::None) ed.ask = EditorUi::Ask::Unsaved;
    return true;
}

bool editor_blocks_reload(EditorUi& ed, const gb::Session& s) {
    if (!ed.buf.dirty() || ed.buf.path().empty()) return false;
    if (!same_path(ed.buf.path(), s.path()) && !same_path(ed.buf.path(), s.error_path()))
        return false;
    if (ed.buf.changed_on_disk() && ed.ask == EditorUi::Ask::None)
        ed.ask = EditorUi::Ask::ChangedOnDisk;
    return true;
}

std::string editor_reload_file(EditorUi& ed, const gb::Session& s, const UiState& ui) {
    ensure_places(ed, ui);
    return gb::reload_file(ed.buf, ed.origin, s.path(), ed.roots);
}

void editor_command(EditorUi& ed, gb::Session& s, UiState& ui, const Command& c) {
    ensure_places(ed, ui);
    switch (c.kind) {
    case Cmd::EditorApply: {
        const gb::Lesson* l = s.lesson();
        bool keep = l && s.lesson_program() < l->program_paths.size() &&
                    same_path(ed.origin, l->program_paths[s.lesson_program()]);
        bool ok = s.apply_source(ed.buf.text(), applied_name(ed), keep);
        ed.buf.check();
        ed.followed = s.path() + "\n" + s.error_path();
        if (ok) {
            ui.code_image = nullptr;
            ui.tl.follow = true;
            ed.note = tr("Applied: the machine starts again on the edited program.");
        } else {
            ed.note = trf("{} errors: the machine still runs the last program that assembled.",
                          s.errors().size());
        }
        break;
    }
    case Cmd::EditorSave:
        if (save_buffer(ed)) remember(ui, ed.buf.path());
        break;
    case Cmd::EditorSaveAs: {
        std::string error;
        if (gb::is_shipped(c.path, ed.roots)) {
            ed.note = tr("That is a shipped file: choose another place.");
        } else if (write_buffer(ed, c.path, error)) {
            ed.note = trf("saved {}", c.path);
            remember(ui, ed.buf.path());
        } else {
            ed.note = error;
        }
        break;
    }
    case Cmd::EditorNew:
        ed.buf.open("", gb::template_text(static_cast<gb::ProgramTemplate>(c.n), korean()));
        ed.origin.clear();
        ed.focus = true;
        ed.note.clear();
        break;
    default: break;
    }
}

// --- the questions ----------------------------------------------------------------

void draw_editor_prompts(EditorUi& ed, UiState& ui, std::vector<Command>& out) {
    if (ed.ask == EditorUi::Ask::None) return;
    ensure_places(ed, ui);
    const char* id = "###editor_ask";
    if (!ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetWorkCenter(), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    std::string title = std::string(tr("Editor")) + id;
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    auto done = [&] {
        ed.ask = EditorUi::Ask::None;
        ImGui::CloseCurrentPopup();
    };
    switch (ed.ask) {
    case EditorUi::Ask::Unsaved:
        ImGui::TextUnformatted(trf("{} has unsaved changes.", ed.buf.name()).c_str());
        if (ImGui::Button(tr("Save"))) {
            if (gb::goes_ahead(gb::UnsavedAnswer::Save, save_buffer(ed))) {
                requeue(ed, out);
                done();
            }
        }
        ImGui::SameLine();
        if (ImGui::Button(tr("Discard the changes"))) {
            std::string error;
            if (ed.buf.path().empty() || !ed.buf.reload_from_disk(error)) ed.buf.open("", "");
            requeue(ed, out);
            done();
        }
        ImGui::SameLine();
        if (ImGui::Button(tr("Cancel"))) {
            ed.held.clear();
            done();
        }
        break;
    case EditorUi::Ask::ChangedOnDisk:
        ImGui::TextUnformatted(
            trf("{} changed on disk, and the editor has unsaved changes.", ed.buf.name()).c_str());
        if (ImGui::Button(tr("Keep my changes"))) {
            ed.buf.keep_mine();
            done();
        }
        ImGui::SameLine();
        if (ImGui::Button(tr("Read the file again (drop my changes)"))) {
            std::string error;
            ed.buf.reload_from_disk(error);
            out.push_back({Cmd::Reload, 0, 0, 0, {}, {}});
            done();
        }
        break;
    case EditorUi::Ask::SaveAs: {
        ImGui::TextUnformatted(tr("Save the program as"));
        if (ImGui::IsWindowAppearing()) {
            std::string guess = gb::own_copy_path(ed.buf.name(), ed.user_dir);
            snprintf(ed.save_as_path, sizeof ed.save_as_path, "%s", guess.c_str());
            ImGui::SetKeyboardFocusHere();
        }
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 28);
        bool enter = ImGui::InputText("##saveas", ed.save_as_path, sizeof ed.save_as_path,
                                      ImGuiInputTextFlags_EnterReturnsTrue);
        if (enter || ImGui::Button(tr("Save"))) {
            std::string error;
            if (gb::is_shipped(ed.save_as_path, ed.roots)) {
                ed.note = tr("That is a shipped file: choose another place.");
            } else if (write_buffer(ed, ed.save_as_path, error)) {
                ed.note = trf("saved {}", ed.buf.path());
                requeue(ed, out);
                done();
                break;
            } else {
                ed.note = error;
            }
        }
        ImGui::SameLine();
        if (ImGui::Button(tr("Cancel"))) {
            ed.held.clear();
            done();
        }
        if (!ed.note.empty()) ImGui::TextColored(colour_dim(), "%s", ed.note.c_str());
        break;
    }
    case EditorUi::Ask::None: break;
    }
    ImGui::EndPopup();
}

// --- the panel ---------------------------------------------------------------------

void draw_editor(const gb::Machine& m, UiState& ui, Commands& out) {
    ui.visible("editor");
    EditorUi& ed = ui.editor;
    ensure_places(ed, ui);
    const gb::Session& s = *ui.session;
    ed.buf.poll(ui.now_s);
    ImGuiIO& io = ImGui::GetIO();
    float fs = ImGui::GetFontSize();
    const ImGuiStyle& st = ImGui::GetStyle();

    editor_keys(ed, s, ui.now_s, out);

    toolbar(ed, ui, out);

    // The file and its state.
    ImGui::TextColored(colour_ok(), "%s", ed.buf.name().c_str());
    if (ed.buf.dirty()) {
        ImGui::SameLine();
        ImGui::TextColored(colour_warn(), "* %s", tr("unsaved"));
    }
    ImGui::SameLine();
    const auto& diags = ed.buf.diagnostics();
    if (!ed.buf.checked())
        ImGui::TextColored(colour_dim(), "%s", tr("checking…"));
    else if (ed.buf.assembles())
        ImGui::TextColored(colour_ok(), "%s", tr("assembles"));
    else
        ImGui::TextColored(colour_fault(), "%s", trf("{} errors", diags.size()).c_str());
    std::vector<std::string> lines = split_lines(ed.buf.text());
    const gb::Image* img = s.image();
    LineMap lm = line_map(img, ed, lines);
    bool applied = false;
    if (lm.file >= 0) {
        // (The image has no line after the file's last newline; the editor does.)
        const auto& il = img->files[static_cast<size_t>(lm.file)].lines;
        size_t n = lines.size() - (lines.size() > 1 && lines.back().empty() ? 1 : 0);
        applied = il.size() == n && std::equal(il.begin(), il.end(), lines.begin());
    }
    if (!applied && s.loaded()) {
        ImGui::PushStyleColor(ImGuiCol_Text, colour_dim());
        ImGui::TextWrapped("%s", tr("(not applied yet: the machine runs the last "
                                    "program applied)"));
        ImGui::PopStyleColor();
    }
    if (!ed.note.empty() && ed.ask == EditorUi::Ask::None) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(colour_dim(), "%s", ed.note.c_str());
        ImGui::PopTextWrapPos();
    }

    if (ed.find_open) find_bar(ed);

    // [SECTION] the text: gutter and lines.
    float line_h = fs;
    // The error list under the text: up to three rows, at most a third of the panel.
    float row_h = ImGui::GetTextLineHeightWithSpacing();
    int room_rows = static_cast<int>(ImGui::GetContentRegionAvail().y * 0.34f / row_h);
    int shown_diags = std::min(static_cast<int>(diags.size()), std::clamp(room_rows, 1, 3));
    float list_h = shown_diags ? row_h * static_cast<float>(shown_diags) + st.ItemSpacing.y : 0;
    ImGui::BeginChild("##edbody", ImVec2(0, -list_h), true, ImGuiWindowFlags_HorizontalScrollbar);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    int n_lines = static_cast<int>(lines.size());
    float digit_w = ImGui::CalcTextSize("0").x;
    int digits = std::max(3, static_cast<int>(std::to_string(n_lines).size()));
    float gutter_w = digit_w * static_cast<float>(digits) + fs * 2.2f;
    float text_w = 0;
    for (const std::string& l : lines)
        text_w = std::max(text_w, text_x(l, l.size()));
    ImVec2 pad = st.FramePadding;
    float content_h = static_cast<float>(n_lines + 1) * line_h + pad.y * 2;
    float avail_w = ImGui::GetContentRegionAvail().x;
    float input_w = std::max(avail_w - gutter_w, text_w + fs * 4);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 text0(origin.x + gutter_w + pad.x, origin.y + pad.y);
    float scroll_y = ImGui::GetScrollY(), view_h = ImGui::GetWindowHeight();
    int first = std::max(0, static_cast<int>((scroll_y - pad.y) / line_h) - 1);
    int last = std::min(n_lines, first + static_cast<int>(view_h / line_h) + 3);
    auto line_top = [&](int line) { return text0.y + static_cast<float>(line - 1) * line_h; };

    // The gutter: a click toggles the breakpoint of that line (the code view's own).
    ImGui::InvisibleButton("##gutter", ImVec2(gutter_w, content_h));
    if (ImGui::IsItemHovered()) {
        int line = static_cast<int>((io.MousePos.y - text0.y) / line_h) + 1;
        auto addr = address_of_buffer_line(img, lm, line);
        if (addr) {
            dl->AddCircle(ImVec2(origin.x + fs * 0.55f, line_top(line) + line_h * 0.5f),
                          line_h * 0.32f, ImGui::GetColorU32(colour_fault()));
            ImGui::SetTooltip("%s", tr("Toggle a breakpoint here"));
        } else if (line >= 1 && line <= n_lines) {
            ImGui::SetTooltip("%s", applied
                                        ? tr("No instruction on this line")
                                        : tr("Apply the edits to set breakpoints on new lines"));
        }
        if (ImGui::IsItemClicked() && addr) out.toggle_breakpoint(*addr);
    }
    ImGui::SameLine(0, 0);

    // The widget, its own text and frame invisible: the lines are drawn below.
    if (ed.input_gen != ed.buf.generation()) {
        if (ed.active)
            ed.push_text = true;
        else
            ed.input = ed.buf.text();
        ed.input_gen = ed.buf.generation();
    }
    if (ed.focus) {
        ImGui::SetKeyboardFocusHere();
        ed.focus = false;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    if (ed.input.capacity() < ed.input.size() + 1) ed.input.reserve(ed.input.size() + 1);
    bool changed = ImGui::InputTextMultiline(
        "##source", ed.input.data(), ed.input.capacity() + 1, ImVec2(input_w, content_h),
        ImGuiInputTextFlags_AllowTabInput | ImGuiInputTextFlags_NoUndoRedo |
            ImGuiInputTextFlags_CallbackAlways | ImGuiInputTextFlags_CallbackResize,
        input_callback, &ed);
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(2);
    ed.active = ImGui::IsItemActive();
    // (The widget's text area is a child window: hovering it is checked by rectangle.)
    bool text_hovered =
        ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows) &&
        ImGui::IsMouseHoveringRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    if (changed) {
        ed.buf.edit(std::string(ed.input.c_str()), ed.cursor, ui.now_s);
        ed.input_gen = ed.buf.generation();
        // Drawn as typed, not a frame late.
        lines = split_lines(ed.buf.text());
        n_lines = static_cast<int>(lines.size());
        last = std::min(n_lines, last + 1);
        lm = line_map(img, ed, lines);
    }

    // Where each thread of the shown process is, and the breakpoints, by buffer line.
    int pid = shown_pid(m, ui);
    struct Mark {
        int line, tid;
        bool running;
    };
    std::vector<Mark> marks;
    if (pid > 0 && m.process(pid).image.get() == img)
        for (int tid : m.process(pid).threads) {
            const gb::Thread& t = m.thread(tid);
            if (t.state == gb::ThreadState::Done) continue;
            int line = buffer_line_of_address(img, lm, m.context_of(tid).pc);
            if (line) marks.push_back({line, tid, t.core >= 0});
        }
    std::vector<char> bp_line(static_cast<size_t>(n_lines) + 2, 0);
    for (uint32_t a : s.breakpoints()) {
        int line = buffer_line_of_address(img, lm, a);
        if (line >= 1 && line <= n_lines) bp_line[static_cast<size_t>(line)] = 1;
    }

    // The line the code view selected, and the lines with errors.
    ImU32 sel_bg = ImGui::GetColorU32(ImGuiCol_Header, 0.45f);
    ImVec4 err_v = colour_fault();
    err_v.w *= 0.15f;
    ImU32 err_bg = ImGui::GetColorU32(err_v);
    ImU32 fault = ImGui::GetColorU32(colour_fault());
    float right = origin.x + gutter_w + input_w;
    for (int line = first + 1; line <= last; ++line) {
        float y = line_top(line);
        if (line == ed.highlight_line)
            dl->AddRectFilled(ImVec2(origin.x, y), ImVec2(right, y + line_h), sel_bg);
        if (!ed.buf.diagnostics_on(line).empty())
            dl->AddRectFilled(ImVec2(origin.x + gutter_w, y), ImVec2(right, y + line_h), err_bg);
    }
    // Gutter: line numbers, breakpoints, PC markers.
    for (int line = first + 1; line <= last; ++line) {
        float y = line_top(line);
        std::string num = std::to_string(line);
        bool err = !ed.buf.diagnostics_on(line).empty();
        dl->AddText(ImVec2(origin.x + gutter_w - fs * 0.4f - ImGui::CalcTextSize(num.c_str()).x, y),
                    err ? fault : ImGui::GetColorU32(colour_dim()), num.c_str());
        if (bp_line[static_cast<size_t>(line)])
            dl->AddCircleFilled(ImVec2(origin.x + fs * 0.55f, y + line_h * 0.5f), line_h * 0.32f,
                                fault);
        float x = origin.x + fs * 1.05f;
        for (const Mark& mk : marks)
            if (mk.line == line) {
                ImVec2 a(x, y + line_h * 0.15f), b(x, y + line_h * 0.85f),
                    c(x + line_h * 0.6f, y + line_h * 0.5f);
                if (mk.running) {
                    dl->AddTriangleFilled(a, b, c, thread_colour(mk.tid));
                    dl->AddRectFilled(ImVec2(origin.x + gutter_w, y), ImVec2(right, y + line_h),
                                      ImGui::GetColorU32(ImGuiCol_Header, 0.35f));
                } else {
                    dl->AddTriangle(a, b, c, thread_colour(mk.tid), std::max(1.5f, fs * 0.08f));
                }
                x += line_h * 0.4f;
            }
    }
    // The text in colour, errors underlined.
    ImFont* font = ImGui::GetFont();
    ImU32 plain = ImGui::GetColorU32(ImGuiCol_Text);
    for (int line = first + 1; line <= last; ++line) {
        const std::string& l = lines[static_cast<size_t>(line - 1)];
        float y = line_top(line);
        size_t at = 0;
        auto draw = [&](size_t b, size_t e, ImU32 col) {
            if (e <= b) return;
            dl->AddText(font, fs, ImVec2(text0.x + text_x(l, b), y), col, l.data() + b,
                        l.data() + e);
        };
        for (const gb::SyntaxSpan& sp : gb::syntax_spans(l)) {
            draw(at, sp.begin, plain);
            draw(sp.begin, sp.end, syntax_colour(sp.kind));
            at = sp.end;
        }
        draw(at, l.size(), plain);
        for (const gb::Diagnostic* d : ed.buf.diagnostics_on(line)) {
            size_t b = static_cast<size_t>(d->column - 1), e = b + static_cast<size_t>(d->length);
            float x0 = text0.x + text_x(l, b), x1 = text0.x + text_x(l, e);
            if (x1 - x0 < fs * 0.5f) x1 = x0 + fs * 0.5f;
            wavy(dl, x0, x1, y + line_h + fs * 0.05f, std::max(2.0f, fs * 0.22f), fault);
        }
    }
    // The cursor (the widget's own is invisible with its text).
    if (ed.active && std::fmod(ImGui::GetTime(), 1.0) < 0.6) {
        auto [cl, cc] = ed.buf.line_col(ed.cursor);
        if (cl >= 1 && cl <= n_lines) {
            float x =
                text0.x + text_x(lines[static_cast<size_t>(cl - 1)], static_cast<size_t>(cc - 1));
            dl->AddLine(ImVec2(x, line_top(cl)), ImVec2(x, line_top(cl) + line_h), plain,
                        std::max(1.0f, fs * 0.08f));
        }
    }

    // Hover: the error's message, what an instruction does, where a label is.
    if (text_hovered) {
        int line = static_cast<int>((io.MousePos.y - text0.y) / line_h) + 1;
        if (line >= 1 && line <= n_lines) {
            const std::string& l = lines[static_cast<size_t>(line - 1)];
            size_t b = byte_at(l, io.MousePos.x - text0.x);
            const gb::Diagnostic* hit = nullptr;
            for (const gb::Diagnostic* d : ed.buf.diagnostics_on(line))
                if (b + 1 >= static_cast<size_t>(d->column) &&
                    b + 1 < static_cast<size_t>(d->column + std::max(d->length, 1)))
                    hit = d;
            auto word = gb::word_at(l, b);
            if (hit) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(fs * 32);
                ImGui::TextColored(colour_fault(), "%s %d:%d", tr("error at"), hit->line,
                                   hit->column);
                ImGui::TextUnformatted(hit->message.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            } else if (word && word->kind == gb::SyntaxKind::Instruction) {
                if (auto help = gb::mnemonic_help(word->word)) {
                    ImGui::BeginTooltip();
                    ImGui::PushTextWrapPos(fs * 32);
                    ImGui::TextColored(colour_changed(), "%s", help->syntax.c_str());
                    ImGui::Separator();
                    ImGui::TextUnformatted(korean() ? help->explain_ko.c_str()
                                                    : help->explain_en.c_str());
                    ImGui::PopTextWrapPos();
                    ImGui::EndTooltip();
                }
            } else if (word && word->kind == gb::SyntaxKind::Label) {
                const gb::Image* from = ed.buf.last_good() ? ed.buf.last_good() : img;
                if (from) {
                    auto it = from->symbols.find(word->word);
                    if (it != from->symbols.end())
                        ImGui::SetTooltip("%s = 0x%05x", word->word.c_str(), it->second.value);
                }
            }
        }
    }

    // Selection in either view selects the line in the other.
    if (ed.active) {
        int cl = ed.buf.line_col(ed.cursor).first;
        if (cl != ed.cursor_line_seen) {
            ed.cursor_line_seen = cl;
            ed.highlight_line = 0;
            if (auto a = address_of_buffer_line(img, lm, cl)) {
                ui.cursor = *a;
                ui.code_jump = *a;
                ed.code_cursor_seen = *a;
            }
        }
    }
    if (ui.cursor != ed.code_cursor_seen) {
        ed.code_cursor_seen = ui.cursor;
        ed.highlight_line = ui.cursor ? buffer_line_of_address(img, lm, *ui.cursor) : 0;
        ed.scroll_to_highlight = ed.highlight_line > 0;
    }
    // Keep the cursor (or the selected line) in view.
    auto show_line = [&](int line, float x) {
        float y = static_cast<float>(line - 1) * line_h + pad.y;
        float top = ImGui::GetScrollY(), h = ImGui::GetWindowHeight() - st.ScrollbarSize;
        if (y < top + line_h)
            ImGui::SetScrollY(std::max(0.0f, y - line_h * 2));
        else if (y + line_h * 2 > top + h)
            ImGui::SetScrollY(y - h + line_h * 3);
        float left = ImGui::GetScrollX(), w = ImGui::GetWindowWidth() - gutter_w;
        if (x < left) ImGui::SetScrollX(std::max(0.0f, x - fs * 4));
        if (x > left + w - fs * 2) ImGui::SetScrollX(x - w + fs * 4);
    };
    if (ed.active) {
        auto [cl, cc] = ed.buf.line_col(ed.cursor);
        if (ed.cursor != ed.cursor_shown || ed.scroll_to_cursor) {
            ed.cursor_shown = ed.cursor;
            if (cl >= 1 && cl <= n_lines)
                show_line(cl,
                          text_x(lines[static_cast<size_t>(cl - 1)], static_cast<size_t>(cc - 1)));
            ed.scroll_to_cursor = false;
        }
    }
    if (ed.show_first_error && ed.buf.checked()) {
        // A file just opened: its first error, or else where its threads are.
        int line = marks.empty() ? 0 : marks.front().line;
        for (const gb::Diagnostic& d : diags)
            if (d.line > 0) {
                line = d.line;
                break;
            }
        if (line > 0) show_line(line, 0);
        ed.show_first_error = false;
    }
    if (ed.scroll_to_highlight) {
        show_line(ed.highlight_line, 0);
        ed.scroll_to_highlight = false;
    }
    ImGui::EndChild();
    record_item(ui, "editor_text", ed.buf.name()); // the lines it shows (the fit tests)

    error_list(ed);
}

} // namespace gui
