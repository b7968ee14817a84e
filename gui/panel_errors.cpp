// [SECTION] Assembler errors (every one, with line and column; clicking one
// shows its line in context) and the banners over the panels: a guest fault
// (fault, thread, PC, address, source line), a failed load, a stop reason.
#include "theme.h"
#include "ui.h"

#include <algorithm>
#include <filesystem>

namespace gui {

void draw_errors(const gb::Machine&, UiState& ui, Commands& out) {
    ui.visible("errors");
    const gb::Session& s = *ui.session;
    const auto& errs = s.errors();
    if (errs.empty()) {
        ImGui::TextColored(colour_ok(), "%s", tr("No assembler errors."));
        return;
    }
    ImGui::TextColored(colour_fault(), "%s",
                       trf("{} errors in {}", errs.size(), s.error_path()).c_str());
    if (s.loaded()) {
        ImGui::SameLine();
        hint(trf("(still running the previous program: {})",
                 std::filesystem::path(s.path()).filename().string())
                 .c_str());
    }
    if (ImGui::Button(tr("Reload (Ctrl+R)"))) out.push(Cmd::Reload);
    ImGui::SameLine();
    hint(tr("Fix the file and save it: it reloads by itself."));
    ImGui::Separator();

    float list_h = std::min(
        ImGui::GetContentRegionAvail().y * 0.5f,
        (ImGui::GetTextLineHeightWithSpacing() * 2.2f) * static_cast<float>(errs.size()) + 4);
    if (ImGui::BeginChild("errlist", ImVec2(0, list_h), false)) {
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(errs.size()));
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const gb::AsmError& e = errs[static_cast<size_t>(i)];
                ImGui::PushID(i);
                std::string where =
                    fmt::format("{}:{}:{}", std::filesystem::path(e.file).filename().string(),
                                e.line, e.column);
                if (ImGui::Selectable(where.c_str(), ui.selected_error == i)) ui.selected_error = i;
                ImGui::SameLine();
                ImGui::TextColored(colour_fault(), "%s", e.message.c_str());
                ImGui::PopID();
            }
    }
    ImGui::EndChild();
    if (ui.selected_error < 0 || ui.selected_error >= static_cast<int>(errs.size()))
        ui.selected_error = 0;

    // The selected error's line in context, with a caret under the column.
    const gb::AsmError& e = errs[static_cast<size_t>(ui.selected_error)];
    ImGui::Separator();
    ImGui::TextUnformatted(trf("{}, line {}, column {}", e.file, e.line, e.column).c_str());
    if (ImGui::BeginChild("errsrc", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar)) {
        int from = std::max(1, e.line - 4), to = e.line + 4;
        for (int ln = from; ln <= to; ++ln) {
            std::string text = gb::Session::line_of_file(e.file, ln);
            if (text.empty() && ln > e.line) break;
            for (auto& ch : text)
                if (ch == '\t') ch = ' ';
            bool here = ln == e.line;
            ImVec4 col = here ? colour_fault() : ImGui::GetStyleColorVec4(ImGuiCol_Text);
            ImGui::TextColored(colour_dim(), "%4d |", ln);
            ImGui::SameLine();
            ImGui::TextColored(col, "%s", text.c_str());
            if (here && e.column > 0) {
                std::string caret(static_cast<size_t>(e.column - 1), ' ');
                caret += std::string(std::max<size_t>(1, std::min<size_t>(e.text.size(), 60)), '^');
                ImGui::TextColored(colour_dim(), "     |");
                ImGui::SameLine();
                ImGui::TextColored(colour_fault(), "%s", caret.c_str());
                ImGui::SameLine();
                ImGui::TextColored(colour_fault(), " %s", e.message.c_str());
                ImGui::SetScrollHereY(0.5f);
            }
        }
    }
    ImGui::EndChild();
}

namespace {

// A full-width coloured strip with text and an optional button.
bool banner(UiState& ui, const char* id, ImVec4 bg, const std::string& text, const char* button) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, bg);
    ImGui::PushStyleColor(ImGuiCol_Text, palette().banner_text);
    // As tall as the text wrapped beside the button: a long reason (a limit
    // and its Config name) takes two lines and must not be cut off.
    const ImGuiStyle& st = ImGui::GetStyle();
    float bw = button ? ImGui::CalcTextSize(button).x + st.FramePadding.x * 2 : 0;
    float wrap = std::max(ImGui::GetContentRegionAvail().x - st.WindowPadding.x * 2 - bw - 8,
                          ImGui::GetFontSize() * 8);
    float h = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap).y + st.WindowPadding.y * 2;
    bool pressed = false;
    if (ImGui::BeginChild(id, ImVec2(0, h), false,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_AlwaysUseWindowPadding)) {
        ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x - bw - 8);
        ImGui::TextUnformatted(text.c_str());
        record_item(ui, "banner_text", id); // inside its strip (the fit tests)
        ImGui::PopTextWrapPos();
        if (button) {
            ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - bw);
            pressed = ImGui::Button(button);
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleColor(2);
    return pressed;
}

} // namespace

void draw_banners(const gb::Machine& m, UiState& ui, Commands& out) {
    const gb::Session& s = *ui.session;
    const Palette& pal = palette();
    if (!s.errors().empty()) {
        ui.banners_visible.insert("errors");
        std::string t = trf("{} assembler errors in {}.", s.errors().size(),
                            std::filesystem::path(s.error_path()).filename().string());
        if (s.loaded())
            t += " " + trf("The previous program ({}) is still loaded.",
                           std::filesystem::path(s.path()).filename().string());
        const gb::AsmError& e = s.errors().front();
        t += "\n" + trf("First: line {}, column {}: {}", e.line, e.column, e.message);
        if (banner(ui, "##errbanner", pal.banner_error, t, tr("Show errors")))
            ui.select_errors_tab = true;
    }
    const gb::FaultReport& f = m.last_fault;
    if (f.fault != gb::Fault::None) {
        ui.banners_visible.insert("fault");
        std::string t = gb::fault_banner_text(m, f, words_lang());
        if (banner(ui, "##faultbanner", pal.banner_fault, t, tr("Show line"))) {
            ui.cursor = f.pc;
            ui.selected_pid = f.pid;
            ui.scroll_to_pc = false;
            ui.select_code_tab = true;
            ui.code_jump = f.pc;
        }
    }
    if (s.last_stop() == gb::StopReason::Deadlock) {
        ui.banners_visible.insert("deadlock");
        banner(ui, "##deadlock", pal.banner_fault,
               std::string(tr("Deadlock: every live thread waits and nothing can wake them.")) +
                   "\n" + gb::deadlock_report(m, words_lang()),
               nullptr);
    } else if (s.last_stop() == gb::StopReason::Paused) {
        ui.banners_visible.insert("stop");
        if (banner(ui, "##stopbanner", pal.banner_info,
                   m.stop_why.empty() ? std::string(tr("paused by the program"))
                                      : gb::stop_text(m, words_lang()),
                   tr("Continue (F5)")))
            out.push(Cmd::Run);
    } else if (s.last_stop() == gb::StopReason::Watchpoint) {
        ui.banners_visible.insert("watchpoint");
        std::string t = tr("Stopped at a watchpoint.");
        if (const auto& w = s.watch_stop()) {
            std::string what = w->hit.write
                                   ? trf("thread {} wrote {}: {} → {}", thread_label(m, w->tid),
                                         w->watch.name, static_cast<int32_t>(w->hit.old_value),
                                         static_cast<int32_t>(w->hit.new_value))
                                   : trf("thread {} read {}: {}", thread_label(m, w->tid),
                                         w->watch.name, static_cast<int32_t>(w->hit.old_value));
            t = trf("Stopped at the watchpoint “{}”: {}, cycle {}.",
                    watchpoint_description(w->watch), what, w->cycle);
            // "race.s:37: store r3, [count]": the file's name without its folders.
            std::string src = m.source_line(w->pid, w->pc);
            size_t slash = src.rfind('/', src.find(':'));
            if (slash != std::string::npos) src = src.substr(slash + 1);
            if (!src.empty()) t += "\n" + src;
        } else if (!s.travel_note().empty()) {
            t += " " + std::string(tr(s.travel_note().c_str())); // the session's note, worded
        }
        if (banner(ui, "##watchbanner", pal.banner_info, t, tr("Continue (F5)")))
            out.push(Cmd::Run);
    } else if (s.last_stop() == gb::StopReason::Breakpoint) {
        ui.banners_visible.insert("breakpoint");
        std::string t = tr("Stopped at a breakpoint.");
        for (const gb::Core& c : m.cores)
            if (c.tid && s.has_breakpoint(c.ctx.pc)) {
                t = trf("Stopped at a breakpoint: core {}, thread {}, PC 0x{:05x}", c.index,
                        thread_label(m, c.tid), c.ctx.pc);
                std::string src = m.source_line(m.thread(c.tid).pid, c.ctx.pc);
                if (!src.empty()) t += " — " + src;
                break;
            }
        if (banner(ui, "##bpbanner", pal.banner_info, t, tr("Continue (F5)"))) out.push(Cmd::Run);
    }
}

} // namespace gui
