// glassbox in the browser: the page's entry point. The same App as the
// desktop's main.cpp, with the browser's frame loop (the page calls frame()
// once per animation frame), a canvas that follows the window's size, and
// the page's address saying what to open:
//
//   index.html?lesson=09            a lesson (id, unique prefix or number)
//   index.html?program=race.s       a sample program (programs/…)
//   &lang=ko  &theme=light  &scale=1.5
//   &autotest=1                     the browser test (tests/web/browser_test.sh):
//                                   step, step back, run to the end, print
//                                   "glassbox-web:" lines to the console
//   &autotest=keys|files|recent     read by tests/web/driver.js, which the
//                                   browser tests add to a copy of the page
//   ?bench=N                        race.s at full speed for N frames, then the
//                                   frame time on the console (bench/web_frames.sh)
//
// Settings, the window layout and uploaded programs are kept in the
// browser's storage (web.h).
#include "app.h"
#include "platform.h"
#include "web.h"

#include "teach/lesson.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;

// Where the site's data (assets/, programs/) is unpacked in the page's memory.
constexpr const char* kDataDir = "/glassbox";

// The browser test, one phase per frame or two: it drives the session the
// way a student does (step, step back, run) and reports on the console.
struct AutoTest {
    enum class Phase { Off, Settle, Step, Run, Done } phase = Phase::Off;
    int frames = 0;
    uint64_t run_frames = 0;
};

struct WebMain {
    GLFWwindow* window = nullptr;
    gui::App* app = nullptr;
    double last_time = 0;
    double next_save = 0;
    int frames = 0;
    AutoTest test;
    int bench_frames = 0;         // ?bench=N
    std::vector<double> frame_ms; // the benchmark's frames (after a warm-up)
};

void drop_callback(GLFWwindow*, int count, const char** paths);

WebMain g;

void drop_callback(GLFWwindow*, int count, const char** paths) {
    if (count < 1 || !g.app) return;
    g.app->drop({gui::web::adopt_file(paths[0])});
}

// The canvas fills the page: follow the window's CSS size.
void follow_window_size() {
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    int w = std::max(320, static_cast<int>(css_w)), h = std::max(240, static_cast<int>(css_h));
    int cur_w = 0, cur_h = 0;
    glfwGetWindowSize(g.window, &cur_w, &cur_h);
    if (w != cur_w || h != cur_h) glfwSetWindowSize(g.window, w, h);
}

// Settings and layout go to the browser's storage every few seconds (a
// page is closed, not quit, so there is no last moment to save them in).
// (The browser test keeps them once, when its run has ended.)
void keep_settings(double now, bool force = false) {
    if (!force && (now < g.next_save || g.test.phase != AutoTest::Phase::Off)) return;
    g.next_save = now + 2.0;
    g.app->save();
    std::string dir = gui::config_dir();
    if (dir.empty()) return;
    for (const char* f : {"settings.json", "imgui.ini"})
        if (fs::exists(fs::path(dir) / f)) gui::web::keep_file((fs::path(dir) / f).string());
}

// Leaving the page with unsaved edits in the editor: the browser's own
// "leave this page?" question (a page cannot show its own prompt then).
void follow_unsaved_edits() {
    static int warned = 0;
    int now = g.app->unsaved_edits() ? 1 : 0;
    if (now != warned) {
        EM_ASM(
            {
                if (!Module.gbBeforeUnload) Module.gbBeforeUnload = function(e) {
                        e.preventDefault();
                        e.returnValue = "";
                        return "";
                    };
                if ($0)
                    window.addEventListener("beforeunload", Module.gbBeforeUnload);
                else
                    window.removeEventListener("beforeunload", Module.gbBeforeUnload);
            },
            now);
    }
    warned = now;
}

void report(const std::string& line) {
    gui::web::console_log("glassbox-web: " + line);
}

void autotest_frame() {
    AutoTest& t = g.test;
    gb::Session& s = g.app->session();
    ++t.frames;
    switch (t.phase) {
    case AutoTest::Phase::Off:
    case AutoTest::Phase::Done: return;
    case AutoTest::Phase::Settle:
        if (t.frames < 3) return;
        {
            nlohmann::json st = g.app->state_json();
            std::string panels;
            for (const auto& p : st["panels"])
                panels += (panels.empty() ? "" : ",") + p.get<std::string>();
            report(fmt::format("rendered frame {} lesson={} program={} panels={} lang={}", g.frames,
                               st["lesson"].get<std::string>(),
                               fs::path(s.path()).filename().string(), panels,
                               st["lang"].get<std::string>()));
        }
        t.phase = AutoTest::Phase::Step;
        return;
    case AutoTest::Phase::Step: {
        // The session's commands, as F10 and Shift+F10 send them (a headless
        // browser under virtual time gives too few frames to type each key).
        for (int i = 0; i < 5; ++i)
            s.step();
        uint64_t after_steps = s.machine().instructions;
        bool back = s.step_back();
        report(fmt::format("stepped instructions={} step_back={} instructions={}", after_steps,
                           back ? "ok" : "failed", s.machine().instructions));
        // Run as fast as the frame budget allows, as the speed menu's "max" does.
        g.app->settings().speed_max = true;
        s.set_running(true);
        t.phase = AutoTest::Phase::Run;
        return;
    }
    case AutoTest::Phase::Run:
        ++t.run_frames;
        if (s.running()) return;
        {
            const gb::Machine& m = s.machine();
            std::string console = m.console;
            std::replace(console.begin(), console.end(), '\n', '|');
            auto stop = s.last_stop();
            std::string why(stop ? gb::stop_reason_name(*stop) : "none");
            std::replace(why.begin(), why.end(), ' ', '_');
            report(fmt::format("finished stop={} instructions={} frames={} console={}", why,
                               m.instructions, t.run_frames, console));
        }
        t.phase = AutoTest::Phase::Done;
        keep_settings(0, true);
        report("kept the settings in the browser's storage");
        return;
    }
}

// The frame time while the machine runs at full speed, as the desktop's
// --bench-frames prints it: what a student's browser spends per frame.
void bench_frame(double work_ms) {
    const int warm_up = 10;
    if (g.frames > warm_up) g.frame_ms.push_back(work_ms);
    if (static_cast<int>(g.frame_ms.size()) != g.bench_frames) return;
    std::vector<double> sorted = g.frame_ms;
    std::sort(sorted.begin(), sorted.end());
    double sum = 0;
    for (double v : sorted)
        sum += v;
    double mean = sum / static_cast<double>(sorted.size());
    int w = 0, h = 0;
    glfwGetWindowSize(g.window, &w, &h);
    double frames = static_cast<double>(g.frames);
    report(fmt::format(
        "bench: {} frames at {}x{}, race.s at full speed: frame time mean {:.2f} ms, "
        "median {:.2f} ms, p95 {:.2f} ms; per frame {:.0f} instructions simulated "
        "in {:.2f} ms",
        sorted.size(), w, h, mean, sorted[sorted.size() / 2],
        sorted[std::min(sorted.size() - 1, sorted.size() * 95 / 100)],
        static_cast<double>(g.app->bench_steps()) / frames, g.app->bench_sim_ms() / frames));
    g.bench_frames = 0;
}

void frame() {
    if (g.bench_frames == 0) follow_window_size(); // the benchmark keeps 1280x720
    glfwPollEvents();
    double now = emscripten_get_now() / 1000.0;
    double dt = std::clamp(now - g.last_time, 1.0 / 240.0, 0.25);
    g.last_time = now;
    g.app->before_frame();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    // Under a headless browser's virtual time two frames can share a
    // timestamp; ImGui asserts on a zero delta.
    ImGuiIO& io = ImGui::GetIO();
    if (io.DeltaTime <= 0) io.DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    autotest_frame();
    g.app->frame(dt);
    ImGui::Render();
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(g.window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    glClearColor(bg.x * 0.8f, bg.y * 0.8f, bg.z * 0.8f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (g.app->picture_wanted()) {
        // File → Save a picture: the frame just drawn, before the browser
        // shows it (WebGL reads RGBA for certain; the picture is RGB).
        size_t n = static_cast<size_t>(fb_w) * static_cast<size_t>(fb_h);
        std::vector<unsigned char> px(n * 4), top_first(n * 3);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, fb_w, fb_h, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
        for (size_t i = 0; i < n; ++i) {
            size_t x = i % static_cast<size_t>(fb_w), y = i / static_cast<size_t>(fb_w);
            size_t from = ((static_cast<size_t>(fb_h) - 1 - y) * static_cast<size_t>(fb_w) + x) * 4;
            std::copy_n(px.begin() + static_cast<std::ptrdiff_t>(from), 3,
                        top_first.begin() + static_cast<std::ptrdiff_t>(i * 3));
        }
        g.app->picture_taken(fb_w, fb_h, top_first);
    }
    double work_ms = emscripten_get_now() - now * 1000.0;
    g.app->end_frame(work_ms);
    ++g.frames;
    if (g.bench_frames > 0) bench_frame(work_ms);
    keep_settings(now);
    follow_unsaved_edits();
}

// ?program=NAME: a file under programs/ (no way out of it).
std::string sample_program(const std::string& name) {
    if (name.empty() || name.find("..") != std::string::npos) return "";
    fs::path p = fs::path(kDataDir) / "programs" / name;
    std::error_code ec;
    return fs::is_regular_file(p, ec) ? p.string() : "";
}

} // namespace

// The page's entry points into the dashboard (EXPORTED_FUNCTIONS in
// CMakeLists.txt), called from JavaScript; the browser tests
// (tests/web/driver.js) drive the dashboard through them and through key
// and drop events, as a student's browser sends them.
extern "C" {

// The dashboard's state as JSON: App::state_json() and whether the machine
// runs, what the program printed and the recent programs.
EMSCRIPTEN_KEEPALIVE const char* glassbox_state() {
    static std::string text;
    if (!g.app) return "{}";
    nlohmann::json j = g.app->state_json();
    j["running"] = g.app->session().running();
    j["console"] = g.app->session().machine().console;
    j["recent"] = g.app->settings().recent;
    j["frames"] = g.frames;
    text = j.dump();
    return text.c_str();
}

// A File menu command of the browser's (web.h file_command): 1 if done.
EMSCRIPTEN_KEEPALIVE int glassbox_file_command(const char* name) {
    return g.app && gui::web::file_command(name, g.app->session()) ? 1 : 0;
}

// The editor's own path, as a student takes it: `text` typed over the
// current program in the editor, then Save (platform::save_program: written,
// kept, downloaded) and Apply, in the next frame.
EMSCRIPTEN_KEEPALIVE int glassbox_save_program(const char* text) {
    if (!g.app || g.app->session().path().empty()) return 0;
    gui::EditorUi& ed = g.app->ui().editor;
    std::string path = g.app->session().path(), error;
    if (ed.buf.path() != path && !ed.buf.open_file(path, error)) {
        std::fprintf(stderr, "glassbox: %s\n", error.c_str());
        return 0;
    }
    ed.buf.edit(text, 0, g.app->ui().now_s);
    g.app->push(gui::Cmd::EditorSave);
    g.app->push(gui::Cmd::EditorApply);
    return 1;
}

} // extern "C"

int main() {
    // The lessons' programs include programs/lib through the path the
    // libraries were built with: let that path lead to the site's data.
    std::error_code ec;
    fs::create_directories(fs::path(GLASSBOX_SOURCE_DIR).parent_path(), ec);
    fs::create_directory_symlink(kDataDir, GLASSBOX_SOURCE_DIR, ec);
    gui::web::restore_files();

    gui::Options opts;
    std::string lesson = gui::web::query_param("lesson"),
                program = gui::web::query_param("program"), lang = gui::web::query_param("lang"),
                theme = gui::web::query_param("theme"), scale = gui::web::query_param("scale");
    if (!program.empty()) {
        opts.program = sample_program(program);
        if (opts.program.empty())
            std::fprintf(stderr, "glassbox: no sample program '%s' (programs/…)\n",
                         program.c_str());
    }
    if (!lesson.empty() && opts.program.empty()) {
        std::vector<std::string> errors;
        auto lessons = gb::load_lessons(std::string(kDataDir) + "/assets", errors);
        std::string why;
        if (gb::find_lesson(lessons, lesson, why))
            opts.lesson = lesson;
        else
            std::fprintf(stderr, "glassbox: %s\n", why.c_str());
    }
    if (lang == "en" || lang == "ko") opts.lang = lang;
    if (theme == "dark" || theme == "light" || theme == "high-contrast") opts.theme = theme;
    if (!scale.empty()) opts.font_scale = std::clamp(std::strtof(scale.c_str(), nullptr), 1.f, 3.f);
    if (gui::web::query_param("autotest") == "1") g.test.phase = AutoTest::Phase::Settle;
    if (std::string b = gui::web::query_param("bench"); !b.empty()) {
        g.bench_frames = std::clamp(std::atoi(b.c_str()), 1, 100000);
        opts.bench_frames = g.bench_frames; // the App runs race.s at full speed
    }

    if (!glfwInit()) {
        std::fprintf(stderr, "glassbox: cannot start GLFW in this browser\n");
        return 1;
    }
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    g.window = glfwCreateWindow(1280, 720, "Glassbox", nullptr, nullptr);
    if (!g.window) {
        std::fprintf(stderr, "glassbox: this browser cannot give WebGL 2\n");
        return 1;
    }
    glfwMakeContextCurrent(g.window);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr; // App decides
    ImGui_ImplGlfw_InitForOpenGL(g.window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    gui::web::install_clipboard();

    static gui::App app(opts, kDataDir);
    g.app = &app;
    gui::web::set_open_handler([](const std::string& path) { g.app->drop({path}); });
    glfwSetDropCallback(g.window, drop_callback);
    app.init();
    if (g.bench_frames > 0) {
        app.set_bench(true);
        app.settings().speed_max = true;
    }
    g.last_time = emscripten_get_now() / 1000.0;
    g.next_save = g.last_time + 2.0;
    emscripten_set_main_loop(frame, 0, true);
    return 0;
}
