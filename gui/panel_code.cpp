// [SECTION] Code: the disassembly of the shown process's code with
// addresses, labels and source lines; a PC marker per core in the colour of
// its thread (hollow markers for the other threads' saved PCs); breakpoints
// in the gutter; a tooltip from the ISA table on every instruction.
#include "ui.h"

#include <algorithm>
#include <filesystem>

namespace gui {

namespace {

void pc_marker(ImDrawList* dl, ImVec2 p, float h, ImU32 col, bool filled) {
    ImVec2 a(p.x + h * 0.1f, p.y + h * 0.15f), b(p.x + h * 0.1f, p.y + h * 0.85f),
        c(p.x + h * 0.75f, p.y + h * 0.5f);
    if (filled)
        dl->AddTriangleFilled(a, b, c, col);
    else
        dl->AddTriangle(a, b, c, col, std::max(1.5f, h * 0.09f));
}

} // namespace

void draw_code(const gb::Machine& m, UiState& ui, Commands& out) {
    ui.visible("code");
    int pid = shown_pid(m, ui);
    const gb::Image* img = pid > 0 ? m.process(pid).image.get() : nullptr;
    if (!img) {
        hint(tr("No program is loaded. Open one with File → Open… (Ctrl+O), or drop a .s file on "
                "the window."));
        return;
    }
    if (ui.code_image != img) {
        ui.code_rows = gb::view::code_rows(*img);
        ui.code_image = img;
        ui.scroll_to_pc = true;
    }
    const auto& rows = ui.code_rows;

    // Header: which process, follow PC.
    if (m.processes.size() > 1) {
        ImGui::TextUnformatted(tr("process"));
        ImGui::SameLine();
        std::string cur =
            ui.selected_pid ? fmt::format("{} {}", ui.selected_pid, m.process(ui.selected_pid).name)
                            : std::string(tr("follow core 0"));
        // As wide as its text (the list's own frame would cut it), at most the line.
        ImGui::SetNextItemWidth(std::min(ImGui::CalcTextSize(cur.c_str()).x +
                                             ImGui::GetFrameHeight() +
                                             ImGui::GetStyle().FramePadding.x * 2,
                                         ImGui::GetContentRegionAvail().x));
        if (ImGui::BeginCombo("##codepid", cur.c_str())) {
            if (ImGui::Selectable(tr("follow core 0"), ui.selected_pid == 0)) ui.selected_pid = 0;
            for (const gb::Process& p : m.processes)
                if (ImGui::Selectable(fmt::format("{} {}", p.pid, p.name).c_str(),
                                      ui.selected_pid == p.pid))
                    ui.selected_pid = p.pid;
            ImGui::EndCombo();
        }
        same_line_if(check_width(tr("follow PC")) + ImGui::CalcTextSize(" (?)").x +
                     ImGui::GetStyle().ItemSpacing.x);
    }
    ImGui::Checkbox(tr("follow PC"), &ui.follow_pc);
    ImGui::SameLine();
    ImGui::TextColored(colour_dim(), "(?)");
    tooltip(tr("Click the gutter to set a breakpoint; click a line to select it (Run to cursor, "
               "F9); right-click for more."));

    // Where each thread of this process is: running ones on a core (filled
    // marker), the others at their saved PC (hollow marker).
    struct Mark {
        uint32_t pc;
        int tid;
        bool running;
    };
    std::vector<Mark> marks;
    const gb::Process& proc = m.process(pid);
    for (int tid : proc.threads) {
        const gb::Thread& t = m.thread(tid);
        if (t.state == gb::ThreadState::Done) continue;
        marks.push_back({m.context_of(tid).pc, tid, t.core >= 0});
    }
    uint32_t follow_addr = 0;
    bool have_follow = false;
    for (const gb::Core& c : m.cores)
        if (c.tid && m.thread(c.tid).pid == pid) {
            follow_addr = c.ctx.pc;
            have_follow = true;
            break;
        }
    if (!have_follow && !marks.empty()) {
        follow_addr = marks.front().pc;
        have_follow = true;
    }
    if (m.instructions != ui.last_seen_instructions) {
        ui.last_seen_instructions = m.instructions;
        if (ui.follow_pc) ui.scroll_to_pc = true;
    }

    ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                            ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                            ImGuiTableFlags_SizingFixedFit;
    float fs = ImGui::GetFontSize();
    // The source column only while there is room for some of it (its lines
    // are shortened, in full on hover); the instruction is what the CPU runs.
    bool with_source = ImGui::GetContentRegionAvail().x > fs * 24;
    if (!ImGui::BeginTable("code", with_source ? 5 : 4, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(
        "##bp", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_NoResize, fs * 1.1f);
    ImGui::TableSetupColumn("##pc", ImGuiTableColumnFlags_WidthFixed, fs * 1.6f);
    ImGui::TableSetupColumn(tr("address"), ImGuiTableColumnFlags_WidthFixed);
    float instr_w = ImGui::CalcTextSize(tr("instruction")).x;
    for (const auto& r : rows)
        instr_w = std::max(instr_w, ImGui::CalcTextSize(r.text.c_str()).x);
    if (with_source) {
        ImGui::TableSetupColumn(tr("instruction"), ImGuiTableColumnFlags_WidthFixed,
                                std::min(instr_w, fs * 14));
        ImGui::TableSetupColumn(tr("source"), ImGuiTableColumnFlags_WidthStretch);
    } else {
        ImGui::TableSetupColumn(tr("instruction"), ImGuiTableColumnFlags_WidthStretch);
    }
    ImGui::TableHeadersRow();

    float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
    // Labels get a row of their own, as in a listing: count display rows.
    std::vector<int> first_display(rows.size());
    int display = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].label.empty()) ++display;
        first_display[i] = display++;
    }
    std::vector<int> display_to_row(static_cast<size_t>(display), -1);
    for (size_t i = 0; i < rows.size(); ++i) {
        display_to_row[static_cast<size_t>(first_display[i])] = static_cast<int>(i);
        if (!rows[i].label.empty())
            display_to_row[static_cast<size_t>(first_display[i] - 1)] = -2 - static_cast<int>(i);
    }

    if (ui.code_jump) {
        follow_addr = *ui.code_jump;
        have_follow = true;
        ui.scroll_to_pc = true;
        ui.code_jump.reset();
    }
    if (ui.scroll_to_pc && have_follow) {
        int r = gb::view::row_of(rows, follow_addr);
        if (r >= 0) {
            float y = static_cast<float>(first_display[static_cast<size_t>(r)]) * row_h;
            float top = ImGui::GetScrollY(), vis = ImGui::GetWindowHeight() - row_h * 2;
            if (y < top || y > top + vis - row_h)
                ImGui::SetScrollY(std::max(0.0f, y - vis * 0.35f));
        }
        ui.scroll_to_pc = false;
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGuiListClipper clipper;
    clipper.Begin(display, row_h);
    while (clipper.Step()) {
        for (int d = clipper.DisplayStart; d < clipper.DisplayEnd; ++d) {
            int ri = display_to_row[static_cast<size_t>(d)];
            ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
            if (ri <= -2) { // a label line
                const auto& lr = rows[static_cast<size_t>(-2 - ri)];
                ImGui::TableSetColumnIndex(3);
                fit_text(lr.label + ":", colour_ok());
                continue;
            }
            const gb::view::CodeRow& r = rows[static_cast<size_t>(ri)];
            ImGui::PushID(ri);
            bool bp = ui.session->has_breakpoint(r.addr);
            bool selected = ui.cursor && *ui.cursor == r.addr;
            bool at_pc = false;
            for (const Mark& mk : marks)
                at_pc |= mk.running && mk.pc == r.addr;

            // Gutter: the breakpoint dot.
            ImGui::TableSetColumnIndex(0);
            ImVec2 p = ImGui::GetCursorScreenPos();
            float h = ImGui::GetTextLineHeight();
            if (ImGui::InvisibleButton("bp", ImVec2(fs * 1.0f, h))) out.toggle_breakpoint(r.addr);
            if (bp)
                dl->AddCircleFilled(ImVec2(p.x + h * 0.5f, p.y + h * 0.5f), h * 0.32f,
                                    ImGui::GetColorU32(colour_fault()));
            else if (ImGui::IsItemHovered())
                dl->AddCircle(ImVec2(p.x + h * 0.5f, p.y + h * 0.5f), h * 0.32f,
                              ImGui::GetColorU32(colour_fault()));
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("Toggle a breakpoint here"));

            // PC markers, one per thread at this address.
            ImGui::TableSetColumnIndex(1);
            p = ImGui::GetCursorScreenPos();
            float x = p.x;
            for (const Mark& mk : marks)
                if (mk.pc == r.addr) {
                    pc_marker(dl, ImVec2(x, p.y), h, thread_colour(mk.tid), mk.running);
                    x += h * 0.55f;
                }
            if (at_pc)
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1,
                                       ImGui::GetColorU32(ImGuiCol_Header, 0.55f));

            ImGui::TableSetColumnIndex(2);
            if (ImGui::Selectable(fmt::format("0x{:05x}", r.addr).c_str(), selected,
                                  ImGuiSelectableFlags_SpanAllColumns |
                                      ImGuiSelectableFlags_AllowItemOverlap))
                ui.cursor = r.addr;
            if (ImGui::BeginPopupContextItem("row")) {
                ui.cursor = r.addr;
                if (ImGui::MenuItem(tr("Run to here"), "Ctrl+F10")) out.run_to(r.addr);
                if (ImGui::MenuItem(bp ? tr("Remove breakpoint") : tr("Set breakpoint"), "F9"))
                    out.toggle_breakpoint(r.addr);
                // The globals this line names: watch one, or pin it to the watches.
                std::vector<std::string> globals = gb::globals_named_in(r.source, *img);
                for (const std::string& g : gb::globals_named_in(r.text, *img))
                    if (std::find(globals.begin(), globals.end(), g) == globals.end())
                        globals.push_back(g);
                if (!globals.empty()) ImGui::Separator();
                for (const std::string& g : globals)
                    if (ImGui::BeginMenu(trf("Watch {}", g).c_str())) {
                        watch_menu(g, ui, out);
                        ImGui::Separator();
                        if (ImGui::MenuItem(tr("Pin to the watches"))) out.pin(g);
                        ImGui::EndMenu();
                    }
                ImGui::EndPopup();
            }
            bool hovered = ImGui::IsItemHovered();
            ImGui::TableSetColumnIndex(3);
            ImGui::TextUnformatted(fit_label(r.text, ImGui::GetContentRegionAvail().x).c_str());
            if (hovered || ImGui::IsItemHovered()) instruction_tooltip(r.word, r.text);
            if (with_source && !r.source.empty()) {
                ImGui::TableSetColumnIndex(4);
                std::string at = fmt::format("{:3d}", r.line);
                if (r.file > 0 && r.file < static_cast<int>(img->files.size()))
                    at = fmt::format(
                        "{}:{}",
                        std::filesystem::path(img->files[static_cast<size_t>(r.file)].path)
                            .filename()
                            .string(),
                        r.line);
                // A narrow column keeps the line number and drops the file's name.
                float fs_now = ImGui::GetFontSize();
                if (ImGui::CalcTextSize(at.c_str()).x + fs_now * 4 >
                    ImGui::GetContentRegionAvail().x)
                    at = fmt::format("{:3d}", r.line);
                ImGui::TextColored(colour_dim(), "%s", at.c_str());
                ImGui::SameLine();
                fit_text(r.source);
            }
            ImGui::PopID();
        }
    }
    end_table(ui);
}

} // namespace gui
