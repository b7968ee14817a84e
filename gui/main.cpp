// glassbox: the dashboard. Owns the window (GLFW), the OpenGL context (glad)
// and Dear ImGui's backends; everything else is in App.
//
//   glassbox [FILE.s]                      open the dashboard (default: the lesson
//                                          09-thread-safety, whose first program races
//                                          two threads on a counter)
//   glassbox --lesson NAME                 open a lesson (id, unique prefix or number: 09)
//   glassbox --program FILE | --lesson NAME [--steps N] --screenshot out.png
//            [--size WxH] [--font-scale S] [--lang ko|en] [--theme NAME] [--dump-state out.json]
//            [--show PANEL] [--show-answer] [--palette]
//                                          render the real dashboard headless and exit
//                                          (a lesson without --steps: its screenshot_steps)
//   glassbox --bench-frames N [--size WxH] run race.s at full speed, print the frame time
#include <glad/gl.h>

#include "app.h"
#include "png.h"

#include "teach/lesson.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

gui::App* g_app = nullptr;

void drop_callback(GLFWwindow*, int count, const char** paths) {
    std::vector<std::string> v(paths, paths + count);
    if (g_app) g_app->drop(v);
}

// The close button is a Quit command: with unsaved edits in the editor the
// dashboard asks first, so the window stays open until the answer.
void close_callback(GLFWwindow* w) {
    if (!g_app) return;
    glfwSetWindowShouldClose(w, GLFW_FALSE);
    g_app->request_quit();
}

// While the window is being opened, errors are held back: a busy X server
// may refuse one connection and accept the next, and a refusal that a retry
// mends is not worth a line on the terminal.
bool hold_glfw_errors = false;
std::string held_glfw_error;

void glfw_error(int code, const char* text) {
    if (hold_glfw_errors) {
        held_glfw_error = fmt::format("glfw error {}: {}\n", code, text);
        return;
    }
    std::fprintf(stderr, "glfw error %d: %s\n", code, text);
}

// glfwInit, tried again for about two seconds when a display is named but
// refused the connection (an X server busy with many windows does that).
bool open_glfw() {
    hold_glfw_errors = true;
    bool ok = glfwInit();
    const char* display = std::getenv("DISPLAY");
    for (int attempt = 1; !ok && display && *display && attempt <= 6; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
        ok = glfwInit();
    }
    hold_glfw_errors = false;
    if (!ok) std::fputs(held_glfw_error.c_str(), stderr);
    return ok;
}

// The folder with programs/ and assets/: $GLASSBOX_ROOT if set (tests use
// it for lesson files with problems), else the source tree it was built from,
// else the current folder.
std::string source_dir() {
    if (const char* root = std::getenv("GLASSBOX_ROOT"); root && *root) return root;
#ifdef GLASSBOX_SOURCE_DIR
    if (std::filesystem::exists(GLASSBOX_SOURCE_DIR "/programs")) return GLASSBOX_SOURCE_DIR;
#endif
    return std::filesystem::current_path().string();
}

// The bound framebuffer's pixels, w*h RGB, top row first (GL's rows start at the bottom).
std::vector<unsigned char> read_rgb(int w, int h) {
    size_t row = static_cast<size_t>(w) * 3;
    std::vector<unsigned char> px(row * static_cast<size_t>(h)), top_first(px.size());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
    for (size_t y = 0; y < static_cast<size_t>(h); ++y)
        std::copy_n(px.begin() +
                        static_cast<std::ptrdiff_t>((static_cast<size_t>(h) - 1 - y) * row),
                    row, top_first.begin() + static_cast<std::ptrdiff_t>(y * row));
    return top_first;
}

// An offscreen framebuffer of exactly the requested size (headless mode does
// not depend on the X screen's size or on the window manager).
struct Offscreen {
    GLuint fbo = 0, colour = 0, depth = 0;
    int w = 0, h = 0;
    bool create(int width, int height) {
        w = width;
        h = height;
        glGenFramebuffers(1, &fbo);
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        glGenRenderbuffers(1, &colour);
        glBindRenderbuffer(GL_RENDERBUFFER, colour);
        glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, colour);
        return glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    }
    bool write_png(const std::string& path, bool palette) const {
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        std::vector<unsigned char> top_first = read_rgb(w, h);
        return palette ? gui::write_png_palette(path, w, h, top_first)
                       : gui::write_png_rgb(path, w, h, top_first);
    }
};

} // namespace

int main(int argc, char** argv) {
    gui::Options opts;
    CLI::App cli{"Glassbox: a CPU and process simulator you can see into"};
    std::string positional, size, lang, theme;
    float font_scale = 0;
    cli.add_option("file", positional, "a program to open (.s)");
    cli.add_option("--program", opts.program, "the program to load");
    cli.add_option("--session", opts.session, "a saved session to open (a .json file)");
    cli.add_option("--save-session", opts.save_session,
                   "after --steps, save the session to this file (a teacher's moment to share)");
    cli.add_option(
        "--lesson", opts.lesson,
        "a lesson to open: its id (09-thread-safety), a unique prefix or its number (09)");
    cli.add_option("--lesson-program", opts.lesson_program,
                   "with --lesson: which of its programs opens (1 = the first, the default)")
        ->check(CLI::Range(1, 100));
    uint64_t steps = 0;
    CLI::Option* steps_opt = cli.add_option(
        "--steps", steps,
        "instructions to run before the screenshot (a lesson's default: its screenshot_steps)");
    cli.add_option("--screenshot", opts.screenshot, "render headless, write this PNG and exit");
    cli.add_option("--dump-state", opts.dump_state,
                   "with --screenshot: also write the visible panels and banners as JSON");
    cli.add_option("--size", size, "window size WxH (default 1280x720)");
    cli.add_option("--font-scale", font_scale, "text size, 1 to 3")->check(CLI::Range(1.0f, 3.0f));
    cli.add_option("--lang", lang, "en or ko")->check(CLI::IsMember({"en", "ko"}));
    cli.add_option("--theme", theme, "dark, light or high-contrast")
        ->check(CLI::IsMember({"dark", "light", "high-contrast"}));
    cli.add_option(
        "--show", opts.show,
        "bring a panel's tab to the front: lesson, errors, scheduler, sync, io, event_log, ...");
    cli.add_option("--watch", opts.watch,
                   "arm a watchpoint, NAME[:MODE][:CONDITION] (count, count:rw, count:w:==0); "
                   "--steps then stops at its first hit");
    cli.add_flag("--presenter", opts.presenter, "start with the lesson text hidden (F6)");
    cli.add_option("--maximise", opts.maximise,
                   "start with this panel alone (F11): timeline, code, ...");
    cli.add_option("--save-picture", opts.save_picture,
                   "save a picture of the window to this PNG file as File → Save a picture does");
    cli.add_flag("--show-answer", opts.show_answer,
                 "with --lesson: show the lesson's answer (screenshots)");
    cli.add_flag("--palette", opts.palette,
                 "write an 8-bit palette PNG (256 colours, a third of the size: for screenshots in "
                 "the docs)");
    cli.add_option("--bench-frames", opts.bench_frames,
                   "run race.s at full speed for N frames and print the frame time");
    cli.add_flag("--bench-paused", opts.bench_paused,
                 "with --bench-frames: run through the warm-up frames, then pause and measure the "
                 "frames drawing alone");
    // --ostep SIM ARGS...: the rest of the line is the simulator's own
    // flags, except the dashboard's own long options (--steps N,
    // --screenshot F, ...), which may follow them.
    std::vector<char*> own{argv[0]};
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) != "--ostep") {
            own.push_back(argv[i]);
            continue;
        }
        // (Not --program: x86.py has one of its own.)
        static const std::set<std::string> with_value = {
            "--steps", "--screenshot", "--dump-state", "--size",     "--font-scale",
            "--lang",  "--theme",      "--show",       "--maximise", "--save-session"};
        static const std::set<std::string> flags = {"--palette", "--presenter"};
        for (int j = i + 1; j < argc; ++j) {
            std::string a = argv[j];
            std::string name = a.substr(0, a.find('='));
            if (flags.count(a) || with_value.count(name)) {
                own.push_back(argv[j]);
                if (with_value.count(a) && j + 1 < argc) own.push_back(argv[++j]);
            } else {
                opts.ostep.push_back(a);
            }
        }
        if (opts.ostep.empty()) {
            std::fprintf(stderr, "glassbox: --ostep expects a simulator and its flags, "
                                 "e.g. --ostep x86 -p loop.s -t 2 -i 3\n");
            return 2;
        }
        break;
    }
    cli.footer("--ostep SIM ARGS...  open OSTEP's homework simulator SIM (scheduler, mlfq, "
               "lottery, process-run, x86) with its own flags, the rest of the line, e.g. "
               "--ostep x86 -p flag.s -t 2 -a bx=3 -i 5");
    CLI11_PARSE(cli, static_cast<int>(own.size()), own.data());
    if (steps_opt->count() > 0) opts.steps = steps;
    if (!positional.empty() && opts.program.empty()) opts.program = positional;
    if (!size.empty() && std::sscanf(size.c_str(), "%dx%d", &opts.width, &opts.height) != 2) {
        std::fprintf(stderr, "glassbox: --size expects WxH, e.g. 1280x720\n");
        return 2;
    }
    opts.width = std::clamp(opts.width, 320, 8192);
    opts.height = std::clamp(opts.height, 240, 8192);
    if (font_scale > 0) opts.font_scale = font_scale;
    if (!lang.empty()) opts.lang = lang;
    if (!theme.empty()) opts.theme = theme;
    if (std::error_code ec;
        !opts.program.empty() && !std::filesystem::exists(opts.program, ec) && !ec) {
        std::fprintf(stderr, "glassbox: no such file: %s\n", opts.program.c_str());
        return 2;
    }
    if (!opts.lesson.empty()) {
        std::vector<std::string> lesson_errors;
        auto lessons = gb::load_lessons(source_dir() + "/assets", lesson_errors);
        std::string why;
        if (!gb::find_lesson(lessons, opts.lesson, why)) {
            std::fprintf(stderr, "glassbox: %s\n", why.c_str());
            for (const std::string& e : lesson_errors)
                std::fprintf(stderr, "glassbox: lesson left out: %s\n", e.c_str());
            return 2;
        }
        const gb::Lesson* l = gb::find_lesson(lessons, opts.lesson, why);
        if (opts.lesson_program > l->programs.size()) {
            std::fprintf(stderr, "glassbox: lesson %s has %zu programs, not %zu\n", l->id.c_str(),
                         l->programs.size(), opts.lesson_program);
            return 2;
        }
    }
    bool headless = opts.headless();

    glfwSetErrorCallback(glfw_error);
    if (!open_glfw()) {
        std::fprintf(
            stderr,
            "glassbox: cannot open a window (no display? run under xvfb-run for headless use)\n");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
    if (headless) glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);

    gui::Settings initial;
    if (!headless && !gui::config_dir().empty())
        initial = gui::load_settings(gui::config_dir() + "/settings.json");
    int win_w = headless ? opts.width : (size.empty() ? initial.window_w : opts.width);
    int win_h = headless ? opts.height : (size.empty() ? initial.window_h : opts.height);
    GLFWwindow* window = glfwCreateWindow(win_w, win_h, "Glassbox", nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "glassbox: cannot create an OpenGL 3.3 window\n");
        glfwTerminate();
        return 1;
    }
    glfwMakeContextCurrent(window);
    if (!gladLoadGL(glfwGetProcAddress)) {
        std::fprintf(stderr, "glassbox: cannot load OpenGL functions\n");
        return 1;
    }
    glfwSwapInterval(headless ? 0 : 1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // App decides (headless runs never read or write it)
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");

    gui::App app(opts, source_dir());
    g_app = &app;
    glfwSetDropCallback(window, drop_callback);
    glfwSetWindowCloseCallback(window, close_callback);
    app.init();

    Offscreen off;
    if (headless && !off.create(opts.width, opts.height)) {
        std::fprintf(stderr, "glassbox: cannot create an offscreen framebuffer\n");
        return 1;
    }
    if (opts.bench_frames > 0) {
        app.set_bench(true);
        app.settings().speed_max = true;
    }

    using clock = std::chrono::steady_clock;
    auto last = clock::now();
    int frames = 0;
    // Headless: a few frames so the layout settles (tables size their
    // columns, tabs appear), then the picture. Bench: N frames measured.
    int total_frames = opts.bench_frames > 0 ? opts.bench_frames + 10 : 4;
    std::vector<double> frame_ms;
    // The measured frames' parts: simulating, building the panels, rendering (llvmpipe).
    double sim_sum = 0, ui_sum = 0, gl_sum = 0, bg_sum = 0;
    uint64_t steps_before = 0;
    double sim_before = 0;
    auto measured_t0 = clock::now();
    while (!glfwWindowShouldClose(window) && !app.quit_requested()) {
        auto t0 = clock::now();
        double dt = std::chrono::duration<double>(t0 - last).count();
        last = t0;
        if (headless) dt = 1.0 / 60.0;
        glfwPollEvents();
        app.before_frame();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        if (headless) {
            io.DisplaySize =
                ImVec2(static_cast<float>(opts.width), static_cast<float>(opts.height));
            io.DisplayFramebufferScale = ImVec2(1, 1);
            io.DeltaTime = 1.0f / 60.0f;
        }
        if (opts.bench_frames > 0 && frames == 10) { // warm-up over: measure from here
            if (opts.bench_paused) {
                app.set_bench(false);
                app.session().set_running(false);
            }
            steps_before = app.bench_steps();
            sim_before = app.bench_sim_ms();
            measured_t0 = clock::now();
        }
        ImGui::NewFrame();
        double sim_ms_was = app.bench_sim_ms();
        app.frame(dt);
        double ui_ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        double frame_sim_ms = app.bench_sim_ms() - sim_ms_was;
        auto t_gl = clock::now();
        ImGui::Render();
        // From here to finish_background_run nothing reads the machine: at
        // full speed it runs on beside the rendering.
        double bg_ms_was = app.bench_sim_ms();
        app.start_background_run(t0);
        int fb_w = opts.width, fb_h = opts.height;
        if (headless)
            glBindFramebuffer(GL_FRAMEBUFFER, off.fbo);
        else
            glfwGetFramebufferSize(window, &fb_w, &fb_h);
        glViewport(0, 0, fb_w, fb_h);
        ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
        glClearColor(bg.x * 0.8f, bg.y * 0.8f, bg.z * 0.8f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (app.picture_wanted()) app.picture_taken(fb_w, fb_h, read_rgb(fb_w, fb_h));
        if (headless) glFinish();
        if (!headless) glfwSwapBuffers(window);
        double gl_ms = std::chrono::duration<double, std::milli>(clock::now() - t_gl).count();
        app.finish_background_run();
        double bg_ms = app.bench_sim_ms() - bg_ms_was;
        double work = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
        app.end_frame(work);
        ++frames;
        if (opts.bench_frames > 0 && frames > 10) { // after warm-up
            frame_ms.push_back(work);
            sim_sum += frame_sim_ms;
            bg_sum += bg_ms;
            ui_sum += ui_ms - frame_sim_ms;
            gl_sum += gl_ms;
        }
        if (headless && frames >= total_frames) break;
    }

    int rc = 0;
    if (!opts.screenshot.empty()) {
        if (!off.write_png(opts.screenshot, opts.palette)) {
            std::fprintf(stderr, "glassbox: cannot write %s\n", opts.screenshot.c_str());
            rc = 1;
        } else {
            std::printf("wrote %s (%dx%d)\n", opts.screenshot.c_str(), opts.width, opts.height);
        }
        if (!opts.dump_state.empty()) {
            std::ofstream out(opts.dump_state);
            out << app.state_json().dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                << "\n";
            if (!out) {
                std::fprintf(stderr, "glassbox: cannot write %s\n", opts.dump_state.c_str());
                rc = 1;
            }
        }
    }
    if (!frame_ms.empty()) {
        std::vector<double> sorted = frame_ms;
        std::sort(sorted.begin(), sorted.end());
        double sum = 0;
        for (double v : frame_ms)
            sum += v;
        double mean = sum / static_cast<double>(frame_ms.size());
        double p95 = sorted[std::min(sorted.size() - 1, sorted.size() * 95 / 100)];
        auto n = static_cast<double>(frame_ms.size());
        double wall_s = std::chrono::duration<double>(clock::now() - measured_t0).count();
        auto measured = static_cast<double>(app.bench_steps() - steps_before);
        fmt::print("bench: {} frames at {}x{}, {} {}: frame time mean {:.2f} ms, median {:.2f} ms, "
                   "p95 {:.2f} ms ({:.0f} fps); per frame {:.0f} instructions simulated in "
                   "{:.2f} ms, {:.1f} M instructions per second of wall time\n",
                   frame_ms.size(), opts.width, opts.height,
                   std::filesystem::path(app.session().path()).filename().string(),
                   opts.bench_paused ? "paused" : "at full speed (restarted when it ends)", mean,
                   sorted[sorted.size() / 2], p95, 1000.0 / mean, measured / n,
                   (app.bench_sim_ms() - sim_before) / n,
                   wall_s > 0 ? measured / wall_s / 1e6 : 0.0);
        fmt::print("bench: a mean frame: simulating {:.2f} ms, building the panels {:.2f} ms, "
                   "rendering {:.2f} ms while simulating {:.2f} ms beside it; {:.1f} frames "
                   "per second of wall time\n",
                   sim_sum / n, ui_sum / n, gl_sum / n, bg_sum / n, wall_s > 0 ? n / wall_s : 0.0);
    }
    if (!headless) {
        int w = 0, h = 0;
        glfwGetWindowSize(window, &w, &h);
        app.settings().window_w = w;
        app.settings().window_h = h;
        app.save();
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return rc;
}
