// The dashboard application: owns the Session (the machine and its named
// commands), the settings and the UI state; lays the panels out; turns
// keys, buttons and dropped files into commands; runs the simulation in
// per-frame budgets. main.cpp owns the window and the GL context.
#pragma once

#include "settings.h"
#include "ui.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace gui {

struct Options {
    std::string program;           // --program FILE
    std::string lesson;            // --lesson NAME
    size_t lesson_program = 1;     // --lesson-program N: its Nth program (1 = the first)
    std::optional<uint64_t> steps; // --steps N (headless; a lesson's default: its screenshot_steps)
    std::string screenshot;        // --screenshot out.png
    std::string dump_state;        // --dump-state out.json
    bool palette = false;          // --palette: a 256-colour PNG (smaller, for the docs)
    bool show_answer = false;      // --show-answer: the lesson's answer shown
    int width = 1280, height = 720; // --size WxH
    std::optional<float> font_scale;
    std::optional<std::string> lang, theme;
    int bench_frames = 0;           // --bench-frames N
    bool bench_paused = false;      // --bench-paused: the frames measured draw a paused machine
    std::vector<std::string> show;  // --show PANEL: bring these tabs to the front (screenshots)
    std::string session;            // --session FILE: a saved session (teach/recording.h)
    std::string save_session;       // --save-session FILE: after --steps, save the session there
    bool presenter = false;         // --presenter: start with the lesson text hidden (F6)
    std::string maximise;           // --maximise PANEL: start with that panel alone (F11)
    std::vector<std::string> watch; // --watch TEXT: watchpoints (Cmd::ToggleWatch), before --steps
    std::string save_picture;       // --save-picture FILE: File → Save a picture, to FILE
    std::vector<std::string> ostep; // --ostep SIM ARGS...: OSTEP's homework (teach/ostep_x86.h)
    bool headless() const { return !screenshot.empty() || bench_frames > 0; }
};

class App {
  public:
    App(Options opts, std::string source_dir);
    ~App();

    // After ImGui and its backends are set up: settings, fonts, theme, program.
    void init();
    // Before ImGui::NewFrame: rebuild the font atlas and theme if needed.
    void before_frame();
    // Between NewFrame and Render: run the simulation and draw everything.
    void frame(double dt);
    // After a frame: the frame's work time in ms (for the readout).
    void end_frame(double work_ms);
    // Files dropped on the window.
    void drop(const std::vector<std::string>& paths);
    // Saves settings (not in headless mode).
    void save();

    gb::Session& session() { return session_; }
    Settings& settings() { return settings_; }
    UiState& ui() { return ui_; }
    nlohmann::json state_json() const;
    bool quit_requested() const { return quit_; }
    // The window's close button, or leaving the page: Cmd::Quit, which asks
    // first when the editor has unsaved edits.
    void request_quit() { cmds_.push(Cmd::Quit); }
    // A named command from outside the frame (the browser page's hooks).
    void push(Cmd k) { cmds_.push(k); }
    // The editor has edits that are not saved (the browser warns before the page is left).
    bool unsaved_edits() const { return ui_.editor.buf.dirty(); }
    // File → Save a picture of the window: after this frame is drawn, the
    // frame loop reads the framebuffer and hands its pixels to picture_taken
    // (w*h RGB, top row first), which saves it through platform.h.
    bool picture_wanted() const { return picture_wanted_; }
    void picture_taken(int w, int h, const std::vector<unsigned char>& rgb);
    // Keep the simulation running at full speed, restarting at the end (benchmarks).
    void set_bench(bool on) { bench_ = on; }
    // Totals of the full-speed simulation so far (instructions, ms).
    uint64_t bench_steps() const { return bench_steps_; }
    double bench_sim_ms() const { return bench_sim_ms_; }
    // Full speed on the desktop: while the frame loop renders what the
    // panels built (no panel reads the machine then), the simulation runs on
    // a second thread, until the frame is drawn and has taken its goal time.
    // The loop calls start after ImGui::Render and finish before it reads
    // input again; start says whether it started.
    bool start_background_run(std::chrono::steady_clock::time_point frame_start);
    void finish_background_run();

  private:
    void apply_commands();
    void load_program(const std::string& path);
    // OSTEP's homework simulator with its own flags (`x86 -p FILE -t 2 ...`).
    bool open_ostep(const std::vector<std::string>& args);
    // Saved sessions (app_session.cpp): open one (a .json file), or save the current one.
    bool open_session_file(const std::string& path);
    void toggle_watch(const std::string& text); // a watchpoint on or off (app_session.cpp)
    void save_session_file(const std::string& path = ""); // "": PROGRAM.session.json
    // Opens a lesson by id, prefix or number (gb::find_lesson) with its program number `program`.
    bool open_lesson(const std::string& name, size_t program);
    int find_lesson_index(const std::string& name) const;
    void loaded(const std::string& path);
    void load_failed(const std::string& path);
    void program_note();
    static bool same_file(const std::string& a, const std::string& b);
    void run_simulation(double dt);
    void shortcuts();
    void menu_bar();
    // The tiles: with a lesson open, its text in a column of its own and its
    // panels in front beside it (the others as tabs behind them); without
    // one, every panel in its usual place.
    void layout_and_panels();
    void rebuild_fonts();
    void note(const std::string& text);
    std::string find_program(const std::string& name) const;

    Options opts_;
    std::string source_dir_;
    gb::Session session_;
    Settings settings_;
    UiState ui_;
    Commands cmds_;
    std::string settings_file_, ini_file_;

    // Fonts and theme.
    float built_scale_ = 0;
    std::string built_theme_;
    bool fonts_dirty_ = true;
    std::vector<std::string> glyph_texts_; // extra text whose glyphs the atlas needs
    ImVector<ImWchar> glyph_ranges_;
    std::string bold_glyphs_; // the text the bold and heading fonts must show
    ImVector<ImWchar> bold_ranges_;
    std::string font_path_;

    // Running.
    double accum_ = 0;       // fractional instructions owed at slow speeds
    uint64_t budget_ = 4096; // instructions per chunk at full speed (App::run_simulation)
    double draw_ms_ = 0;     // a frame's time not simulating (average), ms
    double reload_check_ = 0;
    bool quit_ = false;
    bool bench_ = false;
    bool relayout_ = true;       // apply the default layout this frame
    int lesson_tabs_frames_ = 0; // > 0: bring the lesson's panels to the front (frames left)
    bool deadlock_shown_ = false;
    bool picture_wanted_ = false;

  public:
    // Presenter state, for --dump-state.
    bool presenter() const { return presenter_; }
    const std::string& maximised() const { return maximised_; }

  private:
    // Panels the user brought into the lesson layout from a "⋯" menu, and the one to select.
    std::set<std::string> promoted_;
    std::string select_next_, select_once_;
    // Presenter keys: F6 hides the lesson text; F11 shows the focused panel alone.
    bool presenter_ = false, presenter_seen_ = false;
    std::string maximised_, maximised_seen_, focused_panel_;
    uint64_t faults_seen_ = 0, generation_seen_ = 0;
    double frame_ms_avg_ = 0;
    uint64_t bench_steps_ = 0;
    double bench_sim_ms_ = 0;
    bool overlaps_rendering() const;
    // Chunks of budget_ instructions until `enough(ms so far)` or the machine stops.
    void run_full_speed(const std::function<bool(double)>& enough, uint64_t& steps, double& ms);
    std::thread background_;
    std::atomic<bool> frame_drawn_{false};
    uint64_t background_steps_ = 0;
    double background_ms_ = 0;
};

} // namespace gui
