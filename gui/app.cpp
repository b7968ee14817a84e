#include "app.h"

#include "platform.h"
#include "theme.h"

#include "sim/asm/file_text.h"
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

namespace gui {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFontPath = "/usr/share/fonts/truetype/nanum/NanumGothicCoding.ttf";
constexpr const char* kBoldFontPath = "/usr/share/fonts/truetype/nanum/NanumGothicCodingBold.ttf";
constexpr const char* kSymbolFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
constexpr const char* kSymbolBoldFontPath =
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf";
constexpr const char* kDefaultLesson =
    "09-thread-safety"; // its first program races two threads on a counter
constexpr float kBaseFontPx = 16.0f;
constexpr double kTargetSimMs = 8.0; // simulation time per frame at full speed

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
    else if (!opts_.program.empty())
        load_program(opts_.program);
    else if (!opts_.lesson.empty())
        lesson_mode = open_lesson(opts_.lesson, 0);
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
    if (steps && session_.loaded()) session_.step_n(steps);
    if (!opts_.save_session.empty()) save_session_file(opts_.save_session);
    if (opts_.show_answer && ui_.lesson()) ui_.show_answer = ui_.scroll_to_answer = true;
    presenter_ = opts_.presenter;
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
    std::error_code ec;
    fs::path abs = fs::absolute(path, ec);
    settings_.last_program = ec ? path : abs.lexically_normal().string();
    settings_.add_recent(settings_.last_program);
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

void App::load_program(const std::string& path) {
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

// --- fonts and theme ------------------------------------------------------------

void App::rebuild_fonts() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    float scale = settings_.font_scale;
    ImFontGlyphRangesBuilder b;
    b.AddRanges(io.Fonts->GetGlyphRangesDefault());
    static const ImWchar extra[] = {0x2000, 0x206F, 0x2190, 0x21FF, 0x2200, 0x22FF, 0x2500,
                                    0x257F, 0x25A0, 0x25FF, 0x3131, 0x318F, 0};
    b.AddRanges(extra);
    // Hangul syllables: only those the labels, the ISA table and the loaded
    // texts use (the whole block would need a huge atlas at 3×).
    for (std::string_view s : korean_labels())
        b.AddText(s.data(), s.data() + s.size());
    for (const gb::OpInfo& op : gb::isa_table())
        b.AddText(op.explain_ko.data(), op.explain_ko.data() + op.explain_ko.size());
    for (int f = 0; f <= static_cast<int>(gb::Fault::BadSyscall) + 4; ++f) {
        auto s = gb::fault_name_ko(static_cast<gb::Fault>(f));
        b.AddText(s.data(), s.data() + s.size());
    }
    for (const gb::SyscallInfo& sc : gb::syscall_table())
        b.AddText(sc.explain_ko.data(), sc.explain_ko.data() + sc.explain_ko.size());
    for (const std::string& t : glyph_texts_)
        b.AddText(t.c_str(), t.c_str() + t.size());
    glyph_ranges_.clear();
    b.BuildRanges(&glyph_ranges_);
    // Bold and heading fonts (the lesson texts): ASCII and the glyphs of headings and bold text.
    ImFontGlyphRangesBuilder bb;
    bb.AddRanges(io.Fonts->GetGlyphRangesDefault());
    bb.AddRanges(extra);
    bb.AddText(bold_glyphs_.c_str(), bold_glyphs_.c_str() + bold_glyphs_.size());
    bold_ranges_.clear();
    bb.BuildRanges(&bold_ranges_);

    ImFontConfig cfg;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    ImFont* font = nullptr;
    if (!font_path_.empty())
        font = io.Fonts->AddFontFromFileTTF(font_path_.c_str(), std::round(kBaseFontPx * scale),
                                            &cfg, glyph_ranges_.Data);
    // NanumGothicCoding has no minus sign (U+2212, "r2 ← r2 − 1"): take it from DejaVu Sans Mono.
    static const ImWchar minus[] = {0x2212, 0x2212, 0};
    auto add_minus = [&](const char* path, float px) {
        if (!font || !fs::exists(path)) return;
        ImFontConfig merge = cfg;
        merge.MergeMode = true;
        io.Fonts->AddFontFromFileTTF(path, px, &merge, minus);
    };
    add_minus(kSymbolFontPath, std::round(kBaseFontPx * scale));
    if (!font) {
        cfg.SizePixels = std::round(13.0f * scale);
        io.Fonts->AddFontDefault(&cfg);
    }
    ui_.font_bold = ui_.font_heading = nullptr;
    if (font && fs::exists(kBoldFontPath)) {
        ui_.font_bold = io.Fonts->AddFontFromFileTTF(kBoldFontPath, std::round(kBaseFontPx * scale),
                                                     &cfg, bold_ranges_.Data);
        add_minus(kSymbolBoldFontPath, std::round(kBaseFontPx * scale));
        ui_.font_heading = io.Fonts->AddFontFromFileTTF(
            kBoldFontPath, std::round(kBaseFontPx * scale * 1.3f), &cfg, bold_ranges_.Data);
        add_minus(kSymbolBoldFontPath, std::round(kBaseFontPx * scale * 1.3f));
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
            ui_.tl.follow = true;
            break;
        case Cmd::Reload: {
            bool ok = session_.reload();
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
        case Cmd::ReverseStepOut: session_.reverse_step_out(); break;
        case Cmd::GoTo: session_.go_to_instruction(c.n); break;
        case Cmd::GoToCycle: session_.go_to_cycle(c.n); break;
        case Cmd::ToggleWatch: toggle_watch(c.path); break;
        case Cmd::Pin: {
            gb::LessonWatch w;
            w.name = w.symbol = c.path;
            if (session_.pin(w)) note(trf("{} pinned to the watches", c.path));
            ui_.watches.key = UINT64_MAX;
            break;
        }
        case Cmd::TravelTo:
            session_.travel_to_cycle(c.n);
            ui_.tl.follow = false;
            break;
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
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count();
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
    if (ImGui::IsKeyPressed(GLFW_KEY_F5, false) && loaded)
        cmds_.push(io.KeyShift ? Cmd::ReverseContinue : Cmd::ToggleRun);
    if (ImGui::IsKeyPressed(GLFW_KEY_F11, false) && loaded && io.KeyShift)
        cmds_.push(Cmd::ReverseStepOut);
    if (ImGui::IsKeyPressed(GLFW_KEY_F10) && loaded) {
        if (io.KeyShift)
            cmds_.push(Cmd::StepBack);
        else if (io.KeyCtrl) {
            if (ui_.cursor) cmds_.run_to(*ui_.cursor);
        } else
            cmds_.push(Cmd::Step);
    }
    if (ImGui::IsKeyPressed(GLFW_KEY_F9, false) && ui_.cursor) cmds_.toggle_breakpoint(*ui_.cursor);
    // Presenter keys: F6 hides the lesson text (the watches stay), F11 maximises the focused panel.
    if (ImGui::IsKeyPressed(GLFW_KEY_F6, false)) presenter_ = !presenter_;
    if (ImGui::IsKeyPressed(GLFW_KEY_F11, false))
        maximised_ = maximised_.empty() ? focused_panel_ : std::string();
    if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) maximised_.clear();
    relayout_ = relayout_ || presenter_ != presenter_seen_ || maximised_ != maximised_seen_;
    presenter_seen_ = presenter_;
    maximised_seen_ = maximised_;
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_O, false)) ui_.open_dialog = true;
    if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_R, false)) cmds_.push(Cmd::Reload);
    if (io.KeyCtrl &&
        (ImGui::IsKeyPressed(GLFW_KEY_EQUAL, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD, false)))
        settings_.font_scale = std::min(3.0f, settings_.font_scale + 0.25f);
    if (io.KeyCtrl && (ImGui::IsKeyPressed(GLFW_KEY_MINUS, false) ||
                       ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT, false)))
        settings_.font_scale = std::max(1.0f, settings_.font_scale - 0.25f);
}

// --- menus and layout -----------------------------------------------------------

void App::menu_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu(tr("File"))) {
        if (ImGui::MenuItem(tr("Open…"), "Ctrl+O")) ui_.open_dialog = true;
        if (ImGui::MenuItem(tr("Reload"), "Ctrl+R", false,
                            session_.loaded() || !session_.errors().empty()))
            cmds_.push(Cmd::Reload);
        ImGui::MenuItem(tr("Reload when the file changes"), nullptr, &settings_.auto_reload);
        if (ImGui::MenuItem(tr("Save session"), nullptr, false, session_.loaded()))
            save_session_file();
        if (ImGui::BeginMenu(tr("Recent"), !settings_.recent.empty())) {
            for (const std::string& r : settings_.recent)
                if (ImGui::MenuItem(r.c_str())) cmds_.load(r);
            ImGui::EndMenu();
        }
        platform::file_menu_items(session_, ui_, cmds_);
        ImGui::Separator();
        // The run, out of the app: files in the working folder, named after the program.
        std::string stem = session_.loaded() ? fs::path(session_.path()).stem().string() : "run";
        auto export_file = [&](const std::string& name, const std::string& text) {
            std::ofstream out(name, std::ios::binary);
            out << text;
            note(out ? trf("wrote {}", fs::absolute(name).string())
                     : trf("cannot write {}", fs::absolute(name).string()));
        };
        if (ImGui::MenuItem(tr("Export the trace (Chrome trace JSON)"), nullptr, false,
                            session_.loaded()))
            export_file(stem + "-trace.json", gb::chrome_trace_json(session_.machine()));
        tooltip(tr("Opens in chrome://tracing and ui.perfetto.dev: a track per core and per "
                   "thread."));
        if (ImGui::MenuItem(tr("Export the events (CSV)"), nullptr, false, session_.loaded()))
            export_file(stem + "-events.csv", gb::events_csv(session_.machine()));
        ImGui::Separator();
        if (ImGui::MenuItem(tr("Quit"))) quit_ = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("Lessons"))) {
        draw_lesson_menu(ui_, cmds_);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("View"))) {
        ImGui::TextUnformatted(tr("Font scale (projector)"));
        float fs_val = settings_.font_scale;
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
        if (ImGui::SliderFloat("##fontscale", &fs_val, 1.0f, 3.0f, "%.2f×"))
            settings_.font_scale = std::round(fs_val * 4) / 4;
        ImGui::TextColored(colour_dim(), "%s", tr("Ctrl+= / Ctrl+- change it too"));
        ImGui::Separator();
        ImGui::TextUnformatted(tr("Theme"));
        const char* themes[] = {"dark", "light", "high-contrast"};
        const char* theme_names[] = {tr("Dark"), tr("Light"), tr("High contrast")};
        for (int i = 0; i < 3; ++i)
            if (ImGui::RadioButton(theme_names[i], settings_.theme == themes[i]))
                settings_.theme = themes[i];
        ImGui::Separator();
        ImGui::TextUnformatted(tr("Language"));
        if (ImGui::RadioButton("English", !korean())) {
            settings_.lang = "en";
            set_lang(Lang::En);
        }
        if (ImGui::RadioButton("한국어", korean())) {
            settings_.lang = "ko";
            set_lang(Lang::Ko);
        }
        ImGui::Separator();
        ImGui::MenuItem(tr("Tiled layout (windows fit the screen)"), nullptr, &settings_.tiled);
        if (ImGui::MenuItem(tr("Reset layout"))) relayout_ = true;
        ImGui::Separator();
        ImGui::MenuItem(tr("Developer: frame time in the menu bar"), nullptr,
                        &settings_.show_frame_time);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr("Help"))) {
        if (ImGui::MenuItem(tr("Keyboard shortcuts"))) ui_.help_dialog = true;
        ImGui::EndMenu();
    }
    std::string fname = session_.loaded() ? fs::path(session_.path()).filename().string()
                                          : std::string(tr("(no program)"));
    ImGui::TextColored(colour_ok(), "  %s", fname.c_str());
    ImGui::SameLine();
    draw_status(session_.machine(), ui_);
    ImGui::EndMainMenuBar();
}

namespace {

using Draw = void (*)(const gb::Machine&, UiState&, Commands&);

// How each panel of gb::panel_table() (teach/panels.h: ids, labels, order) is drawn.
Draw draw_of(std::string_view id) {
    static const std::pair<std::string_view, Draw> draws[] = {
        {"code", draw_code},
        {"cpu", draw_cpu},
        {"address_space", draw_address_space},
        {"processes", draw_processes},
        {"scheduler", draw_scheduler},
        {"sync", draw_sync},
        {"io", draw_io},
        {"console", draw_console},
        {"event_log", draw_event_log},
        {"watches", draw_watches},
        {"timeline", draw_timeline},
        {"lesson", draw_lesson},
        {"history", draw_history},
        {"races", draw_races},
    };
    for (const auto& [pid, draw] : draws)
        if (pid == id) return draw;
    return nullptr;
}

int panel_rank(const std::string& id) {
    const auto& table = gb::panel_table();
    for (size_t i = 0; i < table.size(); ++i)
        if (id == table[i].id) return static_cast<int>(i);
    return static_cast<int>(table.size());
}

} // namespace

// The lesson's panels as groups of tabs, one group per cell of the screen,
// in the order the lesson lists them: each gets a cell of its own while
// there are cells; then
// related panels share one (event log with console, I/O with sync with
// scheduler with processes, then console with processes, CPU with the
// address space), the one listed first in front (but never the CPU in front
// of the address space, whose picture is what those lessons are about). Panels the lesson does not
// list join the cell of the nearest listed panel as tabs behind it.
static std::vector<std::vector<std::string>> lesson_cells(const std::vector<std::string>& listed,
                                                          size_t cells) {
    auto is_listed = [&](const std::string& id) {
        return std::find(listed.begin(), listed.end(), id) != listed.end();
    };
    // In the lesson's order (code first: it always takes the left column).
    std::vector<std::vector<std::string>> units;
    if (is_listed("code")) units.push_back({"code"});
    for (const std::string& id : listed)
        if (id != "code" && id != "timeline" && id != "lesson" &&
            panel_rank(id) < static_cast<int>(gb::panel_table().size()))
            units.push_back({id});
    if (units.empty()) units.push_back({"code"});
    auto unit_of = [&](const char* id) {
        for (size_t i = 0; i < units.size(); ++i)
            if (std::find(units[i].begin(), units[i].end(), id) != units[i].end())
                return static_cast<int>(i);
        return -1;
    };
    // Two tiles become one, in the place of the earlier; the panel the lesson
    // lists first stays in front (but the CPU panel never hides the address space).
    auto listed_at = [&](const std::string& id) {
        if (id == "code") return -1;
        return static_cast<int>(std::find(listed.begin(), listed.end(), id) - listed.begin());
    };
    auto join = [&](size_t a, size_t b) {
        const auto &ua = units[a], &ub = units[b];
        bool a_front = listed_at(ua.front()) < listed_at(ub.front()) &&
                       !(ua.front() == "cpu" && ub.front() == "address_space");
        std::vector<std::string> both = a_front ? ua : ub;
        const auto& rest = a_front ? ub : ua;
        both.insert(both.end(), rest.begin(), rest.end());
        units[std::min(a, b)] = std::move(both);
        units.erase(units.begin() + static_cast<std::ptrdiff_t>(std::max(a, b)));
    };
    static const std::pair<const char*, const char*> rules[] = {{"event_log", "console"},
                                                                {"io", "sync"},
                                                                {"sync", "scheduler"},
                                                                {"io", "scheduler"},
                                                                {"scheduler", "processes"},
                                                                {"sync", "processes"},
                                                                {"io", "processes"},
                                                                {"console", "processes"},
                                                                {"event_log", "processes"},
                                                                {"cpu", "address_space"},
                                                                {"processes", "cpu"},
                                                                {"console", "cpu"},
                                                                {"processes", "address_space"},
                                                                {"console", "address_space"}};
    while (units.size() > std::max<size_t>(1, cells)) {
        bool merged = false;
        for (const auto& [from, to] : rules) {
            int a = unit_of(from), b = unit_of(to);
            if (a < 0 || b < 0 || a == b || units[static_cast<size_t>(a)].front() != from) continue;
            join(static_cast<size_t>(a), static_cast<size_t>(b));
            merged = true;
            break;
        }
        if (!merged) join(units.size() - 1, units.size() - 2);
    }
    // The others, behind the nearest listed panel (by their order on screen).
    for (const gb::PanelInfo& p : gb::panel_table()) {
        std::string id(p.id);
        if (id == "lesson" || id == "watches" || unit_of(id.c_str()) >= 0 ||
            (id == "timeline" && is_listed(id)))
            continue;
        int rank = panel_rank(id), best = 0, best_d = 1 << 20;
        for (size_t u = 0; u < units.size(); ++u)
            for (const std::string& q : units[u]) {
                if (!is_listed(q)) continue;
                int d = std::abs(panel_rank(q) - rank);
                if (d < best_d) {
                    best_d = d;
                    best = static_cast<int>(u);
                }
            }
        units[static_cast<size_t>(best)].push_back(id);
    }
    return units;
}

void App::layout_and_panels() {
    const gb::Machine& m = session_.machine();
    ui_.panels_visible.clear();
    ui_.banners_visible.clear();
    ui_.layout_items.clear();
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
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoCollapse);
    draw_controls(m, ui_, cmds_);
    draw_banners(m, ui_, cmds_);
    if (ui_.lesson()) draw_result_banner(m, ui_);
    top_h = ImGui::GetWindowHeight();
    ImGui::End();

    // The tiles below it.
    float y0 = p0.y + top_h, h = std::max(100.0f, sz.y - top_h);
    float scale = settings_.font_scale;
    bool compact = sz.x / scale < 1180.0f || h / scale < 520.0f;
    const ImGuiStyle& st = ImGui::GetStyle();
    float lane_h = ImGui::GetTextLineHeight() * 1.1f;
    size_t lanes = m.cores.size() + std::min<size_t>(m.threads.size(), compact ? 4 : 6);
    // Tabs, toolbar and legend (about two lines), the overview strip, the axis, the lanes.
    float tl_need = ImGui::GetFrameHeightWithSpacing() * 3 + st.WindowPadding.y * 2 +
                    st.ItemSpacing.y * 3 + lane_h * 2.0f +
                    static_cast<float>(lanes) * lane_h * 1.15f;
    float tl_h = std::clamp(tl_need, h * 0.18f, h * 0.42f);

    bool sel_code = ui_.select_code_tab, sel_err = ui_.select_errors_tab,
         sel_lesson = ui_.select_lesson_tab;
    ui_.select_code_tab = ui_.select_errors_tab = ui_.select_lesson_tab = false;
    bool deadlocked = session_.last_stop() == gb::StopReason::Deadlock;
    bool sel_sync = deadlocked && !deadlock_shown_;
    deadlock_shown_ = deadlocked;
    const gb::Lesson* lesson = ui_.lesson();
    select_once_ = select_next_;
    select_next_.clear();
    bool front_lesson_tabs = lesson_tabs_frames_ > 0;
    if (lesson_tabs_frames_ > 0) --lesson_tabs_frames_;

    auto area = [&](const char* id, ImVec2 pos, ImVec2 size, ImGuiTabBarFlags bar_flags,
                    auto&& body) {
        ImGui::SetNextWindowPos(pos, cond);
        ImGui::SetNextWindowSize(size, cond);
        if (ImGui::Begin(id, nullptr,
                         ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoCollapse |
                             ImGuiWindowFlags_NoBringToFrontOnFocus | fixed)) {
            if (ImGui::BeginTabBar("tabs", bar_flags)) {
                body();
                ImGui::EndTabBar();
            }
        }
        ImGui::End();
    };
    // One tab: a panel by id (or the assembler errors, shown only when there are some).
    auto tab = [&](const std::string& id, bool select) {
        std::string label;
        Draw draw = nullptr;
        if (id == "errors") {
            if (session_.errors().empty()) return;
            label = trf("Errors ({})", session_.errors().size());
            draw = draw_errors;
            select = sel_err;
        } else {
            const gb::PanelInfo* p = gb::find_panel(id);
            draw = draw_of(id);
            if (!p || !draw) return;
            label = tr(std::string(p->label_en).c_str());
        }
        if (id == "code") select |= sel_code && !sel_err;
        if (id == "lesson") select |= sel_lesson && !sel_err;
        if (id == "sync") select |= sel_sync;
        select |= std::find(opts_.show.begin(), opts_.show.end(), id) != opts_.show.end() &&
                  ImGui::GetFrameCount() < 3;
        std::string l = label + "###" + id;
        if (ImGui::BeginTabItem(l.c_str(), nullptr, select ? ImGuiTabItemFlags_SetSelected : 0)) {
            ui_.current_panel = id;
            if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) focused_panel_ = id;
            if (ImGui::BeginChild("body")) draw(m, ui_, cmds_);
            ImGui::EndChild();
            record_item(ui_, "panel", id);
            ImGui::EndTabItem();
        }
    };
    // A panel in a tile of its own, without a tab bar (the watches: always in view).
    auto pane = [&](const char* win, const std::string& id, ImVec2 pos, ImVec2 size) {
        ImGui::SetNextWindowPos(pos, cond);
        ImGui::SetNextWindowSize(size, cond);
        if (ImGui::Begin(win, nullptr,
                         ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoCollapse |
                             ImGuiWindowFlags_NoBringToFrontOnFocus | fixed)) {
            const gb::PanelInfo* p = gb::find_panel(id);
            ImGui::TextColored(colour_dim(), "%s", tr(std::string(p->label_en).c_str()));
            ImGui::Separator();
            ui_.current_panel = id;
            float top = ImGui::GetCursorPosY();
            if (ImGui::BeginChild("body")) {
                draw_of(id)(m, ui_, cmds_);
                ui_.watches.content_h = ImGui::GetCursorPosY() + top;
            }
            ImGui::EndChild();
            record_item(ui_, "panel", id);
        }
        ImGui::End();
    };

    if (!maximised_.empty()) {
        // [SECTION] One panel over the whole area (F11), the banners still on top.
        area("###maximised", ImVec2(p0.x, y0), ImVec2(sz.x, h), 0, [&] { tab(maximised_, true); });
    } else if (lesson) {
        // [SECTION] The lesson layout: its text in a column on the left, at
        // least 20 characters wide; the lesson's panels in one to three
        // columns of at least 20 characters beside it; its timeline (if it
        // lists one) across the bottom of those.
        float em = ImGui::GetFontSize();
        float lesson_w = std::round(std::min(sz.x * 0.5f, std::max(sz.x * 0.3f, em * 20)));
        lesson_w = std::min(lesson_w, em * 38);
        // Presenter mode (F6): no lesson text; the column keeps only the watches, narrower.
        if (presenter_) lesson_w = std::round(std::min(lesson_w, std::max(sz.x * 0.22f, em * 14)));
        float rest_w = sz.x - lesson_w;
        int fit = std::clamp(static_cast<int>(rest_w / (em * 20)), 1, 3);
        const auto& listed = lesson->panels;
        bool code_first = std::find(listed.begin(), listed.end(), "code") != listed.end();
        auto cells_for = [&](int cols) {
            return static_cast<size_t>(code_first && cols >= 2 ? 2 * cols - 1 : 2 * cols);
        };
        size_t wanted = 0;
        for (const gb::PanelInfo& p : gb::panel_table())
            if (std::find(listed.begin(), listed.end(), p.id) != listed.end() &&
                p.id != "timeline" && p.id != "lesson" && p.id != "watches")
                ++wanted;
        // As few columns as hold every listed panel, but code gets its own column when it fits.
        int cols = code_first && wanted >= 2 && fit >= 2 ? 2 : 1;
        while (cols < fit && cells_for(cols) < wanted)
            ++cols;
        auto units = lesson_cells(listed, cells_for(cols));
        bool timeline = std::find(listed.begin(), listed.end(), "timeline") != listed.end();
        float mid_h = timeline ? h - tl_h : h;

        // The watches under the lesson text, as tall as their rows (at most half the column).
        float watch_max = presenter_ ? h : h * 0.5f;
        ui_.watches.max_h = watch_max - ImGui::GetFrameHeightWithSpacing() - st.WindowPadding.y * 2;
        float watch_h = std::clamp(ui_.watches.content_h + st.WindowPadding.y * 2,
                                   ImGui::GetFrameHeightWithSpacing() * 3, watch_max);
        if (presenter_)
            watch_h = h;
        else
            area("###larea_lesson", ImVec2(p0.x, y0), ImVec2(lesson_w, h - watch_h), 0,
                 [&] { tab("lesson", front_lesson_tabs); });
        pane("###larea_watches", "watches", ImVec2(p0.x, y0 + h - watch_h),
             ImVec2(lesson_w, watch_h));
        // Columns: the first holds code alone (full height) when the lesson shows
        // code and there is more than one column; otherwise two cells stacked.
        size_t u = 0;
        float col_w = std::round(rest_w / static_cast<float>(cols));
        for (int c = 0; c < cols && u < units.size(); ++c) {
            size_t here =
                (c == 0 && code_first && cols >= 2) ? 1 : std::min<size_t>(2, units.size() - u);
            // The last column takes what is left (when fewer cells than units would fit).
            float x = p0.x + lesson_w + col_w * static_cast<float>(c);
            float w = c + 1 == cols ? p0.x + sz.x - x : col_w;
            // Stacked cells share the height by what their front panel needs
            // (the CPU panel is short, the address-space picture tall).
            auto weight = [](const std::string& id) {
                return id == "cpu"             ? 0.9f
                       : id == "address_space" ? 1.5f
                       : id == "processes"     ? 1.2f
                       : id == "console"       ? 0.8f
                                               : 1.0f;
            };
            float total = 0;
            for (size_t k = 0; k < here; ++k)
                total += weight(units[u + k].front());
            float y = y0;
            for (size_t k = 0; k < here; ++k, ++u) {
                std::string id = "###larea_" + std::to_string(u);
                float hh = k + 1 == here ? y0 + mid_h - y
                                         : std::round(mid_h * weight(units[u].front()) / total);
                const auto& cell = units[u];
                // No tab arrows: the lesson's own panels always have a tab;
                // the others only while their tabs fit, the rest behind "⋯".
                area(
                    id.c_str(), ImVec2(x, y), ImVec2(w, hh),
                    ImGuiTabBarFlags_FittingPolicyResizeDown, [&] {
                        const ImGuiStyle& style = ImGui::GetStyle();
                        auto tab_w = [&](const std::string& pid) {
                            const gb::PanelInfo* info = gb::find_panel(pid);
                            std::string label = info ? tr(std::string(info->label_en).c_str())
                                                     : trf("Errors ({})", session_.errors().size());
                            return ImGui::CalcTextSize(label.c_str()).x + style.FramePadding.x * 2 +
                                   style.ItemInnerSpacing.x;
                        };
                        bool errors_here =
                            !session_.errors().empty() &&
                            (u == 0 || std::find(cell.begin(), cell.end(), "code") != cell.end());
                        float room = ImGui::GetContentRegionAvail().x - tab_w("⋯");
                        if (errors_here) room -= tab_w("errors");
                        // --show PANEL wins over the lesson's front tab in its cell.
                        auto asked = [&](const std::string& q) {
                            return std::find(opts_.show.begin(), opts_.show.end(), q) !=
                                   opts_.show.end();
                        };
                        bool asked_here = std::any_of(cell.begin(), cell.end(), asked);
                        std::vector<std::string> shown, hidden;
                        for (const std::string& p : cell) {
                            bool own = std::find(listed.begin(), listed.end(), p) != listed.end() ||
                                       promoted_.count(p) || asked(p);
                            if (own) room -= tab_w(p);
                        }
                        for (const std::string& p : cell) {
                            bool own = std::find(listed.begin(), listed.end(), p) != listed.end() ||
                                       promoted_.count(p) || asked(p);
                            if (own || tab_w(p) <= room) {
                                shown.push_back(p);
                                if (!own) room -= tab_w(p);
                            } else {
                                hidden.push_back(p);
                            }
                        }
                        for (const std::string& p : shown) {
                            bool front = asked_here ? asked(p) : p == cell.front();
                            tab(p, (front_lesson_tabs && front) || p == select_once_);
                            if (p == "code") tab("errors", false);
                        }
                        if (u == 0 && std::find(cell.begin(), cell.end(), "code") == cell.end())
                            tab("errors", false);
                        if (!hidden.empty()) {
                            if (ImGui::TabItemButton("⋯", ImGuiTabItemFlags_Trailing))
                                ImGui::OpenPopup("more");
                            tooltip(tr("More panels"));
                            if (ImGui::BeginPopup("more")) {
                                for (const std::string& p : hidden)
                                    if (ImGui::MenuItem(
                                            tr(std::string(gb::find_panel(p)->label_en).c_str()))) {
                                        promoted_.insert(p);
                                        select_next_ = p;
                                    }
                                ImGui::EndPopup();
                            }
                        }
                    });
                y += hh;
            }
        }
        if (timeline)
            area("###larea_timeline", ImVec2(p0.x + lesson_w, y0 + mid_h), ImVec2(rest_w, tl_h), 0,
                 [&] { tab("timeline", front_lesson_tabs); });
    } else if (!compact) {
        // Wide (by the text size): code | cpu over memory | processes over
        // output, the timeline across the bottom.
        float mid_h = h - tl_h;
        float wl = std::round(sz.x * 0.37f), wm = std::round(sz.x * 0.31f), wr = sz.x - wl - wm;
        float cpu_h = std::round(mid_h * 0.5f), procs_h = std::round(mid_h * 0.5f);
        area("###area_code", ImVec2(p0.x, y0), ImVec2(wl, mid_h), 0, [&] {
            tab("code", false);
            tab("lesson", false);
            tab("errors", false);
        });
        area("###area_cpu", ImVec2(p0.x + wl, y0), ImVec2(wm, cpu_h), 0,
             [&] { tab("cpu", false); });
        area("###area_memory", ImVec2(p0.x + wl, y0 + cpu_h), ImVec2(wm, mid_h - cpu_h), 0,
             [&] { tab("address_space", false); });
        area("###area_procs", ImVec2(p0.x + wl + wm, y0), ImVec2(wr, procs_h), 0, [&] {
            for (const char* id : {"processes", "scheduler", "sync", "io"})
                tab(id, false);
        });
        area("###area_output", ImVec2(p0.x + wl + wm, y0 + procs_h), ImVec2(wr, mid_h - procs_h), 0,
             [&] {
                 tab("console", false);
                 tab("event_log", false);
                 if (!session_.watches().empty()) tab("watches", false);
             });
        area("###area_timeline", ImVec2(p0.x, y0 + mid_h), ImVec2(sz.x, tl_h), 0,
             [&] { tab("timeline", false); });
    } else {
        // Compact (big text on a small screen): code | cpu over the rest, fewer panels at once.
        float mid_h = h - tl_h;
        float wl = std::round(sz.x * 0.48f), wr = sz.x - wl;
        float cpu_h = std::round(mid_h * 0.5f);
        area("###area_code", ImVec2(p0.x, y0), ImVec2(wl, mid_h), 0, [&] {
            tab("code", false);
            tab("lesson", false);
            tab("errors", false);
        });
        area("###area_cpu", ImVec2(p0.x + wl, y0), ImVec2(wr, cpu_h), 0, [&] {
            for (const char* id : {"cpu", "processes", "scheduler"})
                tab(id, false);
        });
        area("###area_memory", ImVec2(p0.x + wl, y0 + cpu_h), ImVec2(wr, mid_h - cpu_h), 0, [&] {
            for (const char* id : {"address_space", "console", "event_log", "sync", "io"})
                tab(id, false);
            if (!session_.watches().empty()) tab("watches", false);
        });
        area("###area_timeline", ImVec2(p0.x, y0 + mid_h), ImVec2(sz.x, tl_h), 0,
             [&] { tab("timeline", false); });
    }
    relayout_ = false;

    draw_open_dialog(ui_, cmds_);
    if (ui_.help_dialog) {
        ImGui::SetNextWindowPos(vp->GetWorkCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
        std::string title = std::string(tr("Keyboard shortcuts")) + "###help";
        if (ImGui::Begin(title.c_str(), &ui_.help_dialog,
                         ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
            const char* keys[][2] = {{"F5", "Run / pause"},
                                     {"F10", "Step one instruction"},
                                     {"Shift+F10", "Step back one instruction"},
                                     {"Shift+F5", "Reverse continue"},
                                     {"Shift+F11", "Reverse step out"},
                                     {"Ctrl+F10", "Run to the selected line"},
                                     {"F9", "Toggle a breakpoint on the selected line"},
                                     {"Ctrl+O", "Open a program"},
                                     {"Ctrl+R", "Reload the program"},
                                     {"Ctrl+= / Ctrl+-", "Bigger / smaller text"},
                                     {"F6", "Presenter: hide the lesson text (the watches stay)"},
                                     {"F11", "Maximise the focused panel (again or Esc: back)"}};
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
    j["presenter"] = presenter_;
    j["maximised"] = maximised_;
    const gb::FaultReport& f = session_.machine().last_fault;
    if (f.fault != gb::Fault::None)
        j["fault"] = {{"fault", gb::fault_id(f.fault)},
                      {"pid", f.pid},
                      {"tid", f.tid},
                      {"pc", f.pc},
                      {"address", f.addr},
                      {"source", f.source}};
    return j;
}

} // namespace gui
