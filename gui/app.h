// The dashboard application: owns the Session (the machine and its named
// commands), the settings and the UI state; lays the panels out; turns
// keys, buttons and dropped files into commands; runs the simulation in
// per-frame budgets. main.cpp owns the window and the GL context.
#pragma once

#include "settings.h"
#include "ui.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace gui {

struct Options {
    std::string program;          // --program FILE
    std::string lesson;           // --lesson NAME
    uint64_t steps = 0;           // --steps N (headless)
    std::string screenshot;       // --screenshot out.png
    std::string dump_state;       // --dump-state out.json
    int width = 1280, height = 720; // --size WxH
    std::optional<float> font_scale;
    std::optional<std::string> lang, theme;
    int bench_frames = 0;         // --bench-frames N
    std::vector<std::string> show; // --show PANEL: bring these tabs to the front (screenshots)
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
    // Keep the simulation running at full speed, restarting at the end (benchmarks).
    void set_bench(bool on) { bench_ = on; }
    // Totals of the full-speed simulation so far (instructions, ms).
    uint64_t bench_steps() const { return bench_steps_; }
    double bench_sim_ms() const { return bench_sim_ms_; }

private:
    void apply_commands();
    void load_program(const std::string& path);
    void open_lesson(const std::string& name);
    void lesson_from_program();
    void run_simulation(double dt);
    void shortcuts();
    void menu_bar();
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
    std::string font_path_;

    // Running.
    double accum_ = 0;        // fractional instructions owed at slow speeds
    uint64_t budget_ = 2000;  // instructions per frame at full speed
    double reload_check_ = 0;
    bool quit_ = false;
    bool bench_ = false;
    bool relayout_ = true;    // apply the default layout this frame
    bool deadlock_shown_ = false;
    uint64_t faults_seen_ = 0, generation_seen_ = 0;
    double frame_ms_avg_ = 0;
    uint64_t bench_steps_ = 0;
    double bench_sim_ms_ = 0;
};

} // namespace gui
