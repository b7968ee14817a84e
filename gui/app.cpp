#include "app.h"

#include "platform.h"
#include "theme.h"

#include "sim/asm/file_text.h"
#include "teach/ostep.h"
#include "teach/ostep_x86.h"
#include "teach/panels.h"
#include "teach/trace_export.h"

#include "sim/cpu/fault.h"
#include "sim/isa/isa.h"
#include "sim/kernel/syscalls.h"

#include <backends/imgui_impl_opengl3.h>
#include <imgui_internal.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace gui {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFontPath = "/usr/share/fonts/truetype/nanum/NanumGothicCoding.ttf";
constexpr const char* kDefaultLesson =
    "09-thread-safety"; // its first program races two threads on a counter
// Full speed: a frame should take about kFrameGoalMs (above 30 fps); the
// simulation gets what drawing leaves of it, at least kMinSimMs, and reads
// the clock after each chunk of about kChunkMs.
constexpr double kFrameGoalMs = 28.0;
constexpr double kMinSimMs = 4.0;
constexpr double kChunkMs = 0.5;

// A symlink loop or an unreadable folder is "not there", never an exception.
bool exists_quietly(const fs::path& p) {
    std::error_code ec;
    return fs::exists(p, ec);
}

// Only a regular file is read (a FIFO would block the frame for good).
std::string read_file(const fs::path& p) {
    return gb::read_file_text(p).text;
}

} // namespace

App::App(Options opts, std::string source_dir)
    : opts_(std::move(opts)), source_dir_(std::move(source_dir)) {
    ui_.settings = &settings_;
    ui_.session = &session_;
    ui_.source_dir = source_dir_;
    ui_.headless = opts_.headless();
}

App::~App() {
    finish_background_run();
}

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
    if (fs::exists(kFontPath))
        font_path_ = kFontPath;
    else
        ui_.font_note = "Font NanumGothicCoding not found (install fonts-nanum-coding): Korean "
                        "text cannot be shown.";

    session_.set_config(settings_.config);
    session_.set_speed(settings_.speed_max ? 0 : settings_.speed);

    // The lessons, read once (a bad lesson file is listed, never fatal).
    ui_.lessons = gb::load_lessons((fs::path(source_dir_) / "assets").string(), ui_.lesson_errors);
    for (const gb::Lesson& l : ui_.lessons) {
        for (const std::string* t : {&l.title_en, &l.title_ko, &l.text_en, &l.text_ko})
            glyph_texts_.push_back(*t);
        // The watches' labels and the result sentences.
        for (const gb::LessonWatch& w : l.watches)
            glyph_texts_.push_back(w.label_ko);
        for (const gb::LessonSentence& r : l.result.sentences)
            glyph_texts_.push_back(r.ko);
        glyph_texts_.push_back(l.result.as_expected.ko);
        // The bold and heading fonts need only the glyphs of headings and **bold** text.
        for (const std::string* t : {&l.text_en, &l.text_ko})
            for (const gb::MdBlock& b : gb::parse_markdown(*t))
                for (const gb::MdSpan& sp : b.spans)
                    if (b.kind == gb::MdBlock::Kind::Heading || sp.bold) bold_glyphs_ += sp.text;
    }
    fonts_dirty_ = true;
    for (const std::string& e : ui_.lesson_errors)
        std::fprintf(stderr, "glassbox: lesson left out: %s\n", e.c_str());

    // What opens: the program or lesson asked for (the benchmark: race.s); else (not headless) what
    // was open last time; else the default lesson, whose first program is
    // the racing counter; else programs/race.s.
    bool lesson_mode = false;
    if (!opts_.session.empty())
        open_session_file(opts_.session);
    else if (!opts_.ostep.empty())
        open_ostep(opts_.ostep);
    else if (!opts_.program.empty())
        load_program(opts_.program);
    else if (!opts_.lesson.empty())
        lesson_mode = open_lesson(opts_.lesson, opts_.lesson_program - 1);
    else if (opts_.bench_frames > 0)
        load_program(find_program("race.s")); // the benchmark's program
    else if (!opts_.headless() && !settings_.last_lesson.empty() &&
             find_lesson_index(settings_.last_lesson) >= 0) {
        const gb::Lesson& l =
            ui_.lessons[static_cast<size_t>(find_lesson_index(settings_.last_lesson))];
        size_t program = 0;
        for (size_t i = 0; i < l.program_paths.size(); ++i)
            if (same_file(l.program_paths[i], settings_.last_program)) program = i;
        open_lesson(l.id, program);
    } else if (!opts_.headless() && !settings_.last_program.empty() &&
               exists_quietly(settings_.last_program))
        load_program(settings_.last_program);
    else if (find_lesson_index(kDefaultLesson) >= 0)
        lesson_mode = open_lesson(kDefaultLesson, 0);
    else if (!ui_.lessons.empty())
        lesson_mode = open_lesson(ui_.lessons.front().id, 0);
    else
        load_program(find_program("race.s"));
    // Headless: the steps asked for, or a lesson's telling moment.
    uint64_t steps = opts_.steps ? *opts_.steps : 0;
    if (!opts_.steps && lesson_mode && opts_.headless() && ui_.lesson())
        steps = ui_.lesson()->screenshot_steps;
    for (const std::string& w : opts_.watch) {
        std::string error;
        if (session_.image() && !gb::parse_watchpoint(w, *session_.image(), error))
            std::fprintf(stderr, "glassbox: --watch: %s\n", error.c_str());
        else
            toggle_watch(w);
    }
    // With watchpoints the steps stop at the first hit, as a run (F5) would.
    if (steps && session_.loaded() && !session_.watchpoints().empty())
        session_.continue_run(steps);
    else if (steps && session_.loaded())
        session_.step_n(steps);
    if (!opts_.save_session.empty()) save_session_file(opts_.save_session);
    if (opts_.show_answer && ui_.lesson()) ui_.show_answer = ui_.scroll_to_answer = true;
    presenter_ = opts_.presenter;
    picture_wanted_ = !opts_.save_picture.empty();
    if (gb::find_panel(opts_.maximise)) maximised_ = opts_.maximise;
}

std::string App::find_program(const std::string& name) const {
    for (const fs::path& p :
         {fs::path(name), fs::path(source_dir_) / "programs" / name, fs::path("programs") / name})
        if (exists_quietly(p)) return p.string();
    return (fs::path(source_dir_) / "programs" / name).string();
}

void App::note(const std::string& text) {
    ui_.status_note = text;
    ui_.status_note_until = ui_.now_s + 4.0;
}

// --- loading --------------------------------------------------------------------

bool App::same_file(const std::string& a, const std::string& b) {
    std::error_code ec;
    return !a.empty() && !b.empty() && (a == b || fs::equivalent(a, b, ec));
}

int App::find_lesson_index(const std::string& name) const {
    std::string error;
    const gb::Lesson* l = gb::find_lesson(ui_.lessons, name, error);
    return l ? static_cast<int>(l - ui_.lessons.data()) : -1;
}

// After a program (of a lesson or not) has been loaded: fresh views.
void App::loaded(const std::string& path) {
    settings_.opened(path);
    ui_.cursor.reset();
    ui_.selected_pid = 0;
    ui_.code_image = nullptr;
    ui_.select_code_tab = true;
    ui_.tl.follow = true;
    ui_.tl.cycles_per_px = 0;
    glyph_texts_.push_back(read_file(path));
    fonts_dirty_ = true;
    note(trf("loaded {}", fs::path(path).filename().string()));
}

void App::load_failed(const std::string& path) {
    ui_.select_errors_tab = true;
    ui_.selected_error = 0;
    note(trf("{} errors in {}", session_.errors().size(), fs::path(path).filename().string()));
}

bool App::open_ostep(const std::vector<std::string>& args) {
    std::string error;
    gb::OstepX86 x;
    if (!args.empty() && args[0] != "x86" && args[0] != "x86.py") {
        // scheduler, mlfq, lottery, process-run: their jobs' machine, as
        // `glassbox-cli ostep` runs it (-c added so that it is built).
        std::vector<std::string> rest(args.begin() + 1, args.end());
        rest.push_back("-c");
        gb::OstepOutput o = gb::run_ostep(args[0], rest);
        if (o.start && !o.start->processes.empty()) {
            session_.load_prepared(*o.start, o.start->processes.front().image, args[0]);
            ui_.lesson_index = -1;
            settings_.last_lesson.clear();
            relayout_ = true;
            ui_.cursor.reset();
            ui_.selected_pid = 0;
            ui_.code_image = nullptr;
            ui_.tl.follow = true;
            ui_.tl.cycles_per_px = 0;
            note(trf("{}: {} jobs with OSTEP's rules", args[0], o.start->processes.size()));
            return true;
        }
        error = !o.error.empty() ? o.error : o.out;
    } else if (args.empty()) {
        error = "--ostep: expected a simulator";
    } else if (gb::ostep_x86_machine({args.begin() + 1, args.end()}, x, error)) {
        std::string path = x.program.image->files[0].path;
        session_.load_prepared(*x.machine, x.program.image, path);
        ui_.lesson_index = -1;
        settings_.last_lesson.clear();
        relayout_ = true;
        loaded(path);
        program_note();
        note(trf("x86.py: {} threads, an interrupt every {} instructions", x.threads,
                 x.machine->config.instruction_timer.every));
        return true;
    }
    std::fprintf(stderr, "glassbox: --ostep: %s\n", error.c_str());
    note(trf("x86.py: {}", error));
    return false;
}

void App::load_program(const std::string& path) {
    // A homework file of OSTEP's x86.py opens with x86.py's defaults.
    if (gb::FileText f = gb::read_file_text(path); f.ok() && gb::looks_like_x86(f.text)) {
        open_ostep({"x86", "-p", path});
        return;
    }
    // A program of a lesson opens with the lesson (its settings and text).
    for (const gb::Lesson& l : ui_.lessons)
        for (size_t i = 0; i < l.program_paths.size(); ++i)
            if (same_file(l.program_paths[i], path)) {
                open_lesson(l.id, i);
                return;
            }
    if (session_.load(path)) {
        // Leaving a lesson: the settings are the user's own again.
        if (ui_.lesson_index >= 0) session_.set_config(settings_.config);
        ui_.lesson_index = -1;
        settings_.last_lesson.clear();
        relayout_ = true;
        loaded(path);
        program_note();
    } else {
        load_failed(path);
    }
}

bool App::open_lesson(const std::string& name, size_t program) {
    int index = find_lesson_index(name);
    if (index < 0) {
        std::string error;
        gb::find_lesson(ui_.lessons, name, error);
        note(error);
        return false;
    }
    const gb::Lesson& l = ui_.lessons[static_cast<size_t>(index)];
    if (!session_.open_lesson(l, program)) {
        if (program < l.program_paths.size()) load_failed(l.program_paths[program]);
        return false;
    }
    if (index != ui_.lesson_index) {
        // A new lesson: its text from the top, the answer hidden, its panels in front.
        ui_.lesson_index = index;
        promoted_.clear();
        ui_.show_answer = ui_.scroll_to_answer = false;
        lesson_tabs_frames_ = 2;
        relayout_ = true;
    }
    settings_.last_lesson = l.id;
    loaded(l.program_paths[program]);
    ui_.select_code_tab = false; // the lesson's own panels decide what is in front
    return true;
}

// Without a lesson, the Lesson panel shows the program's opening comment.
void App::program_note() {
    const gb::Image* img = session_.image();
    if (!img || img->files.empty()) return;
    ui_.note = {fs::path(session_.path()).filename().string(),
                gb::view::opening_comment(img->files[0]), tr("the program's opening comment")};
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
        if (editor_hold(ui_.editor, c)) continue; // unsaved edits: asked first (editor.h)
        switch (c.kind) {
        case Cmd::Step: session_.step(); break;
        case Cmd::StepN: session_.step_n(c.n); break;
        case Cmd::StepBack: session_.step_back(); break;
        case Cmd::ToggleRun: session_.toggle_running(); break;
        case Cmd::Run: session_.set_running(true); break;
        case Cmd::Pause: session_.set_running(false); break;
        case Cmd::Reset:
            session_.reset();
            ui_.tl.follow = true;
            break;
        case Cmd::Reload: {
            // In a lesson whose program the user saved as their own copy,
            // the copy is what is read again (never the shipped file).
            std::string mine = editor_reload_file(ui_.editor, session_, ui_);
            gb::FileText copy;
            if (!mine.empty()) copy = gb::read_file_text(mine);
            bool ok = !mine.empty() && copy.ok()
                          ? session_.apply_source(copy.text, mine, session_.lesson() != nullptr)
                          : session_.reload();
            if (!ok && !session_.errors().empty())
                ui_.select_errors_tab = true;
            else if (ok) {
                ui_.code_image = nullptr;
                if (!ui_.lesson()) program_note();
                note(trf("reloaded {}", fs::path(session_.path()).filename().string()));
            }
            break;
        }
        case Cmd::Load:
            if (fs::path(c.path).extension() == ".json")
                open_session_file(c.path);
            else
                load_program(c.path);
            break;
        case Cmd::RunTo: session_.run_to(c.addr); break;
        case Cmd::ToggleBreakpoint: session_.toggle_breakpoint(c.addr); break;
        case Cmd::SetSpeed: session_.set_speed(c.speed); break;
        case Cmd::SetConfig:
            settings_.config = c.config;
            session_.set_config(c.config);
            break;
        case Cmd::ClearErrors: session_.clear_errors(); break;
        case Cmd::OpenLesson: open_lesson(c.path, static_cast<size_t>(c.n)); break;
        case Cmd::ReverseContinue: session_.reverse_continue(); break;
        case Cmd::ReverseStepOut: session_.reverse_step_out(static_cast<int>(c.n)); break;
        case Cmd::ReverseStepOver: session_.reverse_step_over(static_cast<int>(c.n)); break;
        case Cmd::GoTo: session_.go_to_instruction(c.n); break;
        case Cmd::GoToCycle:
            session_.go_to_cycle(c.n);
            ui_.tl.follow = false;
            break;
        case Cmd::ToggleWatch: toggle_watch(c.path); break;
        case Cmd::Pin: {
            gb::LessonWatch w;
            w.name = w.symbol = c.path;
            if (session_.pin(w)) note(trf("{} pinned to the watches", c.path));
            ui_.watches.key = UINT64_MAX;
            break;
        }
        case Cmd::EditorApply:
        case Cmd::EditorSave:
        case Cmd::EditorSaveAs:
        case Cmd::EditorNew: editor_command(ui_.editor, session_, ui_, c); break;
        case Cmd::Quit: quit_ = true; break; // (unsaved edits were asked about above)
        }
    }
    editor_follow(ui_.editor, session_);
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
        if (overlaps_rendering()) { // it runs beside the rendering instead (start_background_run)
            ui_.stats.sim_ms = background_ms_;
            ui_.stats.budget = background_steps_;
            return;
        }
        const double share = std::clamp(kFrameGoalMs - draw_ms_, kMinSimMs, kFrameGoalMs);
        uint64_t steps = 0;
        double ms = 0;
        run_full_speed([&](double so_far) { return so_far >= share; }, steps, ms);
        ui_.stats.sim_ms = ms;
        ui_.stats.budget = steps;
        bench_steps_ += steps;
        bench_sim_ms_ += ms;
        return;
    }
    accum_ += settings_.speed * dt;
    accum_ = std::min(accum_, settings_.speed * 0.25 + 1.0); // after a stall, do not rush
    auto n = static_cast<uint64_t>(accum_);
    accum_ -= static_cast<double>(n);
    if (n) session_.run_for_frame(n);
    if (session_.running()) ui_.phase = accum_;
}

// Full speed: chunks of `budget_` instructions until `enough`; each chunk
// is sized to take about kChunkMs, so the clock is read often enough.
void App::run_full_speed(const std::function<bool(double)>& enough, uint64_t& steps, double& ms) {
    using clock = std::chrono::steady_clock;
    auto ms_since = [](clock::time_point t) {
        return std::chrono::duration<double, std::milli>(clock::now() - t).count();
    };
    auto t0 = clock::now();
    steps = 0;
    ms = 0;
    while (session_.running()) {
        auto c0 = clock::now();
        gb::RunResult r = session_.run_for_frame(budget_);
        double chunk_ms = ms_since(c0);
        steps += r.steps;
        ms = ms_since(t0);
        if (r.steps < budget_) break; // stopped (a breakpoint, the end, a fault)
        if (chunk_ms > 0.01) {
            double ideal = static_cast<double>(budget_) * kChunkMs / chunk_ms;
            budget_ = static_cast<uint64_t>(
                std::clamp(0.5 * static_cast<double>(budget_) + 0.5 * ideal, 256.0, 4'000'000.0));
        } else {
            budget_ = std::min<uint64_t>(budget_ * 2, 4'000'000);
        }
        if (enough(ms)) break;
    }
}

// The desktop with a second core to run on; not the browser (no threads
// there) and not a screenshot (its frames stay one after the other).
bool App::overlaps_rendering() const {
#ifdef __EMSCRIPTEN__
    return false;
#else
    return opts_.screenshot.empty() && std::thread::hardware_concurrency() > 1;
#endif
}

bool App::start_background_run(std::chrono::steady_clock::time_point frame_start) {
    if (!(settings_.speed_max || bench_) || !overlaps_rendering() || picture_wanted_ ||
        !session_.running() || background_.joinable())
        return false;
    frame_drawn_ = false;
    background_ = std::thread([this, frame_start] {
        using clock = std::chrono::steady_clock;
        run_full_speed(
            [&](double so_far) {
                double frame =
                    std::chrono::duration<double, std::milli>(clock::now() - frame_start).count();
                return frame_drawn_.load() && so_far >= kMinSimMs && frame >= kFrameGoalMs;
            },
            background_steps_, background_ms_);
    });
    return true;
}

void App::finish_background_run() {
    if (!background_.joinable()) return;
    frame_drawn_ = true;
    background_.join();
    bench_steps_ += background_steps_;
    bench_sim_ms_ += background_ms_;
}

void App::shortcuts() {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput) return;
    bool loaded = session_.loaded();
    if (ImGui::IsKeyPressed(GLFW_KEY_F5, false) && loaded)
        cmds_.push(io.KeyShift ? Cmd::ReverseContinue : Cmd::ToggleRun);
    // Reverse steps follow the thread selected in the processes panel (0: the last to run).
    const gb::Machine& m = session_.machine();
    uint64_t tid = ui_.selected_tid > 0 && ui_.selected_tid <= static_cast<int>(m.threads.size())
                       ? static_cast<uint64_t>(ui_.selected_tid)
                       : 0;
    if (ImGui::IsKeyPressed(GLFW_KEY_F11, false) && loaded && io.KeyShift)
        cmds_.push(Cmd::ReverseStepOut, tid);
    if (ImGui::IsKeyPressed(GLFW_KEY_F10) && loaded) {
        if (io.KeyShift && io.KeyCtrl)
            cmds_.push(Cmd::ReverseStepOver, tid);
        else if (io.KeyShift)
            cmds_.push(Cmd::StepBack);
        else if (io.KeyCtrl) {
            if (ui_.cursor) cmds_.run_to(*ui_.cursor);
        } else
            cmds_.push(Cmd::Step);
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_F9, false) && ui_.cursor) cmds_.toggle_breakpoint(*ui_.cursor);
    // Presenter keys: F6 hides the lesson text (the watches stay), F11 maximises the focused panel.
    if (ImGui::IsKeyPressed(GLFW_KEY_F6, false)) presenter_ = !presenter_;
    if (ImGui::IsKeyPressed(GLFW_KEY_F11, false) && !io.KeyShift)
        maximised_ = maximised_.empty() ? focused_panel_ : std::string();
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) maximised_.clear();
    relayout_ = relayout_ || presenter_ != presenter_seen_ || maximised_ != maximised_seen_;
    presenter_seen_ = presenter_;
    maximised_seen_ = maximised_;
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_O, false)) ui_.open_dialog = true;
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_R, false)) cmds_.push(Cmd::Reload);
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_Q, false)) cmds_.push(Cmd::Quit);
    if (io.KeyCtrl &&
        (ImGui::IsKeyPressed(GLFW_KEY_EQUAL, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD, false)))
        settings_.font_scale = std::min(3.0f, settings_.font_scale + 0.25f);
    if (io.KeyCtrl && (ImGui::IsKeyPressed(GLFW_KEY_MINUS, false) ||
                       ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT, false)))
        settings_.font_scale = std::max(1.0f, settings_.font_scale - 0.25f);
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
    draw_editor_prompts(ui_.editor, ui_, cmds_.queue);
    apply_commands();
    if (editor_needs_glyphs(ui_.editor)) { // Hangul typed or pasted in the editor
        glyph_texts_.push_back(ui_.editor.buf.text());
        fonts_dirty_ = true;
    }
    if (settings_.auto_reload && ui_.now_s > reload_check_) {
        reload_check_ = ui_.now_s + 0.5;
        // (Never over unsaved edits in the editor: it asks instead.)
        if (session_.source_changed_on_disk() && !editor_blocks_reload(ui_.editor, session_)) {
            std::string before = session_.path();
            cmds_.push(Cmd::Reload);
            apply_commands();
        }
    }
}

void App::end_frame(double work_ms) {
    frame_ms_avg_ = frame_ms_avg_ == 0 ? work_ms : 0.9 * frame_ms_avg_ + 0.1 * work_ms;
    double draw = std::max(0.0, work_ms - ui_.stats.sim_ms); // this frame's time not simulating
    draw_ms_ = draw_ms_ == 0 ? draw : 0.8 * draw_ms_ + 0.2 * draw;
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
    const gb::Lesson* lesson = ui_.lesson();
    j["lesson"] = lesson ? lesson->id : "";
    j["lesson_program"] = session_.lesson() ? session_.lesson_program() : 0;
    j["answer_shown"] = ui_.show_answer;
    j["lessons"] = ui_.lessons.size();
    j["lesson_errors"] = ui_.lesson_errors;
    j["config"] = {{"cores", session_.config().cores},
                   {"policy", gb::policy_name(session_.config().sched.policy)},
                   {"quantum", session_.config().sched.quantum_ticks},
                   {"timer", session_.config().timer_period}};
    j["lang"] = lang_id(lang());
    j["theme"] = settings_.theme;
    j["font_scale"] = settings_.font_scale;
    j["font"] = font_path_.empty() ? "built-in" : font_path_;
    j["instructions"] = session_.machine().instructions;
    std::vector<uint64_t> per_thread;
    for (const gb::Thread& t : session_.machine().threads)
        per_thread.push_back(t.instructions);
    j["thread_instructions"] = per_thread;
    j["instruction_interrupts"] = session_.machine().cores.at(0).instruction_interrupts;
    j["cycle"] = session_.machine().now;
    j["missing_translations"] = missing_translations();
    j["frame_ms"] = ui_.stats.frame_ms;
    // Where things were drawn (the layout tests): each watch row, the result
    // banner and each panel, with the visible rectangle of the panel holding it.
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    j["window"] = {vp->Pos.x, vp->Pos.y, vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y};
    nlohmann::json items = nlohmann::json::array();
    for (const LayoutItem& it : ui_.layout_items)
        items.push_back({{"kind", it.kind},
                         {"id", it.id},
                         {"panel", it.panel},
                         {"rect", {it.min.x, it.min.y, it.max.x, it.max.y}},
                         {"clip", {it.clip_min.x, it.clip_min.y, it.clip_max.x, it.clip_max.y}}});
    j["layout"] = items;
    j["watches"] = ui_.watches.watches.size();
    j["watch_rows"] = ui_.watches.rows.size();
    j["result"] = ui_.watches.result;
    j["timeline_rects"] = ui_.tl.rects;
    j["line_height"] = ImGui::GetTextLineHeightWithSpacing();
    j["timeline_coroutine_marks"] = ui_.tl.coroutine_marks;
    j["coroutine_strip_marks"] = ui_.coroutine_strip_marks;
    j["timeline_axis"] = {{"labels", ui_.tl.axis_labels},
                          {"label_right", ui_.tl.axis_label_right},
                          {"lanes_right", ui_.tl.axis_right}};
    j["presenter"] = presenter_;
    j["maximised"] = maximised_;
    j["editor"] = {{"file", ui_.editor.buf.path()},
                   {"unsaved", ui_.editor.buf.dirty()},
                   {"errors", ui_.editor.buf.diagnostics().size()}};
    const gb::FaultReport& f = session_.machine().last_fault;
    if (f.fault != gb::Fault::None)
        j["fault"] = {{"fault", gb::fault_id(f.fault)},
                      {"pid", f.pid},
                      {"tid", f.tid},
                      {"pc", f.pc},
                      {"address", f.addr},
                      {"source", gb::fault_source_text(f, gb::Lang::En)}};
    return j;
}

} // namespace gui
