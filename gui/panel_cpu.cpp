// [SECTION] CPU: per core the PC, the instruction register decoded in
// words, the fetch → decode → execute phase, the registers (the ones the
// last instruction changed flash), the flags and the running thread.
#include "theme.h"
#include "ui.h"

#include "teach/instr_words.h"
#include "teach/trace.h"

#include <algorithm>

namespace gui {

namespace {

constexpr double kFlashSeconds = 1.2;

void phase_boxes(const UiState& ui, bool running_slowly) {
    const char* names[3] = {tr("fetch"), tr("decode"), tr("execute")};
    int active = -1;
    if (running_slowly && ui.phase >= 0)
        active = std::clamp(static_cast<int>(ui.phase * 3.0), 0, 2);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int i = 0; i < 3; ++i) {
        if (i) {
            ImGui::SameLine();
            ImGui::TextUnformatted("→");
            ImGui::SameLine();
        }
        ImVec2 sz = ImGui::CalcTextSize(names[i]);
        ImVec2 pad = ImGui::GetStyle().FramePadding;
        ImVec2 p = ImGui::GetCursorScreenPos();
        ImVec2 q(p.x + sz.x + pad.x * 2, p.y + sz.y + pad.y * 2);
        bool on = i == active;
        ImVec4 fill = on ? colour_changed() : ImGui::GetStyleColorVec4(ImGuiCol_FrameBg);
        dl->AddRectFilled(p, q, ImGui::GetColorU32(fill), 3);
        dl->AddRect(p, q, ImGui::GetColorU32(ImGuiCol_Border), 3);
        ImVec4 text = on ? ImVec4(0, 0, 0, 1) : ImGui::GetStyleColorVec4(ImGuiCol_Text);
        dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), ImGui::GetColorU32(text), names[i]);
        ImGui::Dummy(ImVec2(q.x - p.x, q.y - p.y));
    }
}

} // namespace

void draw_cpu(const gb::Machine& m, UiState& ui, Commands&) {
    ui.visible("cpu");
    if (m.processes.empty()) {
        hint(tr("No program is loaded."));
        return;
    }
    const gb::Session& s = *ui.session;
    bool slowly = s.running() && !ui.settings->speed_max && ui.settings->speed <= 4;
    for (const gb::Core& c : m.cores) {
        ImGui::PushID(c.index);
        auto ci = static_cast<size_t>(c.index);
        // Header: core, running thread, PC.
        ImGui::TextColored(colour_changed(), "%s %d", tr("Core"), c.index);
        ImGui::SameLine();
        if (c.tid) {
            thread_chip(c.tid);
            ImGui::SameLine();
            const gb::Thread& t = m.thread(c.tid);
            // Pieces that move to the next line when the panel is narrow.
            ImGui::TextUnformatted(t.name.c_str());
            flow_text(fmt::format("· {} {}", tr("process"), t.pid));
            flow_text(fmt::format("· PC 0x{:05x}", c.ctx.pc));
        } else {
            ImGui::TextColored(colour_dim(), "%s",
                               c.parked || m.all_done() ? tr("idle (no thread ready)")
                                                        : tr("switching threads"));
        }
        flow_text(fmt::format("· {} {}", tr("clock"), c.clock), colour_dim());

        // The instruction register: the word fetched by the last step, in words.
        int pid = c.tid ? m.thread(c.tid).pid : gb::view::focus_pid(m);
        if (c.busy_cycles > 0) {
            std::string dis =
                c.last.kind == gb::StepKind::Fault && c.last.fault == gb::Fault::IllegalInstruction
                    ? fmt::format(".word {:#010x}", c.last.word)
                    : gb::disassemble_at(m, pid, c.last.word);
            ImGui::Text("%s 0x%08x", tr("IR"), c.last.word);
            tooltip(tr("The instruction register holds the word fetched from memory at the PC."));
            flow_text(dis, colour_changed());
            if (ImGui::IsItemHovered()) instruction_tooltip(c.last.word, dis);
            if (auto in = gb::decode(c.last.word))
                flow_text("= " + gb::instruction_words(*in, words_lang(), false), colour_dim());
            if (c.last.kind == gb::StepKind::Fault) {
                ImGui::PushTextWrapPos(0.0f);
                ImGui::TextColored(colour_fault(), "%s: %s (0x%05x)", tr("fault"),
                                   fault_text(c.last.fault), c.last.fault_addr);
                ImGui::PopTextWrapPos();
            }
        } else {
            ImGui::TextColored(colour_dim(), "%s —", tr("IR"));
        }

        // The next instruction, and where the core is in its cycle.
        if (c.tid) {
            uint32_t word = 0;
            ImGui::TextUnformatted(tr("next:"));
            if (m.process(m.thread(c.tid).pid).mem.peek32(c.ctx.pc, word)) {
                std::string dis = gb::disassemble_at(m, m.thread(c.tid).pid, word);
                flow_text(dis);
                if (ImGui::IsItemHovered()) instruction_tooltip(word, dis);
            } else {
                flow_text(tr("(PC is outside mapped memory)"), colour_fault());
            }
            float pw = 0;
            for (const char* n : {tr("fetch"), tr("decode"), tr("execute")})
                pw += ImGui::CalcTextSize(n).x;
            pw += ImGui::GetFontSize() * 7;
            if (ImGui::GetItemRectMax().x + pw <
                ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
                ImGui::SameLine(0, ImGui::GetFontSize());
            phase_boxes(ui, slowly);
        }

        // Registers: a grid, the just-changed ones highlighted and fading.
        auto rows = gb::view::core_register_rows(m, c.index);
        bool fl_changed = gb::view::flags_changed(m, c.index);
        ui.cpu.fit(m.cores.size());
        if (ui.cpu.core_seen[ci] != c.busy_cycles + 1) {
            // A new instruction ran on this core: start the flashes.
            ui.cpu.core_seen[ci] = c.busy_cycles + 1;
            for (const auto& r : rows)
                if (r.changed) ui.cpu.reg_flash[ci][r.reg] = ui.now_s;
            if (fl_changed) ui.cpu.reg_flash[ci][gb::kNumRegs] = ui.now_s;
        }
        float avail = ImGui::GetContentRegionAvail().x;
        float cell = ImGui::GetFontSize() * 5.6f;
        int cols = avail / cell >= 8 ? 8 : avail / cell >= 4 ? 4 : 2;
        if (c.tid && ImGui::BeginTable("regs", cols,
                                       ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg |
                                           ImGuiTableFlags_SizingStretchSame)) {
            for (const auto& r : rows) {
                ImGui::TableNextColumn();
                double age =
                    ui.cpu.reg_flash[ci][r.reg] > 0 ? ui.now_s - ui.cpu.reg_flash[ci][r.reg] : 1e9;
                bool flash = r.changed || age < kFlashSeconds;
                if (flash) {
                    // Bright right after the change, fading to a steady tint.
                    float a = age < kFlashSeconds
                                  ? 0.6f - 0.4f * static_cast<float>(age / kFlashSeconds)
                                  : 0.2f;
                    ImVec4 bg = colour_changed();
                    bg.w = a;
                    ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, ImGui::GetColorU32(bg));
                }
                ImGui::TextColored(colour_dim(), "%-3s", r.name.c_str());
                ImGui::SameLine();
                if (r.reg == gb::SP || r.reg == gb::FP || r.reg == gb::TP)
                    ImGui::Text("0x%05x", r.value);
                else
                    ImGui::Text("%d", static_cast<int32_t>(r.value));
                if (ImGui::IsItemHovered()) {
                    std::string tip =
                        trf("{}: {} (0x{:08x})", r.name, static_cast<int32_t>(r.value), r.value);
                    if (r.changed)
                        tip +=
                            "\n" + trf("changed by the last instruction: {} → {}",
                                       static_cast<int32_t>(r.old), static_cast<int32_t>(r.value));
                    ImGui::SetTooltip("%s", tip.c_str());
                }
            }
            end_table(ui);
            // Flags.
            ImGui::TextColored(colour_dim(), "%s", tr("flags"));
            ImGui::SameLine();
            const gb::Flags& f = c.ctx.flags;
            ImVec4 fc =
                fl_changed || (ui.now_s - ui.cpu.reg_flash[ci][gb::kNumRegs] < kFlashSeconds)
                    ? colour_changed()
                    : ImGui::GetStyleColorVec4(ImGuiCol_Text);
            ImGui::TextColored(fc, "Z=%d N=%d C=%d", f.z, f.n, f.c);
            tooltip(tr("Z: equal (or the compare-and-swap happened) · N: less than, signed · C: "
                       "below, unsigned. Set by cmp and cas."));
        }
        ImGui::Separator();
        ImGui::PopID();
    }
}

} // namespace gui
