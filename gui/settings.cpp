#include "settings.h"

#include "sim/asm/file_text.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace gui {

namespace fs = std::filesystem;

void Settings::opened(const std::string& path) {
    if (path.empty()) return;
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    last_program = ec ? path : abs.lexically_normal().string();
    recent.erase(std::remove(recent.begin(), recent.end(), last_program), recent.end());
    recent.insert(recent.begin(), last_program);
    if (recent.size() > 10) recent.resize(10);
}

std::string config_dir() {
    fs::path dir;
    if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x)
        dir = fs::path(x) / "glassbox";
    else if (const char* h = std::getenv("HOME"); h && *h)
        dir = fs::path(h) / ".config" / "glassbox";
    else
        return "";
    std::error_code ec;
    fs::create_directories(dir, ec);
    return ec ? "" : dir.string();
}

Settings load_settings(const std::string& file) {
    Settings s;
    gb::FileText text = gb::read_file_text(file);
    if (!text.ok()) return s; // no settings yet: the defaults
    try {
        nlohmann::json j = nlohmann::json::parse(text.text);
        s.font_scale = std::clamp(j.value("font_scale", s.font_scale), 1.0f, 3.0f);
        s.theme = j.value("theme", s.theme);
        s.lang = j.value("lang", s.lang);
        s.speed = std::clamp(j.value("speed", s.speed), 1.0, 100000.0);
        s.speed_max = j.value("speed_max", s.speed_max);
        s.tiled = j.value("tiled", s.tiled);
        s.auto_reload = j.value("auto_reload", s.auto_reload);
        s.show_frame_time = j.value("show_frame_time", s.show_frame_time);
        s.step_n = std::clamp(j.value("step_n", s.step_n), 1, 1000000);
        s.last_program = j.value("last_program", s.last_program);
        s.last_lesson = j.value("last_lesson", s.last_lesson);
        s.recent = j.value("recent", s.recent);
        s.window_w = std::clamp(j.value("window_w", s.window_w), 640, 8192);
        s.window_h = std::clamp(j.value("window_h", s.window_h), 480, 8192);
        if (j.contains("machine")) {
            const auto& m = j["machine"];
            gb::Config& c = s.config;
            c.cores = std::clamp(m.value("cores", c.cores), 1, 8);
            if (auto p = gb::parse_policy(m.value("policy", std::string("rr"))))
                c.sched.policy = *p;
            c.sched.quantum_ticks = std::max(1u, m.value("quantum_ticks", c.sched.quantum_ticks));
            c.timer_period = std::max(1u, m.value("timer_period", c.timer_period));
            c.thread_switch_cost = m.value("thread_switch_cost", c.thread_switch_cost);
            c.process_switch_cost = m.value("process_switch_cost", c.process_switch_cost);
            c.seed = m.value("seed", c.seed);
        }
    } catch (const std::exception&) {
        return Settings{}; // a broken settings file never stops the dashboard
    }
    return s;
}

bool save_settings(const Settings& s, const std::string& file) {
    nlohmann::json j;
    j["font_scale"] = s.font_scale;
    j["theme"] = s.theme;
    j["lang"] = s.lang;
    j["speed"] = s.speed;
    j["speed_max"] = s.speed_max;
    j["tiled"] = s.tiled;
    j["auto_reload"] = s.auto_reload;
    j["show_frame_time"] = s.show_frame_time;
    j["step_n"] = s.step_n;
    j["last_program"] = s.last_program;
    j["last_lesson"] = s.last_lesson;
    j["recent"] = s.recent;
    j["window_w"] = s.window_w;
    j["window_h"] = s.window_h;
    const gb::Config& c = s.config;
    j["machine"] = {{"cores", c.cores},
                    {"policy", std::string(gb::policy_name(c.sched.policy))},
                    {"quantum_ticks", c.sched.quantum_ticks},
                    {"timer_period", c.timer_period},
                    {"thread_switch_cost", c.thread_switch_cost},
                    {"process_switch_cost", c.process_switch_cost},
                    {"seed", c.seed}};
    std::ofstream out(file);
    if (!out) return false;
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return static_cast<bool>(out);
}

} // namespace gui
