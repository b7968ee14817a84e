// [SECTION] Memory: a region of the selected process as lines of four words
// in hex with the bytes as text (teach/memory_view.h), each thread's SP and
// PC marked in its colour, a go-to box (an address or a label), the last
// writer of a watched word on hover, and right-click to pin a global.
#include "ui.h"

#include "teach/memory_view.h"

#include <algorithm>

namespace gui {

namespace {

std::string address_error(gb::view::AddressError e, const std::string& what) {
    switch (e) {
    case gb::view::AddressError::None: return "";
    case gb::view::AddressError::Empty:
        return tr("Type an address (0x10040) or a label (count, count+8).");
    case gb::view::AddressError::NotNumber:
        return trf("'{}' is not a number: expected 0x10040 or 65600.", what);
    case gb::view::AddressError::BadOffset: return trf("'{}': expected a number after '+'.", what);
    case gb::view::AddressError::NoLabel: return trf("The program has no label '{}'.", what);
    }
    return "";
}

std::string region_title(const gb::Region& r) {
    return fmt::format("{} {} · 0x{:05x}–0x{:05x}", region_kind(r.kind),
                       r.tid ? fmt::format("t{}", r.tid) : std::string(), r.base, r.end());
}

// What hovering a word says: its address, label, value, marks and last writer.
std::string word_tip(const gb::Machine& m, const gb::view::MemoryWord& w) {
    std::string tip = fmt::format("0x{:05x}", w.addr);
    if (!w.symbol.empty()) tip += "  " + w.symbol;
    tip += "\n" + trf("value {} (0x{:08x})", static_cast<int32_t>(w.value), w.value);
    for (const gb::view::MemoryMark& mk : w.marks)
        tip += "\n" + (mk.pc ? trf("PC of {}", thread_label(m, mk.tid))
                             : trf("SP of {}", thread_label(m, mk.tid)));
    if (w.last) {
        std::string where = fmt::format("0x{:05x}", w.last->pc);
        const gb::Process& p = m.process(w.last->pid);
        if (auto loc = p.image ? p.image->line_of(w.last->pc) : std::nullopt)
            where = trf("line {}", loc->line);
        tip += "\n" + trf("last write: {} · {} · cycle {}", thread_label(m, w.last->tid), where,
                          w.last->cycle);
    } else if (w.watched) {
        tip += "\n" + std::string(tr("not written since it was watched"));
    } else {
        tip += "\n" + std::string(tr("writes are recorded for watched words: pin a global to "
                                     "see who wrote it"));
    }
    return tip;
}

} // namespace

void draw_memory(const gb::Machine& m, UiState& ui, Commands& out) {
    ui.visible("memory");
    MemoryUi& st = ui.memory;
    int pid = shown_pid(m, ui);
    if (pid <= 0 || m.processes.empty()) {
        hint(tr("No program is loaded."));
        return;
    }
    const gb::Process& p = m.process(pid);
    auto regions = gb::view::memory_regions(m, pid);
    if (regions.empty()) {
        hint(tr("(no data region)"));
        return;
    }
    // The region: the one asked for, else the data region, else the first.
    if (st.pid != pid ||
        std::find(regions.begin(), regions.end(), static_cast<size_t>(std::max(st.region, 0))) ==
            regions.end() ||
        st.region < 0) {
        st.pid = pid;
        st.region = static_cast<int>(regions.front());
        for (size_t r : regions)
            if (p.mem.regions[r].kind == gb::RegionKind::Data) st.region = static_cast<int>(r);
    }
    const gb::Region& shown = p.mem.regions[static_cast<size_t>(st.region)];

    // The region picker, then the go-to box.
    float fs = ImGui::GetFontSize();
    ImGui::TextUnformatted(trf("process {}", pid).c_str());
    same_line_if(fs * 10);
    float combo_w = std::min(fs * 16, ImGui::GetContentRegionAvail().x);
    ImGui::SetNextItemWidth(combo_w);
    // The list's own frame would cut its text: shortened here, in full when open.
    std::string preview = fit_label(region_title(shown), combo_w - ImGui::GetFrameHeight() -
                                                             ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::BeginCombo("##region", preview.c_str())) {
        for (size_t r : regions)
            if (ImGui::Selectable(region_title(p.mem.regions[r]).c_str(),
                                  static_cast<int>(r) == st.region)) {
                st.region = static_cast<int>(r);
                st.target.reset();
            }
        ImGui::EndCombo();
    }
    bool go = false;
    float go_w = ImGui::CalcTextSize(tr("Go")).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetNextItemWidth(
        std::max(fs * 4, std::min(fs * 10, ImGui::GetContentRegionAvail().x - go_w - fs)));
    go |= ImGui::InputTextWithHint("##goto", tr("address or label"), st.go_to, sizeof st.go_to,
                                   ImGuiInputTextFlags_EnterReturnsTrue);
    tooltip(tr("Go to an address (0x10040) or a label (count, count+8)"));
    ImGui::SameLine();
    go |= ImGui::Button(tr("Go"));
    if (go) {
        gb::view::AddressError err{};
        std::string what;
        auto addr = gb::view::parse_memory_address(m, pid, st.go_to, err, what);
        st.error = address_error(err, what);
        if (addr) {
            if (auto r = gb::view::region_at(m, pid, *addr)) {
                st.region = static_cast<int>(*r);
                st.target = *addr & ~3u;
                st.scroll = true;
            } else {
                st.error = trf("0x{:05x} is in no region of process {} (unmapped or a guard).",
                               *addr, pid);
            }
        }
    }
    if (!st.error.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(colour_fault(), "%s", st.error.c_str());
        ImGui::PopTextWrapPos();
    }

    // Four words a line, or two or one in a narrow panel.
    float word_w = ImGui::CalcTextSize("00000000").x + fs * 0.6f;
    float addr_w = ImGui::CalcTextSize("0x00000").x + fs * 0.4f;
    float cell_pad = ImGui::GetStyle().CellPadding.x * 2 + 2;
    float words_room =
        ImGui::GetContentRegionAvail().x - addr_w - cell_pad - ImGui::GetStyle().ScrollbarSize;
    uint32_t per_line = words_room >= 4 * (word_w + cell_pad)   ? 4
                        : words_room >= 2 * (word_w + cell_pad) ? 2
                                                                : 1;
    gb::view::MemoryView v =
        gb::view::memory_view(m, pid, static_cast<size_t>(st.region), 0, 4096, per_line);
    // The threads' SPs and PCs in this region, as chips to jump to.
    for (size_t i = 0; i < v.marks.size(); ++i) {
        const gb::view::MemoryMark& mk = v.marks[i];
        std::string label = fmt::format("{} t{} 0x{:05x}", mk.pc ? "PC" : "SP", mk.tid, mk.addr);
        float w = ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
        if (i > 0) same_line_if(w);
        ImGui::PushID(static_cast<int>(i));
        ImGui::PushStyleColor(ImGuiCol_Button, thread_colour_v(mk.tid, 0.45f));
        if (ImGui::SmallButton(label.c_str())) {
            st.target = mk.addr & ~3u;
            st.scroll = true;
        }
        ImGui::PopStyleColor();
        tooltip((mk.pc ? trf("PC of {}", thread_label(m, mk.tid))
                       : trf("SP of {}", thread_label(m, mk.tid)))
                    .c_str());
        ImGui::PopID();
    }

    // Columns by the room: the words always; the labels and the text while they fit.
    float text_w = ImGui::CalcTextSize(std::string(per_line * 4, '0').c_str()).x + fs * 0.4f;
    float room = words_room - (word_w + cell_pad) * static_cast<float>(per_line);
    bool with_labels = room > fs * 6 + cell_pad;
    bool with_text = room > text_w + cell_pad + (with_labels ? fs * 6 + cell_pad : 0);
    int ncols = 1 + static_cast<int>(per_line) + (with_labels ? 1 : 0) + (with_text ? 1 : 0);
    ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                            ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("mem", ncols, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("address"), ImGuiTableColumnFlags_WidthFixed, addr_w);
    const char* offsets[] = {"+0", "+4", "+8", "+c"};
    for (uint32_t k = 0; k < per_line; ++k)
        ImGui::TableSetupColumn(offsets[k], ImGuiTableColumnFlags_WidthFixed, word_w);
    if (with_text) ImGui::TableSetupColumn(tr("text"), ImGuiTableColumnFlags_WidthFixed, text_w);
    if (with_labels) ImGui::TableSetupColumn(tr("labels"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    float row_h = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
    if (st.scroll && st.target) {
        for (size_t i = 0; i < v.lines.size(); ++i)
            if (*st.target >= v.lines[i].addr && *st.target < v.lines[i].addr + 4 * per_line)
                ImGui::SetScrollY(std::max(0.0f, static_cast<float>(i) * row_h -
                                                     ImGui::GetWindowHeight() * 0.35f));
        st.scroll = false;
    }
    ImGuiListClipper clip;
    clip.Begin(static_cast<int>(v.lines.size()), row_h);
    while (clip.Step())
        for (int li = clip.DisplayStart; li < clip.DisplayEnd; ++li) {
            const gb::view::MemoryLine& line = v.lines[static_cast<size_t>(li)];
            ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
            ImGui::TableNextColumn();
            ImGui::TextColored(colour_dim(), "0x%05x", line.addr);
            std::string labels;
            for (size_t k = 0; k < per_line; ++k) {
                ImGui::TableNextColumn();
                if (k >= line.words.size()) continue;
                const gb::view::MemoryWord& w = line.words[k];
                if (!w.marks.empty())
                    ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg,
                                           thread_colour(w.marks.front().tid, 0.45f));
                else if (st.target && *st.target == w.addr)
                    ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg,
                                           ImGui::GetColorU32(ImGuiCol_Header));
                ImVec4 c = !w.symbol.empty() ? colour_ok()
                           : w.value == 0    ? colour_dim()
                                             : ImGui::GetStyleColorVec4(ImGuiCol_Text);
                ImGui::PushID(static_cast<int>(w.addr));
                ImGui::TextColored(c, "%08x", w.value);
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", word_tip(m, w).c_str());
                const gb::Symbol* sym =
                    p.image && !w.symbol.empty() ? p.image->find(w.symbol) : nullptr;
                bool pinnable = sym && sym->kind == gb::SymbolKind::Data;
                if (ImGui::BeginPopupContextItem("word")) {
                    std::string item = pinnable ? trf("Pin {} to the watches", w.symbol)
                                                : std::string(tr("Pin to the watches"));
                    if (ImGui::MenuItem(item.c_str(), nullptr, false, pinnable)) out.pin(w.symbol);
                    if (!pinnable) hint(tr("Only a global with a label can be pinned."));
                    ImGui::EndPopup();
                }
                ImGui::PopID();
                if (!w.symbol.empty()) labels += (labels.empty() ? "" : " ") + w.symbol;
            }
            if (with_text) {
                ImGui::TableNextColumn();
                ImGui::TextColored(colour_dim(), "%s", line.text.c_str());
            }
            if (with_labels) {
                ImGui::TableNextColumn();
                fit_text(labels, colour_ok());
            }
        }
    end_table(ui);
}

} // namespace gui
