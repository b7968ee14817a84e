// What the dashboard's panels share: the command sink they send named
// commands to, the UI state that is not machine state (selections, scroll,
// caches), and small drawing helpers. Panels read `const gb::Machine&` and
// never change it (DESIGN.md "How data flows").
#pragma once

#include "editor.h"
#include "i18n.h"
#include "panel_cpu.h"
#include "panel_event_log.h"
#include "panel_memory.h"
#include "panel_timeline.h"
#include "panel_watches.h"
#include "settings.h"
#include "teach/lesson.h"
#include "teach/session.h"
#include "teach/viewmodel.h"

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace gui {

// --- commands -------------------------------------------------------------------

enum class Cmd {
    Step,
    StepN,
    StepBack,
    ToggleRun,
    Run,
    Pause,
    Reset,
    Reload,
    Load,
    RunTo,
    ToggleBreakpoint,
    SetSpeed,
    SetConfig,
    ClearErrors,
    OpenLesson,
    ReverseContinue, // Shift+F5: back to the previous breakpoint or watchpoint hit
    ReverseStepOut,  // Shift+F11, n: the selected thread (0: the last to run) back to its call
    ReverseStepOver, // Ctrl+Shift+F10, n: the selected thread back one line, over calls
    GoTo,            // n: the state after n instructions (history and race entries)
    GoToCycle,       // n: the first moment at cycle n, back or forward (the timeline's click)
    ToggleWatch,     // path: a watchpoint (NAME[:MODE][:CONDITION]) on or off
    Pin,             // path: a global's symbol, pinned to the watches
    EditorApply,     // the editor's text becomes the program; the machine starts again
    EditorSave,      // the editor's text to its file (a shipped one: the user's own copy)
    EditorSaveAs,    // path: the editor's text to that file
    EditorNew,       // n: a new program from a template (gb::ProgramTemplate)
    Quit,            // close the dashboard (unsaved edits in the editor: asked first)
};

struct Command {
    Cmd kind = Cmd::Step;
    uint64_t n = 0;
    uint32_t addr = 0;
    double speed = 0;
    std::string path; // Load: a program file; OpenLesson: a lesson id (n: its program number)
    gb::Config config;
};

struct Commands {
    std::vector<Command> queue;
    void push(Cmd k, uint64_t n = 0) { queue.push_back({k, n, 0, 0, {}, {}}); }
    void step_n(uint64_t n) { queue.push_back({Cmd::StepN, n, 0, 0, {}, {}}); }
    void run_to(uint32_t a) { queue.push_back({Cmd::RunTo, 0, a, 0, {}, {}}); }
    void toggle_breakpoint(uint32_t a) {
        queue.push_back({Cmd::ToggleBreakpoint, 0, a, 0, {}, {}});
    }
    void load(std::string p) { queue.push_back({Cmd::Load, 0, 0, 0, std::move(p), {}}); }
    void open_lesson(std::string id, uint64_t program = 0) {
        queue.push_back({Cmd::OpenLesson, program, 0, 0, std::move(id), {}});
    }
    void go_to(uint64_t instruction) { queue.push_back({Cmd::GoTo, instruction, 0, 0, {}, {}}); }
    void go_to_cycle(uint64_t cycle) { queue.push_back({Cmd::GoToCycle, cycle, 0, 0, {}, {}}); }
    void toggle_watch(std::string text) {
        queue.push_back({Cmd::ToggleWatch, 0, 0, 0, std::move(text), {}});
    }
    void pin(std::string symbol) { queue.push_back({Cmd::Pin, 0, 0, 0, std::move(symbol), {}}); }
    void set_speed(double s) { queue.push_back({Cmd::SetSpeed, 0, 0, s, {}, {}}); }
    void set_config(const gb::Config& c) { queue.push_back({Cmd::SetConfig, 0, 0, 0, {}, c}); }
};

// --- UI state -------------------------------------------------------------------

struct FrameStats {
    double frame_ms = 0; // CPU time of the last frames (average), ms
    double fps = 0;
    double sim_ms = 0;   // time spent simulating per frame, ms
    uint64_t budget = 0; // instructions per frame at full speed
    double rate = 0;     // instructions per second actually run
};

// Without a lesson, the Lesson panel shows the program's opening comment.
struct ProgramNote {
    std::string title;
    std::string text;
    std::string source; // "the program's opening comment"
};

struct UiState {
    Settings* settings = nullptr;
    const gb::Session* session = nullptr;
    std::string source_dir; // the source tree (programs/, assets/)
    bool headless = false;  // a screenshot: work spread over frames finishes in the first one

    // Selections.
    int selected_pid = 0;              // 0: follow the running process
    int coroutine_strip_marks = 0;     // resumes and suspends the coroutine picture drew
    int selected_tid = 0;              // the processes panel's thread (reverse steps); 0: none
    std::optional<uint32_t> cursor;    // the code panel's selected address (Run to cursor)
    std::optional<uint32_t> code_jump; // scroll the code panel to this address once
    bool follow_pc = true;
    bool scroll_to_pc = true;
    int scroll_to_line_file = -1, scroll_to_line = 0; // errors → show this line
    uint64_t last_seen_instructions = UINT64_MAX;

    // Code rows, cached per image.
    const gb::Image* code_image = nullptr;
    std::vector<gb::view::CodeRow> code_rows;

    // Register flashes: the time (seconds) each core register last changed.
    CpuUi cpu;         // the CPU panel (panel_cpu.h)
    double now_s = 0;  // ImGui time this frame
    double phase = -1; // 0..1 progress to the next step when running slowly; -1 otherwise

    // The timeline panel (panel_timeline.h).
    TimelineUi tl;

    EventLogUi log;  // the event-log panel (panel_event_log.h)
    MemoryUi memory; // the memory panel (panel_memory.h)

    // Console.
    int console_pid = 0; // 0: all processes

    // Errors and banners.
    bool select_errors_tab = false;
    bool select_code_tab = false;
    int selected_error = -1;

    // Lessons: every lesson in assets/lessons (gb::load_lessons, in order),
    // the problems with the files that were left out, and the open one.
    std::vector<gb::Lesson> lessons;
    std::vector<std::string> lesson_errors;
    int lesson_index = -1;         // in `lessons`; -1: no lesson is open
    bool show_answer = false;      // the "## Answer" part (reset when the lesson changes)
    bool scroll_to_answer = false; // scroll the text to the answer once it shows
    ProgramNote note;
    bool select_lesson_tab = false;
    const gb::Lesson* lesson() const {
        return lesson_index >= 0 && lesson_index < static_cast<int>(lessons.size())
                   ? &lessons[static_cast<size_t>(lesson_index)]
                   : nullptr;
    }
    // Fonts for the lesson text (nullptr: use the default font).
    ImFont* font_bold = nullptr;
    ImFont* font_heading = nullptr;

    // Dialogs.
    bool open_dialog = false;
    bool settings_dialog = false;
    bool help_dialog = false;
    std::string dialog_dir;
    char dialog_path[1024] = {};
    gb::Config pending_config;
    bool pending_config_init = false;

    // Font note (when the Hangul font is missing).
    std::string font_note;
    std::string status_note; // e.g. "reloaded foo.s" or a load failure
    double status_note_until = 0;

    FrameStats stats;

    // The watch panel and the result banner (panel_watches.h).
    WatchesUi watches;

    EditorUi editor; // the editor panel (editor.h)

    // What was visible this frame (for --dump-state and the tests).
    std::vector<LayoutItem> layout_items;
    std::string current_panel; // the panel being drawn (for layout_items)
    std::set<std::string> panels_visible;
    std::set<std::string> banners_visible;
    void visible(const char* id) { panels_visible.insert(id); }
};

// --- panels (one file each) -------------------------------------------------------

void draw_controls(const gb::Machine& m, UiState& ui, Commands& out);
void draw_cpu(const gb::Machine& m, UiState& ui, Commands& out);
void draw_code(const gb::Machine& m, UiState& ui, Commands& out);
void draw_errors(const gb::Machine& m, UiState& ui, Commands& out);
void draw_address_space(const gb::Machine& m, UiState& ui, Commands& out);
void draw_processes(const gb::Machine& m, UiState& ui, Commands& out);
void draw_scheduler(const gb::Machine& m, UiState& ui, Commands& out);
void draw_timeline(const gb::Machine& m, UiState& ui, Commands& out);
void draw_console(const gb::Machine& m, UiState& ui, Commands& out);
void draw_event_log(const gb::Machine& m, UiState& ui, Commands& out);
void draw_sync(const gb::Machine& m, UiState& ui, Commands& out);
void draw_io(const gb::Machine& m, UiState& ui, Commands& out);
void draw_lesson(const gb::Machine& m, UiState& ui, Commands& out);
void draw_history(const gb::Machine& m, UiState& ui, Commands& out); // a value's writes
void draw_races(const gb::Machine& m, UiState& ui, Commands& out);   // the race detector
void draw_editor(const gb::Machine& m, UiState& ui, Commands& out);  // the program editor
void draw_memory(const gb::Machine& m, UiState& ui, Commands& out);  // words in hex and text
// The lesson picker's items (the Lessons menu and the Lesson panel's list):
// every lesson in order with its title in the current language, the lesson
// files that could not be read, then the sample programs.
void draw_lesson_menu(UiState& ui, Commands& out);
// The status text in the menu bar (time, stop reason, frame time).
void draw_status(const gb::Machine& m, UiState& ui);
// Banners over the panels: a guest fault, assembler errors, a stop reason.
void draw_banners(const gb::Machine& m, UiState& ui, Commands& out);
// The in-app open-file dialog (programs/ first, any path).
void draw_open_dialog(UiState& ui, Commands& out);

// --- helpers (helpers.cpp) ---------------------------------------------------------

// A thread's colour (PC markers, timeline lanes), from the current theme.
ImU32 thread_colour(int tid, float alpha = 1.0f);
ImVec4 thread_colour_v(int tid, float alpha = 1.0f);
// Theme-aware semantic colours.
ImVec4 colour_changed(); // a register that just changed
ImVec4 colour_fault();   // fault text and banner
ImVec4 colour_dim();     // secondary text
ImVec4 colour_ok();
ImVec4 colour_warn();
ImVec4 colour_state(gb::ThreadState s);
// A small filled square in a thread's colour, then the text "t2".
void thread_chip(int tid);
// "t2 worker" for a thread, "—" for 0.
std::string thread_label(const gb::Machine& m, int tid);
// Translated names of sim enums.
const char* state_name(gb::ThreadState s);
const char* reason_name(gb::BlockReason r);
const char* switch_reason(gb::SwitchReason r);
const char* region_kind(gb::RegionKind k);
std::string perms_text(uint8_t perms);
// "race.s:35: load r3, [count]": a source line's file name without its folders, no comment.
std::string short_source(const std::string& source);
const char* fault_text(gb::Fault f);
// The current language for teach's words (events, fault and deadlock reports).
gb::Lang words_lang();
// Help text on hover of the last item.
void tooltip(const char* text);
// The ISA explanation tooltip for an instruction word.
void instruction_tooltip(uint32_t word, const std::string& disasm);
// Markdown (the lesson texts), wrapped to the window: headings, paragraphs,
// lists, `code`, code blocks, **bold** (markdown.cpp).
void draw_markdown(const std::vector<gb::MdBlock>& blocks, const UiState& ui);
// A hint in dim text (wrapped at the panel's edge).
void hint(const char* text);
// Text that wraps at the window's edge.
void wrapped(const char* text);
// The process whose code and memory are shown.
int shown_pid(const gb::Machine& m, const UiState& ui);

// --- text that fits (fit.cpp) -------------------------------------------------------

// Text in the room left on the line (a table cell's width): whole when it
// fits, else shortened with "…" and the whole text on hover.
void fit_text(const std::string& text, const ImVec4& colour);
// `text` shortened with "…" to `room` pixels (itself when it fits).
std::string fit_label(const std::string& text, float room);
void fit_text(const std::string& text);
// Text after the previous item when it fits on that line, else on a new
// line, wrapped at the panel's edge if it is wider than the panel.
void flow_text(const std::string& text, const ImVec4& colour);
void flow_text(const std::string& text);
// SameLine() when an item `width` wide fits after the previous one, else a
// new line. Returns whether it stayed on the line.
bool same_line_if(float width);
// The width of a button, checkbox or radio button with this label.
float button_width(const char* label);
float check_width(const char* label);
// Ends the current table, first noting in ui.layout_items (kind "clipped")
// each column whose cells were drawn wider than the part of the column in view.
void end_table(UiState& ui);
// Notes (kind "clipped") when what was drawn in the current window is wider
// than its visible part; `what` names the window in the note.
void note_overflow(UiState& ui, const std::string& what);

} // namespace gui
