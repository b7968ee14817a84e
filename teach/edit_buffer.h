// The program editor's model, without a window: the text being edited and
// where it lives, undo and redo, the line operations an editor offers
// (indent, comment a line, find), assembling as the user types (after a
// short pause), the assembler's errors at their line and column, and the
// file rules (save, save as, a user's own copy of a shipped program).
//
// The dashboard's editor panel (gui/editor.cpp) draws this model and sends
// it the user's keystrokes; tests drive it directly. "Apply" hands the text
// to the session (Session::apply_source); until then the machine runs the
// last program that was applied.
#pragma once

#include "sim/asm/assembler.h"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gb {

// One assembler error placed in the edited text.
struct Diagnostic {
    int line = 0;     // 1-based line in the buffer; 0 when it is in another file
    int column = 0;   // 1-based byte column
    int length = 1;   // bytes to underline (at least 1)
    std::string file; // the file the assembler named
    std::string message;
};

// The starting points of File → New.
enum class ProgramTemplate { Main, Threads };
// The template's text, its comments in English or Korean.
std::string template_text(ProgramTemplate t, bool korean);

class EditBuffer {
  public:
    // Seconds without a keystroke before the text is assembled again.
    static constexpr double kAssembleDelay = 0.4;
    // Keystrokes closer together than this make one undo step.
    static constexpr double kUndoMerge = 1.0;
    static constexpr size_t kMaxUndo = 400;

    // A fresh buffer on `text` that came from `path` ("" for a new, unnamed
    // program): clean, nothing to undo, assembled at the next poll().
    void open(std::string path, std::string text);
    // Reads `path` into a fresh buffer. False (the buffer unchanged) and
    // `error` set when it cannot be read.
    bool open_file(const std::string& path, std::string& error);

    const std::string& text() const { return text_; }
    const std::string& path() const { return path_; }
    // The name to show: the file name, or "untitled.s".
    std::string name() const;
    // Unsaved changes: the text differs from what was opened or last saved.
    bool dirty() const { return text_ != saved_; }
    size_t cursor() const { return cursor_; }

    // --- editing --------------------------------------------------------
    // The user changed the text (typing, paste, cut) at time `now` (seconds),
    // leaving the cursor at `cursor`. Undoable; typing without a pause of
    // kUndoMerge seconds is one step.
    void edit(std::string text, size_t cursor, double now);
    bool undo();
    bool redo();
    bool can_undo() const { return !undo_.empty(); }
    bool can_redo() const { return !redo_.empty(); }
    // Line operations over the lines that the selection [begin, end) touches
    // (the cursor's line when it is empty). Each is one undo step; the
    // selection to show afterwards is returned in begin/end.
    void indent(size_t& begin, size_t& end, double now);
    void unindent(size_t& begin, size_t& end, double now);
    // Adds "; " to the start of each line, or removes the comment marker
    // when every non-empty line already starts with one.
    void toggle_comment(size_t& begin, size_t& end, double now);
    // The next occurrence of `needle` at or after `from`, wrapping around to
    // the start; npos if there is none. Case-insensitive for ASCII unless `match_case`.
    size_t find(std::string_view needle, size_t from, bool match_case = false) const;

    // --- positions ----------------------------------------------------------
    int line_count() const;
    // 1-based line and byte column of a byte offset.
    std::pair<int, int> line_col(size_t offset) const;
    // The byte offset of a 1-based line and column (clamped to the text).
    size_t offset_of(int line, int column = 1) const;
    // The text of a 1-based line, without its newline ("" past the end).
    std::string_view line_text(int line) const;

    // --- assembling as you type -------------------------------------------
    // Assembles the text when it changed and kAssembleDelay has passed since
    // the last edit. True when it assembled now.
    bool poll(double now);
    // Assembles the text now (whatever the delay).
    void check();
    // The current text has been assembled since its last change.
    bool checked() const { return checked_generation_ == generation_; }
    // It assembled without errors (as of the last check).
    bool assembles() const { return assembles_; }
    const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
    // The diagnostics on a 1-based line of the buffer.
    std::vector<const Diagnostic*> diagnostics_on(int line) const;
    // The image of the last text that assembled (labels' addresses for hover).
    const Image* last_good() const { return last_good_.get(); }
    // Counts changes of the text (a view can cache by it).
    uint64_t generation() const { return generation_; }

    // --- files ---------------------------------------------------------------
    // Writes the text to path() (to `path` for save_as, which then becomes the
    // buffer's path). False with `error` set when it cannot be written, or
    // when there is no path yet.
    bool save(std::string& error);
    bool save_as(const std::string& path, std::string& error);
    // The text was written to `path` by someone else (the dashboard's
    // platform layer: in a browser it also keeps and downloads it): the
    // buffer now lives at `path` and has no unsaved changes.
    void saved_to(const std::string& path);
    // The file on disk changed since it was opened or saved here.
    bool changed_on_disk() const;
    // Reads the file again, dropping the edits (the caller asks first).
    bool reload_from_disk(std::string& error);
    // Accepts the file's new time stamp without reading it (the user keeps
    // their edits): changed_on_disk() is false until it changes again.
    void keep_mine();

  private:
    struct Snapshot {
        std::string text;
        size_t cursor = 0;
    };
    void changed(double now);
    void push_undo(bool mergeable, double now);
    void stamp_file();
    // Applies `op` to every line touched by [begin, end) as one undo step.
    template <class Op> void each_line(size_t& begin, size_t& end, double now, Op op);

    std::string path_;
    std::string text_;
    std::string saved_; // the text as it is on disk (or "" for a new program)
    size_t cursor_ = 0;
    std::vector<Snapshot> undo_, redo_;
    double last_edit_ = -1e9;
    bool last_mergeable_ = false;
    uint64_t generation_ = 1, checked_generation_ = 0;
    bool assembles_ = false;
    std::vector<Diagnostic> diagnostics_;
    std::shared_ptr<const Image> last_good_;
    std::optional<std::filesystem::file_time_type> disk_time_;
};

// Where line `line` (1-based) of `before` is in `after`, for an edit in
// one place: the lines before the first difference keep their number, the
// lines after the last move by the size of the change, and the changed
// lines themselves are gone (nullopt). Breakpoints follow their lines so.
std::optional<int> line_after_edit(const std::vector<std::string>& before,
                                   const std::vector<std::string>& after, int line);

// --- before edits could be lost -------------------------------------------------

// What a dashboard command does to the text being edited.
enum class BufferEffect {
    Keeps,    // stepping, running, applying, saving...
    Replaces, // open a file or a lesson, File → New
    Closes,   // quit: the window closes or the page is left
};
// True when the user must be asked first (Save / Discard / Cancel): the
// command would replace or close text that has unsaved changes.
bool asks_first(BufferEffect effect, const EditBuffer& buf);
// The user's answer to that question.
enum class UnsavedAnswer { Save, Discard, Cancel };
// Whether the command that waited goes ahead: after Save only when the
// save succeeded (`saved`), after Discard always, after Cancel never.
bool goes_ahead(UnsavedAnswer answer, bool saved);

// --- where a program may be saved ---------------------------------------------

// True when `path` lies under one of `roots` (the shipped programs and
// lessons): such files are never overwritten; the user saves their own copy.
bool is_shipped(const std::string& path, const std::vector<std::string>& roots);
// The file Reload (Ctrl+R) should read while the editor holds `buf`, whose
// text came from the shipped file `origin` ("" for none) and the session
// runs `session_path`: the user's own saved copy (buf's file, not under
// `roots`) when it is a version of the running program — applied under its
// name, or saved from it. "" otherwise: the session reloads its own file.
std::string reload_file(const EditBuffer& buf, const std::string& origin,
                        const std::string& session_path, const std::vector<std::string>& roots);
// Where a user's own copy of the shipped `path` goes: `user_dir`/NAME.s,
// or NAME-2.s, NAME-3.s... when that exists already.
std::string own_copy_path(const std::string& path, const std::string& user_dir);

} // namespace gb
