// [SECTION] Address space: a picture of each process's regions (code,
// data, heap, each thread's stack and TLS), each thread's SP and PC marked
// in its colour, regions shared by all threads shaded differently from a
// thread's private ones; processes side by side (after a fork); below, the
// words of the data region with their symbols.
#include "theme.h"
#include "ui.h"

#include <algorithm>

namespace gui {

namespace {

ImVec4 region_colour(gb::RegionKind k) {
    const Palette& p = palette();
    switch (k) {
    case gb::RegionKind::Trampoline: return p.region_tramp;
    case gb::RegionKind::Code: return p.region_code;
    case gb::RegionKind::Data: return p.region_data;
    case gb::RegionKind::Heap: return p.region_heap;
    case gb::RegionKind::SharedLib: return p.region_lib;
    case gb::RegionKind::Stack: return p.region_stack;
    case gb::RegionKind::Guard: return p.region_guard;
    case gb::RegionKind::Tls: return p.region_tls;
    }
    return p.region_guard;
}

// Diagonal hatching over a rectangle (private regions).
void hatch(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float step) {
    dl->PushClipRect(a, b, true);
    float h = b.y - a.y;
    for (float x = a.x - h; x < b.x; x += step)
        dl->AddLine(ImVec2(x, b.y), ImVec2(x + h, a.y), col, 1.0f);
    dl->PopClipRect();
}

const char* sharing_name(gb::view::Sharing s) {
    switch (s) {
    case gb::view::Sharing::Threads: return tr("shared by all threads of the process");
    case gb::view::Sharing::Private: return tr("private to one thread");
    case gb::view::Sharing::Processes: return tr("shared between processes");
    }
    return "";
}

void draw_picture(const gb::Machine& m, UiState& ui, int pid, float width, float height) {
    float fs0 = ImGui::GetFontSize();
    gb::view::SpacePicture pic =
        gb::view::layout_address_space(m, pid, height > 0 ? fs0 * 1.05f / height : 0.f);
    const gb::Process& proc = m.process(pid);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float fs = ImGui::GetFontSize();
    std::string title = trf("process {} · {}", pid, proc.name);
    if (proc.exited)
        title += proc.fault.fault != gb::Fault::None ? " · " + std::string(tr("killed by a fault"))
                                                     : " · " + trf("exited ({})", proc.exit_code);
    ImGui::TextColored(proc.exited ? colour_dim() : colour_changed(), "%s", title.c_str());
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float marker_w =
        ImGui::CalcTextSize("PC t00").x + fs * 1.2f; // room on the right for SP/PC markers
    float box_w = std::max(fs * 6, width - marker_w);
    float addr_w = ImGui::CalcTextSize("0x00000").x;
    float x0 = origin.x + addr_w + fs * 0.4f, x1 = x0 + box_w - addr_w - fs * 0.4f;
    float y0 = origin.y, h = height;
    ImGui::InvisibleButton("pic", ImVec2(width, h));
    bool hovered = ImGui::IsItemHovered();
    ImVec2 mouse = ImGui::GetIO().MousePos;
    ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    ImU32 dark_text = ImGui::GetColorU32(current_theme() == Theme::Light ? ImVec4(0, 0, 0, 1)
                                                                         : ImVec4(1, 1, 1, 1));

    for (const auto& g : pic.gaps) {
        float a = y0 + g.y0 * h, b = y0 + g.y1 * h;
        dl->AddRect(ImVec2(x0, a), ImVec2(x1, b), ImGui::GetColorU32(ImGuiCol_Border, 0.5f));
        if (b - a > fs * 0.9f && x1 - x0 > fs * 5)
            dl->AddText(ImVec2(x0 + fs * 0.3f, (a + b - fs) * 0.5f),
                        ImGui::GetColorU32(colour_dim()), tr("unmapped"));
        if (hovered && mouse.y >= a && mouse.y < b && mouse.x < x1)
            ImGui::SetTooltip("%s", trf("unmapped 0x{:05x}–0x{:05x}: an access here faults", g.base,
                                        g.base + g.size)
                                        .c_str());
    }
    float last_addr_label = -1e9f;
    for (const auto& b : pic.boxes) {
        float a = y0 + b.y0 * h, e = y0 + b.y1 * h;
        ImVec4 fill = region_colour(b.kind);
        if (b.sharing == gb::view::Sharing::Private) fill.w = 0.55f;
        dl->AddRectFilled(ImVec2(x0, a), ImVec2(x1, e), ImGui::GetColorU32(fill));
        if (b.sharing == gb::view::Sharing::Private) {
            // A thread's private region: hatched, with its thread's colour on the left edge.
            hatch(dl, ImVec2(x0, a), ImVec2(x1, e), ImGui::GetColorU32(ImGuiCol_Text, 0.18f),
                  fs * 0.5f);
            dl->AddRectFilled(ImVec2(x0, a), ImVec2(x0 + fs * 0.35f, e), thread_colour(b.tid));
        } else if (b.sharing == gb::view::Sharing::Processes) {
            hatch(dl, ImVec2(x0, a), ImVec2(x1, e), ImGui::GetColorU32(ImGuiCol_Text, 0.35f),
                  fs * 0.3f);
        }
        dl->AddRect(ImVec2(x0, a), ImVec2(x1, e), ImGui::GetColorU32(ImGuiCol_Border));
        if (a - last_addr_label >= fs * 0.95f) {
            dl->AddText(ImVec2(origin.x, a), ImGui::GetColorU32(colour_dim()),
                        fmt::format("0x{:05x}", b.base + b.size).c_str());
            last_addr_label = a;
        }
        if (e - a >= fs * 0.95f) {
            std::string label = b.kind == gb::RegionKind::Guard ? std::string(tr("guard"))
                                : b.tid ? fmt::format("{} t{}", region_kind(b.kind), b.tid)
                                        : std::string(region_kind(b.kind));
            if (b.kind != gb::RegionKind::Guard) label += "  " + perms_text(b.perms);
            float tx = x0 + fs * 0.5f;
            if (tx + ImGui::CalcTextSize(label.c_str()).x > x1) {
                if (b.kind != gb::RegionKind::Guard)
                    label = b.tid ? fmt::format("{} t{}", region_kind(b.kind), b.tid)
                                  : std::string(region_kind(b.kind));
                // Still too wide: drop whole characters (UTF-8 safe) from the end.
                while (!label.empty() && tx + ImGui::CalcTextSize(label.c_str()).x > x1) {
                    size_t cut = label.size() - 1;
                    while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80)
                        --cut;
                    label.erase(cut);
                }
            }
            dl->AddText(ImVec2(tx, (a + e - fs) * 0.5f),
                        b.kind == gb::RegionKind::Guard ? ImGui::GetColorU32(colour_dim())
                                                        : dark_text,
                        label.c_str());
        }
        if (hovered && mouse.y >= a && mouse.y < e && mouse.x < x1) {
            std::string tip =
                fmt::format("{}  ({})\n0x{:05x}–0x{:05x}, {} {}\n{}: {}\n{}", b.name,
                            region_kind(b.kind), b.base, b.base + b.size, b.size, tr("bytes"),
                            tr("permissions"), perms_text(b.perms), sharing_name(b.sharing));
            if (b.kind == gb::RegionKind::Guard)
                tip += "\n" +
                       std::string(tr("unmapped on purpose: running off the stack faults here"));
            ImGui::SetTooltip("%s", tip.c_str());
        }
    }
    if (y0 + h - fs - last_addr_label >= fs * 0.95f)
        dl->AddText(ImVec2(origin.x, y0 + h - fs), ImGui::GetColorU32(colour_dim()), "0x00000");

    // SP and PC markers: an arrow from the right in the thread's colour.
    std::vector<float> used;
    for (const auto& mk : pic.markers) {
        float y = y0 + mk.y * h;
        float ty = y - fs * 0.5f;
        for (float u : used)
            if (std::abs(u - ty) < fs) ty = u + fs; // stack labels that would overlap
        used.push_back(ty);
        ImU32 col = thread_colour(mk.tid);
        dl->AddLine(ImVec2(x0, y), ImVec2(x1 + fs * 0.6f, y), col, mk.pc ? 2.5f : 2.0f);
        dl->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 + fs * 0.6f, y - fs * 0.35f),
                              ImVec2(x1 + fs * 0.6f, y + fs * 0.35f), col);
        std::string label = fmt::format("{} t{}", mk.pc ? "PC" : "SP", mk.tid);
        dl->AddText(ImVec2(x1 + fs * 0.8f, ty), col, label.c_str());
        (void)text_col;
    }
    (void)ui;
}

} // namespace

void draw_address_space(const gb::Machine& m, UiState& ui, Commands& out) {
    ui.visible("address_space");
    if (m.processes.empty()) {
        hint(tr("No program is loaded."));
        return;
    }
    // Live processes side by side (after a fork there are two); the newest
    // dead ones too, until there is no room.
    std::vector<int> pids;
    for (const gb::Process& p : m.processes)
        if (!p.exited) pids.push_back(p.pid);
    if (pids.empty()) pids.push_back(shown_pid(m, ui));
    if (pids.size() > 3) pids.resize(3);

    float fs = ImGui::GetFontSize();

    // Legend.
    auto swatch = [&](ImVec4 c, const char* label, bool hatched) {
        ImVec2 p = ImGui::GetCursorScreenPos();
        float h = ImGui::GetTextLineHeight();
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + h * 1.4f, p.y + h),
                                                  ImGui::GetColorU32(c));
        if (hatched)
            hatch(ImGui::GetWindowDrawList(), p, ImVec2(p.x + h * 1.4f, p.y + h),
                  ImGui::GetColorU32(ImGuiCol_Text, 0.3f), h * 0.4f);
        ImGui::Dummy(ImVec2(h * 1.4f, h));
        ImGui::SameLine();
        ImGui::TextUnformatted(label);
    };
    swatch(palette().region_data, tr("shared by threads"), false);
    // The second entry beside the first while it fits, else under it.
    const char* priv_label = tr("private (one thread)");
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < ImGui::GetTextLineHeight() * 1.4f +
                                               ImGui::GetStyle().ItemSpacing.x +
                                               ImGui::CalcTextSize(priv_label).x)
        ImGui::NewLine();
    ImVec4 priv = palette().region_stack;
    priv.w = 0.55f;
    swatch(priv, priv_label, true);

    // One process: the picture on the left, its globals on the right. After
    // a fork: the processes side by side, the globals below.
    ImVec2 avail = ImGui::GetContentRegionAvail();
    bool side = pids.size() == 1 && avail.x > fs * 22;
    float words_h =
        side ? 0 : std::max(ImGui::GetTextLineHeightWithSpacing() * 4.5f, avail.y * 0.28f);
    float pics_w = side ? std::max(avail.x * 0.55f, avail.x - fs * 13) : avail.x;
    float pic_h =
        std::max(fs * 8, avail.y - words_h - ImGui::GetTextLineHeightWithSpacing() * 1.6f);
    float col_w = std::max(fs * 12, pics_w / static_cast<float>(pids.size()) -
                                        ImGui::GetStyle().ItemSpacing.x);

    if (ImGui::BeginChild("pics",
                          ImVec2(pics_w, pic_h + ImGui::GetTextLineHeightWithSpacing() * 1.3f),
                          false, ImGuiWindowFlags_HorizontalScrollbar)) {
        for (size_t i = 0; i < pids.size(); ++i) {
            if (i) ImGui::SameLine();
            ImGui::PushID(pids[i]);
            ImGui::BeginGroup();
            draw_picture(m, ui, pids[i], col_w, pic_h);
            ImGui::EndGroup();
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
    if (side) ImGui::SameLine();
    ImGui::BeginGroup();
    // The data region's words with their symbols (the globals).
    int pid = shown_pid(m, ui);
    const gb::Process& p = m.process(pid);
    size_t data_region = SIZE_MAX;
    for (size_t i = 0; i < p.mem.regions.size(); ++i)
        if (p.mem.regions[i].kind == gb::RegionKind::Data) data_region = i;
    ImGui::TextUnformatted(trf("globals of process {}", pid).c_str());
    if (data_region == SIZE_MAX) {
        hint(tr("(no data region)"));
        ImGui::EndGroup();
        return;
    }
    auto words = gb::view::region_words(m, pid, data_region);
    // Address and value as wide as their text; the symbol takes the rest
    // (shortened, in full on hover); the hex column only when it fits too.
    auto text_col = [](const char* head, const char* sample) {
        return std::max(ImGui::CalcTextSize(head).x, ImGui::CalcTextSize(sample).x);
    };
    float pad = ImGui::GetStyle().CellPadding.x * 2 + 2;
    float addr_w = text_col(tr("address"), "0x00000");
    float value_w = text_col(tr("value"), "0");
    for (const auto& w : words)
        value_w = std::max(
            value_w,
            ImGui::CalcTextSize(fmt::format("{}", static_cast<int32_t>(w.value)).c_str()).x);
    float hex_w = text_col(tr("hex"), "00000000");
    float room = ImGui::GetContentRegionAvail().x - addr_w - value_w - pad * 3;
    int ncols = room > fs * 5 + hex_w + pad ? 4 : 3;
    if (ImGui::BeginTable("words", ncols,
                          ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                              ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr("address"), ImGuiTableColumnFlags_WidthFixed, addr_w);
        ImGui::TableSetupColumn(tr("symbol"), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn(tr("value"), ImGuiTableColumnFlags_WidthFixed, value_w);
        if (ncols == 4) ImGui::TableSetupColumn(tr("hex"), ImGuiTableColumnFlags_WidthFixed, hex_w);
        ImGui::TableHeadersRow();
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(words.size()));
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                const auto& w = words[static_cast<size_t>(i)];
                ImGui::TableNextRow();
                if (w.written) {
                    ImVec4 c = colour_changed();
                    c.w = 0.35f;
                    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(c));
                }
                ImGui::TableNextColumn();
                ImGui::Text("0x%05x", w.addr);
                ImGui::TableNextColumn();
                fit_text(w.label, colour_ok());
                // A global can be pinned to the watches (right-click).
                const gb::Symbol* sym = p.image ? p.image->find(w.label) : nullptr;
                if (sym && sym->kind == gb::SymbolKind::Data) {
                    if (ImGui::BeginPopupContextItem(w.label.c_str())) {
                        if (ImGui::MenuItem(tr("Pin to the watches"))) out.pin(w.label);
                        ImGui::EndPopup();
                    }
                    tooltip(tr("Right-click: pin to the watches"));
                }
                ImGui::TableNextColumn();
                ImGui::Text("%d", static_cast<int32_t>(w.value));
                if (ncols == 4) {
                    ImGui::TableNextColumn();
                    ImGui::TextColored(colour_dim(), "%08x", w.value);
                }
            }
        end_table(ui);
    }
    ImGui::EndGroup();
}

} // namespace gui
