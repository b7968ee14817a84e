// The editor panel's own state (gui/editor.cpp): the buffer being edited
// (teach/edit_buffer.h, the window-free model), what the ImGui text widget
// holds, pending changes to push into the widget, the find bar, and the
// questions the editor asks before edits could be lost.
#pragma once

#include "teach/edit_buffer.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gb {
class Session;
}

namespace gui {

struct Command;
struct UiState;

struct EditorUi {
    gb::EditBuffer buf;
    // The shipped program this text came from ("" for a new one): a lesson's
    // program keeps its lesson when it is applied, even from the user's own copy.
    std::string origin;
    // The session's program the editor last followed (path and error path).
    std::string followed;
    // The text the ImGui widget holds, and the buffer generation it shows.
    std::string input;
    uint64_t input_gen = 0;
    bool active = false; // the widget had the keyboard last frame
    // The widget's cursor and selection (bytes), read in its callback.
    size_t cursor = 0, sel_begin = 0, sel_end = 0;
    // Pending for the widget: replace its text, then select [begin, end).
    bool push_text = false;
    std::optional<std::pair<size_t, size_t>> select;
    bool focus = false;
    bool scroll_to_cursor = false;
    int cursor_line_seen = 0;
    size_t cursor_shown = SIZE_MAX;           // the cursor position last scrolled into view
    std::optional<uint32_t> code_cursor_seen; // UiState::cursor last synced
    int highlight_line = 0;                   // the line selected in the code view (0: none)
    bool scroll_to_highlight = false;
    bool show_first_error = false; // a file just opened: scroll to its first error once checked
    // Find.
    bool find_open = false, find_focus = false;
    char find_text[256] = {};
    std::string find_note;
    // Questions: unsaved edits before something replaces them, the file
    // changed on disk while there are edits, save as.
    enum class Ask { None, Unsaved, ChangedOnDisk, SaveAs };
    Ask ask = Ask::None;
    std::vector<Command> held; // commands that wait for the answer
    char save_as_path[1024] = {};
    std::string note;               // the last save/apply result
    std::vector<std::string> roots; // shipped folders (programs/, assets/)
    std::string user_dir;           // where own copies go
    uint64_t glyphs_gen = 0;        // the buffer generation last checked for glyphs
};

// After a load, a lesson or a reload: show the session's program (or the
// file that failed to assemble) — unless the user is editing something else.
void editor_follow(EditorUi& ed, const gb::Session& s);
// True when `c` would replace or close unsaved edits (a load, a lesson, New,
// Quit): it is held and the user asked (Save / Discard / Cancel).
bool editor_hold(EditorUi& ed, const Command& c);
// True when the program file changed on disk but the editor has unsaved
// edits to it: the session must not reload it (the user is asked instead).
bool editor_blocks_reload(EditorUi& ed, const gb::Session& s);
// True (once) when the editor's text has characters the font atlas lacks
// (Hangul typed in a comment): the App rebuilds the atlas with them.
bool editor_needs_glyphs(EditorUi& ed);
// The file Reload should read instead of the session's own: the user's
// saved copy of the running program ("" when there is none; gb::reload_file).
std::string editor_reload_file(EditorUi& ed, const gb::Session& s, const UiState& ui);
// The editor's named commands (Cmd::Editor*), run by the App.
void editor_command(EditorUi& ed, gb::Session& s, UiState& ui, const Command& c);
// The questions (modal), drawn every frame; answered ones re-queue held commands.
void draw_editor_prompts(EditorUi& ed, UiState& ui, std::vector<Command>& out);

} // namespace gui
