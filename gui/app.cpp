#include "app.h"

#include "theme.h"

#include "fault.h"
#include "isa.h"
#include "syscalls.h"

#include <backends/imgui_impl_opengl3.h>
#include <imgui_internal.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gui {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFontPath = "/usr/share/fonts/truetype/nanum/NanumGothicCoding.ttf";
constexpr float kBaseFontPx = 16.0f;
constexpr double kTargetSimMs = 8.0; // simulation time per frame at full speed

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

App::App(Options opts, std::string source_dir) : opts_(std::move(opts)), source_dir_(std::move(source_dir)) {
    ui_.settings = &settings_;
    ui_.session = &session_;
    ui_.source_dir = source_dir_;
}

App::~App() = default;

void App::init() {
    ImGuiIO& io = ImGui::GetIO();
    if (!opts_.headless()) {
        std::string dir = config_dir();
        if (!dir.empty()) {
            settings_file_ = (fs::path(dir) / "settings.json").string();
            ini_file_ = (fs::path(dir) / "imgui.ini").string();
            settings_ = load_settings(settings_file_);
            relayout_ = !fs::exists(ini_file_);
        }
    }
    io.IniFilename = ini_file_.empty() ? nullptr : ini_file_.c_str();
    if (opts_.font_scale) settings_.font_scale = std::clamp(*opts_.font_scale, 1.0f, 3.0f);
    if (opts_.lang) settings_.lang = *opts_.lang;
    if (opts_.theme) settings_.theme = *opts_.theme;
    set_lang(parse_lang(settings_.lang));
    if (fs::exists(kFontPath)) font_path_ = kFontPath;
    else ui_.font_note = "Font NanumGothicCoding not found (install fonts-nanum-coding): Korean text cannot be shown.";

    session_.set_config(settings_.config);
    session_.set_speed(settings_.speed_max ? 0 : settings_.speed);

    if (!opts_.program.empty()) load_program(opts_.program);
    else if (!opts_.lesson.empty()) open_lesson(opts_.lesson);
    else if (!opts_.headless() && !settings_.last_program.empty() && fs::exists(settings_.last_program))
        load_program(settings_.last_program);
    else load_program(find_program("race.s"));
    if (opts_.steps && session_.loaded()) session_.step_n(opts_.steps);
}

std::string App::find_program(const std::string& name) const {
    for (const fs::path& p : {fs::path(name), fs::path(source_dir_) / "programs" / name, fs::path("programs") / name})
        if (fs::exists(p)) return p.string();
    return (fs::path(source_dir_) / "programs" / name).string();
}

void App::note(const std::string& text) {
    ui_.status_note = text;
    ui_.status_note_until = ui_.now_s + 4.0;
}

// --- loading --------------------------------------------------------------------

void App::load_program(const std::string& path) {
    std::string text = read_file(path);
    glyph_texts_.push_back(text);
    fonts_dirty_ = true;
    if (session_.load(path)) {
        std::error_code ec;
        fs::path abs = fs::absolute(path, ec);
        settings_.last_program = ec ? path : abs.lexically_normal().string();
        settings_.add_recent(settings_.last_program);
        ui_.cursor.reset();
        ui_.selected_pid = 0;
        ui_.code_image = nullptr;
        ui_.select_code_tab = true;
        ui_.tl_follow = true;
        ui_.tl_cycles_per_px = 0;
        lesson_from_program();
        note(trf("loaded {}", fs::path(path).filename().string()));
    } else {
        ui_.select_errors_tab = true;
        ui_.selected_error = 0;
        note(trf("{} errors in {}", session_.errors().size(), fs::path(path).filename().string()));
    }
}

void App::open_lesson(const std::string& name) {
    fs::path dir = fs::path(source_dir_) / "assets" / "lessons";
    fs::path md = dir / (name + ".md");
    if (korean() && fs::exists(dir / (name + ".ko.md"))) md = dir / (name + ".ko.md");
    if (!fs::exists(md)) {
        std::string prog = find_program(name.size() > 2 && name.substr(name.size() - 2) == ".s" ? name : name + ".s");
        if (fs::exists(prog)) load_program(prog);
        else note(trf("no lesson named {}", name));
        return;
    }
    std::string raw = read_file(md);
    // A line "program: FILE" (or "<!-- program: FILE -->") names the lesson's program.
    std::string program, text, title;
    std::istringstream in(raw);
    for (std::string line; std::getline(in, line);) {
        std::string t = line;
        if (t.rfind("<!--", 0) == 0) t = t.substr(4);
        size_t k = t.find("program:");
        if (k != std::string::npos && k < 3) {
            program = t.substr(k + 8);
            program.erase(0, program.find_first_not_of(' '));
            size_t e = program.find_first_of(" -");
            if (e != std::string::npos && program.find("-->") != std::string::npos) program = program.substr(0, program.find(" -->"));
            while (!program.empty() && (program.back() == ' ' || program.back() == '\r')) program.pop_back();
            continue;
        }
        if (title.empty() && line.rfind("# ", 0) == 0) title = line.substr(2);
        text += line + "\n";
    }
    if (program.empty()) program = name + ".s";
    std::string path = find_program(program);
    if (!fs::exists(path)) path = (fs::path(source_dir_) / program).string();
    load_program(path);
    ui_.lesson = {name, title.empty() ? name : title, text, md.filename().string()};
    glyph_texts_.push_back(text);
    fonts_dirty_ = true;
    settings_.last_lesson = name;
    ui_.select_lesson_tab = true;
}

void App::lesson_from_program() {
    const gb::Image* img = session_.image();
    if (!img || img->files.empty()) return;
    std::string stem = fs::path(session_.path()).stem().string();
    fs::path dir = fs::path(source_dir_) / "assets" / "lessons";
    if (fs::exists(dir / (stem + ".md"))) {
        if (ui_.lesson.name != stem) {
            // The lesson of the same name: its text, without reloading the program.
            std::string raw = read_file(korean() && fs::exists(dir / (stem + ".ko.md")) ? dir / (stem + ".ko.md") : dir / (stem + ".md"));
            std::string title;
            std::string text;
            std::istringstream in(raw);
            for (std::string line; std::getline(in, line);) {
                if (line.find("program:") != std::string::npos && line.find("program:") < 6) continue;
                if (title.empty() && line.rfind("# ", 0) == 0) title = line.substr(2);
                text += line + "\n";
            }
            ui_.lesson = {stem, title.empty() ? stem : title, text, stem + ".md"};
            glyph_texts_.push_back(text);
        }
        return;
    }
    ui_.lesson = {"", fs::path(session_.path()).filename().string(), gb::vm::opening_comment(img->files[0]),
                  tr("the program's opening comment")};
}

// --- fonts and theme ------------------------------------------------------------

void App::rebuild_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    float scale = settings_.font_scale;
    ImFontGlyphRangesBuilder b;
    b.AddRanges(io.Fonts->GetGlyphRangesDefault());
    static const ImWchar extra[] = {0x2000, 0x206F, 0x2190, 0x21FF, 0x2200, 0x22FF, 0x2500, 0x257F,
                                    0x25A0, 0x25FF, 0x3131, 0x318F, 0};
    b.AddRanges(extra);
    // Hangul syllables: only those the labels, the ISA table and the loaded
    // texts use (the whole block would need a huge atlas at 3×).
    for (std::string_view s : korean_labels()) b.AddText(s.data(), s.data() + s.size());
    for (const gb::OpInfo& op : gb::isa_table()) b.AddText(op.explain_ko.data(), op.explain_ko.data() + op.explain_ko.size());
    for (int f = 0; f <= static_cast<int>(gb::Fault::BadSyscall) + 4; ++f) {
        auto s = gb::fault_name_ko(static_cast<gb::Fault>(f));
        b.AddText(s.data(), s.data() + s.size());
    }
    for (const gb::SyscallInfo& sc : gb::syscall_table()) b.AddText(sc.explain_ko.data(), sc.explain_ko.data() + sc.explain_ko.size());
    for (const std::string& t : glyph_texts_) b.AddText(t.c_str(), t.c_str() + t.size());
    glyph_ranges_.clear();
    b.BuildRanges(&glyph_ranges_);

    ImFontConfig cfg;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    ImFont* font = nullptr;
    if (!font_path_.empty())
        font = io.Fonts->AddFontFromFileTTF(font_path_.c_str(), std::round(kBaseFontPx * scale), &cfg, glyph_ranges_.Data);
    if (!font) {
        cfg.SizePixels = std::round(13.0f * scale);
        io.Fonts->AddFontDefault(&cfg);
    }
    io.Fonts->Build();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    built_scale_ = scale;
    fonts_dirty_ = false;
}

void App::before_frame() {
    if (fonts_dirty_ || built_scale_ != settings_.font_scale) {
        rebuild_fonts();
        built_theme_.clear();
    }
    if (built_theme_ != settings_.theme) {
        apply_theme(parse_theme(settings_.theme), settings_.font_scale);
        built_theme_ = settings_.theme;
    }
}

// --- commands -------------------------------------------------------------------

void App::apply_commands() {
    std::vector<Command> q;
    q.swap(cmds_.queue);
    for (const Command& c : q) {
        switch (c.kind) {
        case Cmd::Step: session_.step(); break;
        case Cmd::StepN: session_.step_n(c.n); break;
        case Cmd::StepBack: session_.step_back(); break;
        case Cmd::ToggleRun: session_.toggle_running(); break;
        case Cmd::Run: session_.set_running(true); break;
        case Cmd::Pause: session_.set_running(false); break;
        case Cmd::Reset:
            session_.reset();
            ui_.tl_follow = true;
            break;
        case Cmd::Reload: {
            bool ok = session_.reload();
            if (!ok && !session_.errors().empty()) ui_.select_errors_tab = true;
            else if (ok) {
                ui_.code_image = nullptr;
                lesson_from_program();
                note(trf("reloaded {}", fs::path(session_.path()).filename().string()));
            }
            break;
        }
        case Cmd::Load: load_program(c.path); break;
        case Cmd::RunTo: session_.run_to(c.addr); break;
        case Cmd::ToggleBreakpoint: session_.toggle_breakpoint(c.addr); break;
        case Cmd::SetSpeed: session_.set_speed(c.speed); break;
        case Cmd::SetConfig:
            settings_.config = c.config;
            session_.set_config(c.config);
            break;
        case Cmd::ClearErrors: session_.clear_errors(); break;
        case Cmd::OpenLesson: open_lesson(c.path); break;
        }
    }
}

void App::drop(const std::vector<std::string>& paths) {
    for (const std::string& p : paths) {
        cmds_.load(p);
        break; // one program at a time
    }
}

// --- running ----------------------------------------------------------------------

void App::run_simulation(double dt) {
    ui_.phase = -1;
    if (bench_ && !session_.running()) {
        if (session_.machine().all_done() || session_.last_stop()) session_.reset();
        session_.set_running(true);
    }
    if (!session_.running()) {
        accum_ = 0;
        ui_.stats.sim_ms = 0;
        return;
    }
    if (settings_.speed_max || bench_) {
        // Full speed: a budget per frame, adapted so simulating takes about
        // kTargetSimMs and the UI stays responsive.
        auto t0 = std::chrono::steady_clock::now();
        gb::RunResult r = session_.run_for_frame(budget_);
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        ui_.stats.sim_ms = ms;
        ui_.stats.budget = budget_;
        bench_steps_ += r.steps;
        bench_sim_ms_ += ms;
        if (r.steps == budget_ && ms > 0.05) {
            double ideal = static_cast<double>(budget_) * kTargetSimMs / ms;
            double next = std::clamp(0.7 * static_cast<double>(budget_) + 0.3 * ideal, 64.0, 5e6);
            budget_ = static_cast<uint64_t>(next);
        } else if (r.steps == budget_) {
            budget_ = std::min<uint64_t>(budget_ * 2, 5'000'000);
        }
        return;
    }
    accum_ += settings_.speed * dt;
    accum_ = std::min(accum_, settings_.speed * 0.25 + 1.0); // after a stall, do not rush
    auto n = static_cast<uint64_t>(accum_);
    accum_ -= static_cast<double>(n);
    if (n) session_.run_for_frame(n);
    if (session_.running()) ui_.phase = accum_;
}

void App::shortcuts() {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    bool loaded = session_.loaded();
    if (ImGui::IsKeyPressed(GLFW_KEY_F5, false) && loaded) cmds_.push(Cmd::ToggleRun);
    if (ImGui::IsKeyPressed(GLFW_KEY_F10) && loaded) {
        if (io.KeyShift) cmds_.push(Cmd::StepBack);
        else if (io.KeyCtrl) {
            if (ui_.cursor) cmds_.run_to(*ui_.cursor);
        } else cmds_.push(Cmd::Step);
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_F9, false) && ui_.cursor) cmds_.toggle_breakpoint(*ui_.cursor);
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_O, false)) ui_.open_dialog = true;
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_R, false)) cmds_.push(Cmd::Reload);
    if (io.KeyCtrl && (ImGui::IsKeyPressed(GLFW_KEY_EQUAL, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD, false)))
        settings_.font_scale = std::min(3.0f, settings_.font_scale + 0.25f);
    if (io.KeyCtrl && (ImGui::IsKeyPressed(GLFW_KEY_MINUS, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT, false)))
        settings_.font_scale = std::max(1.0f, settings_.font_scale - 0.25f);
}

// --- menus and layout -----------------------------------------------------------

void App::menu_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu(tr("File"))) {
        if (ImGui::MenuItem(tr("Open…"), "Ctrl+O")) ui_.open_dialog = true;
        if (ImGui::MenuItem(tr("Reload"), "Ctrl+R", false, session_.loaded() || !session_.errors().empty())) cmds_.push(Cmd::Reload);
        ImGui::MenuItem(tr("Reload when the file changes"), nullptr, &settings_.auto_reload);
        if (ImGui::BeginMenu(tr("Recent"), !settings_.recent.empty())) {
            for (const std::string& r : settings_.recent)
                if (ImGui::MenuItem(r.c_str())) cmds_.load(r);
            ImGui::EndMenu();
        }
        ImGui::Separator();
        if (ImGui::MenuItem(tr("Quit"))) quit_ = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("Lessons"))) {
        std::error_code ec;
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(fs::path(source_dir_) / "assets" / "lessons", ec))
            if (e.path().extension() == ".md" && e.path().stem().extension() != ".ko") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
            if (ImGui::MenuItem(f.stem().string().c_str(), nullptr, ui_.lesson.name == f.stem().string()))
                cmds_.open_lesson(f.stem().string());
        if (files.empty()) ImGui::TextColored(colour_dim(), "%s", tr("(no lesson files yet)"));
        ImGui::Separator();
        ImGui::TextColored(colour_dim(), "%s", tr("Programs"));
        files.clear();
        for (const auto& e : fs::directory_iterator(fs::path(source_dir_) / "programs", ec))
            if (e.path().extension() == ".s") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
            if (ImGui::MenuItem(f.filename().string().c_str())) cmds_.load(f.string());
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("View"))) {
        ImGui::TextUnformatted(tr("Font scale (projector)"));
        float fs_val = settings_.font_scale;
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
        if (ImGui::SliderFloat("##fontscale", &fs_val, 1.0f, 3.0f, "%.2f×")) settings_.font_scale = std::round(fs_val * 4) / 4;
        ImGui::TextColored(colour_dim(), "%s", tr("Ctrl+= / Ctrl+- change it too"));
        ImGui::Separator();
        ImGui::TextUnformatted(tr("Theme"));
        const char* themes[] = {"dark", "light", "high-contrast"};
        const char* theme_names[] = {tr("Dark"), tr("Light"), tr("High contrast")};
        for (int i = 0; i < 3; ++i)
            if (ImGui::RadioButton(theme_names[i], settings_.theme == themes[i])) settings_.theme = themes[i];
        ImGui::Separator();
        ImGui::TextUnformatted(tr("Language"));
        if (ImGui::RadioButton("English", !korean())) {
            settings_.lang = "en";
            set_lang(Lang::En);
            lesson_from_program();
        }
        if (ImGui::RadioButton("한국어", korean())) {
            settings_.lang = "ko";
            set_lang(Lang::Ko);
            lesson_from_program();
        }
        ImGui::Separator();
        ImGui::MenuItem(tr("Tiled layout (windows fit the screen)"), nullptr, &settings_.tiled);
        if (ImGui::MenuItem(tr("Reset layout"))) relayout_ = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("Help"))) {
        if (ImGui::MenuItem(tr("Keyboard shortcuts"))) ui_.help_dialog = true;
        ImGui::EndMenu();
    }
    std::string fname = session_.loaded() ? fs::path(session_.path()).filename().string() : std::string(tr("(no program)"));
    ImGui::TextColored(colour_ok(), "  %s", fname.c_str());
    ImGui::SameLine();
    draw_status(session_.machine(), ui_);
    ImGui::EndMainMenuBar();
}

void App::layout_and_panels() {
    const gb::Machine& m = session_.machine();
    ui_.panels_visible.clear();
    ui_.banners_visible.clear();
    ImGuiViewport* vp = ImGui::GetMainViewport();
    ImVec2 p0 = vp->WorkPos, sz = vp->WorkSize;
    bool tiled = settings_.tiled;
    ImGuiCond cond = tiled || relayout_ ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    ImGuiWindowFlags fixed = tiled ? ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize : 0;

    // Top strip: controls, then the banners; always pinned to the top.
    ImGui::SetNextWindowPos(p0, ImGuiCond_Always);
    ImGui::SetNextWindowSizeConstraints(ImVec2(sz.x, 0), ImVec2(sz.x, sz.y * 0.45f));
    float top_h = 0;
    ImGui::Begin("###controls", nullptr,
                 ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse);
    draw_controls(m, ui_, cmds_);
    draw_banners(m, ui_, cmds_);
    top_h = ImGui::GetWindowHeight();
    ImGui::End();

    // The tiles below it. Wide (by the text size): code | cpu over memory |
    // processes over output, the timeline across the bottom. Compact (big
    // text on a small screen): code | cpu over the rest, fewer panels at once.
    float y0 = p0.y + top_h, h = std::max(100.0f, sz.y - top_h);
    float fsz = ImGui::GetFontSize();
    float scale = settings_.font_scale;
    bool compact = sz.x / scale < 1180.0f || h / scale < 520.0f;
    const ImGuiStyle& st = ImGui::GetStyle();
    float lane_h = ImGui::GetTextLineHeight() * 1.1f;
    size_t lanes = m.cores.size() + std::min<size_t>(m.threads.size(), compact ? 4 : 6);
    float tl_need = ImGui::GetFrameHeightWithSpacing() * 2 + st.WindowPadding.y * 2 + st.ItemSpacing.y * 3 + lane_h * 1.3f +
                    static_cast<float>(lanes) * lane_h * 1.15f;
    float tl_h = std::clamp(tl_need, h * 0.18f, h * (compact ? 0.36f : 0.36f));
    float mid_h = h - tl_h;

    auto area = [&](const char* id, ImVec2 pos, ImVec2 size, auto&& body) {
        ImGui::SetNextWindowPos(pos, cond);
        ImGui::SetNextWindowSize(size, cond);
        if (ImGui::Begin(id, nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus | fixed)) {
            if (ImGui::BeginTabBar("tabs")) {
                body();
                ImGui::EndTabBar();
            }
        }
        ImGui::End();
    };
    using Draw = void (*)(const gb::Machine&, UiState&, Commands&);
    auto tab = [&](const std::string& label, const char* id, bool select, Draw draw) {
        std::string l = label + "###" + id;
        select |= std::find(opts_.show.begin(), opts_.show.end(), id) != opts_.show.end() && ImGui::GetFrameCount() < 3;
        if (ImGui::BeginTabItem(l.c_str(), nullptr, select ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (ImGui::BeginChild("body")) draw(m, ui_, cmds_);
            ImGui::EndChild();
            ImGui::EndTabItem();
        }
    };

    bool sel_code = ui_.select_code_tab, sel_err = ui_.select_errors_tab, sel_lesson = ui_.select_lesson_tab;
    ui_.select_code_tab = ui_.select_errors_tab = ui_.select_lesson_tab = false;
    bool deadlocked = session_.last_stop() == gb::StopReason::Deadlock;
    bool sel_sync = deadlocked && !deadlock_shown_;
    deadlock_shown_ = deadlocked;
    auto code_tabs = [&] {
        tab(tr("Code"), "code", sel_code && !sel_err, draw_code);
        tab(tr("Lesson"), "lesson", sel_lesson && !sel_err, draw_lesson);
        if (!session_.errors().empty()) tab(trf("Errors ({})", session_.errors().size()), "errors", sel_err, draw_errors);
    };
    if (!compact) {
        float wl = std::round(sz.x * 0.37f), wm = std::round(sz.x * 0.31f), wr = sz.x - wl - wm;
        float cpu_h = std::round(mid_h * 0.5f), procs_h = std::round(mid_h * 0.5f);
        area("###area_code", ImVec2(p0.x, y0), ImVec2(wl, mid_h), code_tabs);
        area("###area_cpu", ImVec2(p0.x + wl, y0), ImVec2(wm, cpu_h), [&] { tab(tr("CPU"), "cpu", false, draw_cpu); });
        area("###area_memory", ImVec2(p0.x + wl, y0 + cpu_h), ImVec2(wm, mid_h - cpu_h),
             [&] { tab(tr("Address space"), "address_space", false, draw_address_space); });
        area("###area_procs", ImVec2(p0.x + wl + wm, y0), ImVec2(wr, procs_h), [&] {
            tab(tr("Processes"), "processes", false, draw_processes);
            tab(tr("Scheduler"), "scheduler", false, draw_scheduler);
            tab(tr("Sync"), "sync", sel_sync, draw_sync);
            tab(tr("I/O"), "io", false, draw_io);
        });
        area("###area_output", ImVec2(p0.x + wl + wm, y0 + procs_h), ImVec2(wr, mid_h - procs_h), [&] {
            tab(tr("Console"), "console", false, draw_console);
            tab(tr("Event log"), "event_log", false, draw_event_log);
        });
    } else {
        float wl = std::round(sz.x * 0.48f), wr = sz.x - wl;
        float cpu_h = std::round(mid_h * 0.5f);
        area("###area_code", ImVec2(p0.x, y0), ImVec2(wl, mid_h), code_tabs);
        area("###area_cpu", ImVec2(p0.x + wl, y0), ImVec2(wr, cpu_h), [&] {
            tab(tr("CPU"), "cpu", false, draw_cpu);
            tab(tr("Processes"), "processes", false, draw_processes);
            tab(tr("Scheduler"), "scheduler", false, draw_scheduler);
        });
        area("###area_memory", ImVec2(p0.x + wl, y0 + cpu_h), ImVec2(wr, mid_h - cpu_h), [&] {
            tab(tr("Address space"), "address_space", false, draw_address_space);
            tab(tr("Console"), "console", false, draw_console);
            tab(tr("Event log"), "event_log", false, draw_event_log);
            tab(tr("Sync"), "sync", sel_sync, draw_sync);
            tab(tr("I/O"), "io", false, draw_io);
        });
    }
    area("###area_timeline", ImVec2(p0.x, y0 + mid_h), ImVec2(sz.x, tl_h), [&] {
        tab(tr("Timeline"), "timeline", false, draw_timeline);
    });
    relayout_ = false;

    draw_open_dialog(ui_, cmds_);
    if (ui_.help_dialog) {
        ImGui::SetNextWindowPos(vp->GetWorkCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
        std::string title = std::string(tr("Keyboard shortcuts")) + "###help";
        if (ImGui::Begin(title.c_str(), &ui_.help_dialog, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
            const char* keys[][2] = {{"F5", "Run / pause"},
                                     {"F10", "Step one instruction"},
                                     {"Shift+F10", "Step back one instruction"},
                                     {"Ctrl+F10", "Run to the selected line"},
                                     {"F9", "Toggle a breakpoint on the selected line"},
                                     {"Ctrl+O", "Open a program"},
                                     {"Ctrl+R", "Reload the program"},
                                     {"Ctrl+= / Ctrl+-", "Bigger / smaller text"}};
            if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
                for (auto& k : keys) {
                    ImGui::TableNextColumn();
                    ImGui::TextColored(colour_changed(), "%s", k[0]);
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(tr(k[1]));
                }
                ImGui::EndTable();
            }
            hint(tr("Drop a .s file on the window to open it."));
        }
        ImGui::End();
    }
    (void)fsz;
}

// --- the frame ------------------------------------------------------------------

void App::frame(double dt) {
    ui_.now_s = ImGui::GetTime() + 1.0;
    shortcuts();
    run_simulation(dt);
    // A new guest fault: select its line in the code panel.
    const gb::Machine& m = session_.machine();
    if (session_.generation() != generation_seen_) {
        generation_seen_ = session_.generation();
        faults_seen_ = 0;
    }
    if (m.faults > faults_seen_ && m.last_fault.fault != gb::Fault::None) {
        ui_.cursor = m.last_fault.pc;
        ui_.selected_pid = m.last_fault.pid;
        ui_.code_jump = m.last_fault.pc;
        ui_.select_code_tab = true;
    }
    faults_seen_ = m.faults;
    menu_bar();
    layout_and_panels();
    apply_commands();
    if (settings_.auto_reload && ui_.now_s > reload_check_) {
        reload_check_ = ui_.now_s + 0.5;
        if (session_.source_changed_on_disk()) {
            std::string before = session_.path();
            cmds_.push(Cmd::Reload);
            apply_commands();
        }
    }
}

void App::end_frame(double work_ms) {
    frame_ms_avg_ = frame_ms_avg_ == 0 ? work_ms : 0.9 * frame_ms_avg_ + 0.1 * work_ms;
    ui_.stats.frame_ms = frame_ms_avg_;
    ui_.stats.fps = ImGui::GetIO().Framerate;
}

void App::save() {
    if (settings_file_.empty()) return;
    save_settings(settings_, settings_file_);
    if (!ini_file_.empty()) ImGui::SaveIniSettingsToDisk(ini_file_.c_str());
}

nlohmann::json App::state_json() const {
    nlohmann::json j;
    j["panels"] = std::vector<std::string>(ui_.panels_visible.begin(), ui_.panels_visible.end());
    j["banners"] = std::vector<std::string>(ui_.banners_visible.begin(), ui_.banners_visible.end());
    j["errors"] = session_.errors().size();
    j["program"] = session_.path();
    j["lang"] = lang_id(lang());
    j["theme"] = settings_.theme;
    j["font_scale"] = settings_.font_scale;
    j["font"] = font_path_.empty() ? "built-in" : font_path_;
    j["instructions"] = session_.machine().instructions;
    j["cycle"] = session_.machine().now;
    j["missing_translations"] = missing_translations();
    j["frame_ms"] = ui_.stats.frame_ms;
    const gb::FaultReport& f = session_.machine().last_fault;
    if (f.fault != gb::Fault::None)
        j["fault"] = {{"fault", gb::fault_id(f.fault)}, {"pid", f.pid}, {"tid", f.tid}, {"pc", f.pc}, {"address", f.addr}, {"source", f.source}};
    return j;
}

} // namespace gui
