// Settings remembered between runs, as JSON in $XDG_CONFIG_HOME/glassbox
// (or ~/.config/glassbox); ImGui's window layout goes to imgui.ini beside it.
#pragma once

#include "sim/kernel/machine.h"

#include <string>
#include <vector>

namespace gui {

struct Settings {
    float font_scale = 1.0f;    // 1..3 (the projector case)
    std::string theme = "dark"; // dark, light, high-contrast
    std::string lang = "en";    // en, ko
    double speed = 10;          // instructions per second when not at full speed
    bool speed_max = false;     // run as fast as the frame budget allows
    bool tiled = true; // windows tile the screen (no overlaps); false: free, saved in imgui.ini
    bool auto_reload = true;      // reload when the program file changes on disk
    bool show_frame_time = false; // a developer setting: frame time and fps in the menu bar
    int step_n = 10;
    std::string last_program;
    std::string last_lesson;
    std::vector<std::string> recent;
    gb::Config config;
    int window_w = 1280, window_h = 720;

    // The program now open (loaded, saved, or a session's): it is the one
    // opened next time and the first of the recent programs.
    void opened(const std::string& path);
};

// The folder for settings.json and imgui.ini ("" if none can be found).
std::string config_dir();
Settings load_settings(const std::string& file);
bool save_settings(const Settings& s, const std::string& file);

} // namespace gui
