// The App's menus and the layout of its panels: the lesson's cells,
// tabs that fit, presenter and maximised views (app.h).
#include "app.h"

#include "pictures.h"
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

// --- menus and layout -----------------------------------------------------------

void App::menu_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu(tr("File"))) {
        if (ImGui::MenuItem(tr("Open…"), "Ctrl+O")) ui_.open_dialog = true;
        if (ImGui::BeginMenu(tr("New program"))) {
            for (uint64_t t : {0, 1})
                if (ImGui::MenuItem(t == 0 ? tr("A program with a commented main")
                                           : tr("Two threads"))) {
                    cmds_.queue.push_back({Cmd::EditorNew, t, 0, 0, {}, {}});
                    promoted_.insert("editor"); // (a lesson's layout: its own tab)
                    select_next_ = "editor";
                }
            ImGui::EndMenu();
        }
        if (ImGui::MenuItem(tr("Save program"), "Ctrl+S")) cmds_.push(Cmd::EditorSave);
        if (ImGui::MenuItem(tr("Save program as…"))) ui_.editor.ask = EditorUi::Ask::SaveAs;
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
        if (ImGui::MenuItem(tr("Save a picture of the window (PNG)"))) picture_wanted_ = true;
        tooltip(tr("What the screen shows now, as a PNG file (in the browser: a download)."));
        ImGui::Separator();
        if (ImGui::MenuItem(tr("Quit"), "Ctrl+Q")) cmds_.push(Cmd::Quit);
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
        {"memory", draw_memory},
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
        {"editor", draw_editor},
        {"containers", draw_containers},
        {"pool", draw_pool},
        {"sizing", draw_sizing},
        {"pipes", draw_pipe_buffers},
        {"event_loop", draw_event_loop},
        {"coroutines", draw_coroutines},
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
                                                          size_t cells, bool timeline_in_cells) {
    auto is_listed = [&](const std::string& id) {
        return std::find(listed.begin(), listed.end(), id) != listed.end();
    };
    // In the lesson's order (code first: it always takes the left column).
    std::vector<std::vector<std::string>> units;
    if (is_listed("code")) units.push_back({"code"});
    for (const std::string& id : listed)
        if (id != "code" && (id != "timeline" || timeline_in_cells) && id != "lesson" &&
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
            (id == "timeline" && is_listed(id)) || (p.picture && !is_listed(id)))
            continue;
        // (The editor goes beside the code view.)
        int rank = panel_rank(id == "editor" ? "code" : id), best = 0, best_d = 1 << 20;
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

void App::picture_taken(int w, int h, const std::vector<unsigned char>& rgb) {
    picture_wanted_ = false;
    std::string name = opts_.save_picture;
    if (name.empty()) {
        std::string stem =
            session_.loaded() ? fs::path(session_.path()).stem().string() : std::string("glassbox");
        name = fmt::format("{}-cycle{}.png", stem, session_.machine().now);
    }
    opts_.save_picture.clear();
    note(platform::save_picture(name, w, h, rgb));
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
    ui_.current_panel = "top";
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
        select |= id == "editor" && select_once_ == "editor";
        select |= std::find(opts_.show.begin(), opts_.show.end(), id) != opts_.show.end() &&
                  ImGui::GetFrameCount() < 3;
        std::string l = label + "###" + id;
        if (ImGui::BeginTabItem(l.c_str(), nullptr, select ? ImGuiTabItemFlags_SetSelected : 0)) {
            ui_.current_panel = id;
            if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows)) focused_panel_ = id;
            if (ImGui::BeginChild("body")) {
                draw(m, ui_, cmds_);
                note_overflow(ui_, id);
            }
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
                note_overflow(ui_, id);
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
        // A short screen (big text: under 20 lines below the controls) gets
        // no stacked tiles and no timeline strip: each tile is a full-height
        // column, the timeline a tab among them, the lesson column narrower.
        bool short_screen = h / ImGui::GetTextLineHeightWithSpacing() < 20.0f;
        float lesson_w = std::round(std::min(sz.x * 0.5f, std::max(sz.x * 0.3f, em * 20)));
        lesson_w = std::min(lesson_w, em * 38);
        if (short_screen) lesson_w = std::round(std::max(sz.x * 0.3f, em * 16));
        // Presenter mode (F6): no lesson text; the column keeps only the watches, narrower.
        if (presenter_) lesson_w = std::round(std::min(lesson_w, std::max(sz.x * 0.22f, em * 14)));
        float rest_w = sz.x - lesson_w;
        int fit = std::clamp(static_cast<int>(rest_w / (em * (short_screen ? 15 : 20))), 1, 3);
        const auto& listed = lesson->panels;
        bool code_first = std::find(listed.begin(), listed.end(), "code") != listed.end();
        auto cells_for = [&](int cols) {
            if (short_screen) return static_cast<size_t>(cols);
            return static_cast<size_t>(code_first && cols >= 2 ? 2 * cols - 1 : 2 * cols);
        };
        size_t wanted = 0;
        for (const gb::PanelInfo& p : gb::panel_table())
            if (std::find(listed.begin(), listed.end(), p.id) != listed.end() &&
                (p.id != "timeline" || short_screen) && p.id != "lesson" && p.id != "watches")
                ++wanted;
        // As few columns as hold every listed panel, but code gets its own column when it fits.
        int cols = code_first && wanted >= 2 && fit >= 2 ? 2 : 1;
        while (cols < fit && cells_for(cols) < wanted)
            ++cols;
        auto units = lesson_cells(listed, cells_for(cols), short_screen);
        bool timeline =
            !short_screen && std::find(listed.begin(), listed.end(), "timeline") != listed.end();
        float mid_h = timeline ? h - tl_h : h;

        // The watches under the lesson text, as tall as their rows (at most half the column).
        // A short screen has no room for both in one column (the text kept one or
        // two lines at x3): the text takes the whole column, the watches go under
        // the tiles, across their width, one line each (the last writer on hover),
        // at most 55% of the height: the tile above keeps the rest.
        bool watches_right = short_screen && !presenter_;
        float watch_max = presenter_ ? h : h * (watches_right ? 0.55f : 0.5f);
        ui_.watches.max_h = watch_max - ImGui::GetFrameHeightWithSpacing() - st.WindowPadding.y * 2;
        if (watches_right) ui_.watches.max_h = 1; // compact
        float watch_h =
            std::clamp(ui_.watches.content_h + st.WindowPadding.y * 2,
                       ImGui::GetFrameHeightWithSpacing() * (watches_right ? 2 : 3), watch_max);
        if (presenter_)
            watch_h = h;
        else
            area("###larea_lesson", ImVec2(p0.x, y0),
                 ImVec2(lesson_w, watches_right ? h : h - watch_h), 0,
                 [&] { tab("lesson", front_lesson_tabs); });
        if (watches_right) {
            mid_h = h - watch_h;
            pane("###larea_watches", "watches", ImVec2(p0.x + lesson_w, y0 + mid_h),
                 ImVec2(rest_w, watch_h));
        } else {
            pane("###larea_watches", "watches", ImVec2(p0.x, y0 + h - watch_h),
                 ImVec2(lesson_w, watch_h));
        }
        // Columns: the first holds code alone (full height) when the lesson shows
        // code and there is more than one column; otherwise two cells stacked.
        size_t u = 0;
        float col_w = std::round(rest_w / static_cast<float>(cols));
        for (int c = 0; c < cols && u < units.size(); ++c) {
            size_t here = (c == 0 && code_first && cols >= 2) || short_screen
                              ? 1
                              : std::min<size_t>(2, units.size() - u);
            // The last column takes what is left (when fewer cells than units would fit).
            float x = p0.x + lesson_w + col_w * static_cast<float>(c);
            float w = c + 1 == cols ? p0.x + sz.x - x : col_w;
            // Stacked cells share the height by what their front panel needs
            // (the CPU panel is short, the address-space picture tall).
            auto weight = [](const std::string& id) {
                return id == "cpu"             ? 0.9f
                       : id == "address_space" ? 1.5f
                       : id == "processes"     ? 1.2f
                       : id == "containers"    ? 3.5f
                       : id == "pool"          ? 1.3f
                       : id == "coroutines"    ? 1.6f
                       : id == "pipes"         ? 1.5f
                       : id == "event_loop"    ? 1.6f
                       : id == "console"       ? 0.8f
                                               : 1.0f;
            };
            float total = 0;
            for (size_t k = 0; k < here; ++k)
                total += weight(units[u + k].front());
            // What a cell needs to make its point: its tab bar and a few lines; the
            // event log its toolbar (two lines when narrow), its header and five rows.
            float row = ImGui::GetTextLineHeightWithSpacing();
            float frame = ImGui::GetFrameHeightWithSpacing();
            auto least = [&](const std::string& front) {
                float chrome = st.WindowPadding.y * 2 + frame;
                return front == "event_log" ? chrome + frame * 2 + row * 6 : chrome + row * 3;
            };
            std::vector<float> heights;
            for (size_t k = 0; k < here; ++k)
                heights.push_back(std::round(mid_h * weight(units[u + k].front()) / total));
            // A cell under its least height takes it from the others, each down to its own.
            for (size_t k = 0; k < here; ++k) {
                float need = std::min(least(units[u + k].front()), mid_h * 0.7f) - heights[k];
                for (size_t o = 0; o < here && need > 0; ++o) {
                    if (o == k) continue;
                    float give = std::clamp(heights[o] - least(units[u + o].front()), 0.0f, need);
                    heights[o] -= give;
                    heights[k] += give;
                    need -= give;
                }
            }
            float y = y0;
            for (size_t k = 0; k < here; ++k, ++u) {
                std::string id = "###larea_" + std::to_string(u);
                float hh = k + 1 == here ? y0 + mid_h - y : heights[k];
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
            tab("editor", false);
            tab("lesson", false);
            tab("errors", false);
        });
        area("###area_cpu", ImVec2(p0.x + wl, y0), ImVec2(wm, cpu_h), 0,
             [&] { tab("cpu", false); });
        area("###area_memory", ImVec2(p0.x + wl, y0 + cpu_h), ImVec2(wm, mid_h - cpu_h), 0, [&] {
            tab("address_space", false);
            tab("memory", false);
        });
        area("###area_procs", ImVec2(p0.x + wl + wm, y0), ImVec2(wr, procs_h), 0, [&] {
            for (const char* id : {"processes", "scheduler", "sync", "io"})
                tab(id, false);
        });
        area("###area_output", ImVec2(p0.x + wl + wm, y0 + procs_h), ImVec2(wr, mid_h - procs_h), 0,
             [&] {
                 tab("console", false);
                 tab("event_log", false);
                 if (!session_.watches().empty() || !session_.watchpoints().empty())
                     tab("watches", false);
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
            tab("editor", false);
            tab("lesson", false);
            tab("errors", false);
        });
        area("###area_cpu", ImVec2(p0.x + wl, y0), ImVec2(wr, cpu_h), 0, [&] {
            for (const char* id : {"cpu", "processes", "scheduler"})
                tab(id, false);
        });
        area("###area_memory", ImVec2(p0.x + wl, y0 + cpu_h), ImVec2(wr, mid_h - cpu_h), 0, [&] {
            for (const char* id : {"address_space", "memory", "console", "event_log", "sync", "io"})
                tab(id, false);
            if (!session_.watches().empty() || !session_.watchpoints().empty())
                tab("watches", false);
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
                                     {"Ctrl+Shift+F10", "Reverse step over"},
                                     {"Ctrl+F10", "Run to the selected line"},
                                     {"F9", "Toggle a breakpoint on the selected line"},
                                     {"Ctrl+O", "Open a program"},
                                     {"Ctrl+R", "Reload the program"},
                                     {"Ctrl+Q", "Quit (unsaved edits: asked first)"},
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

} // namespace gui
