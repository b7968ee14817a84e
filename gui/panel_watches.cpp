// [SECTION] Watches: the lesson's pinned values (and the user's pins), each
// with its value, the expected value where the lesson has one (in a
// contrasting colour when they differ), and who wrote it last: thread,
// instruction (its source line) and cycle. Rows wrap instead of clipping,
// so they read at any font scale. Also the result banner: the lesson's
// one-sentence result once its program has ended.
#include "panel_watches.h"

#include "theme.h"
#include "ui.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cmath>

namespace gui {

namespace {

std::string writer_text(const gb::Machine& m, const gb::WatchRow& r) {
    if (!r.writes) return tr("not written yet");
    std::string where = fmt::format("0x{:05x}", r.last.pc);
    if (r.last.pid >= 1 && r.last.pid <= static_cast<int>(m.processes.size())) {
        const gb::Image* img = m.process(r.last.pid).image.get();
        if (auto loc = img ? img->line_of(r.last.pc) : std::nullopt)
            where = trf("line {}", loc->line);
    }
    return trf("last write: {} · {} · cycle {} · {} writes", thread_label(m, r.last.tid), where,
               r.last.cycle, r.writes);
}

} // namespace

void record_item(UiState& ui, const char* kind, const std::string& id) {
    ImGuiWindow* w = ImGui::GetCurrentWindow();
    ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    ui.layout_items.push_back(
        {kind, id, ui.current_panel, r.Min, r.Max, w->InnerClipRect.Min, w->InnerClipRect.Max});
}

void update_watches(const gb::Machine& m, UiState& ui) {
    WatchesUi& st = ui.watches;
    const gb::Session& s = *ui.session;
    uint64_t key = m.instructions * 31 + s.generation() * 1000003 + (korean() ? 7 : 0) +
                   s.pinned().size() * 17;
    if (key == st.key && !st.rows.empty()) return;
    st.key = key;
    st.watches = s.watches();
    const gb::Image* image = s.image();
    st.rows = gb::watch_rows(st.watches, m, image, lang_id(lang()));
    st.result.clear();
    if (const gb::Lesson* l = ui.lesson(); l && gb::program_ended(m))
        st.result = gb::result_sentence(l->result, st.watches, st.rows, lang_id(lang()));
}

namespace {

// Text placed after the previous item when it fits on the line, else on a
// new line; wider than a whole line, it wraps. Never clipped.
void flow(const std::string& text, ImVec4 colour, bool first, float right) {
    float w = ImGui::CalcTextSize(text.c_str()).x;
    if (!first && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= right)
        ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

std::string expected_text(const gb::WatchRow& r) {
    if (!r.expected) return "";
    return r.differs ? trf("≠ expected {}", *r.expected) : trf("= expected {}", *r.expected);
}

std::string detail_text(const gb::Machine& m, const gb::WatchRow& r) {
    if (!r.known) return tr("not in this program (or not started yet)");
    if (!r.writes && !r.pid) return "";
    std::string who = writer_text(m, r);
    if (r.ended) who = std::string(tr("thread ended")) + " · " + who;
    return who;
}

} // namespace

namespace {

const char* cmp_text(gb::Watchpoint::Cmp c) {
    switch (c) {
    case gb::Watchpoint::Cmp::Any: return "";
    case gb::Watchpoint::Cmp::Eq: return "==";
    case gb::Watchpoint::Cmp::Ne: return "!=";
    case gb::Watchpoint::Cmp::Lt: return "<";
    case gb::Watchpoint::Cmp::Le: return "<=";
    case gb::Watchpoint::Cmp::Gt: return ">";
    case gb::Watchpoint::Cmp::Ge: return ">=";
    }
    return "";
}

bool armed(const UiState& ui, const std::string& text) {
    const auto& w = ui.session->watchpoints();
    return std::any_of(w.begin(), w.end(), [&](const gb::Watchpoint& x) { return x.text == text; });
}

// The armed watchpoints, each with its mode and condition and a button that
// removes it; the one the run stopped at is marked.
void draw_watchpoints(UiState& ui, Commands& out) {
    const gb::Session& s = *ui.session;
    if (s.watchpoints().empty()) return;
    ImGui::TextColored(colour_dim(), "%s", tr("Watchpoints"));
    const auto& hit = s.watch_stop();
    for (size_t i = 0; i < s.watchpoints().size(); ++i) {
        const gb::Watchpoint& w = s.watchpoints()[i];
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton("x")) out.toggle_watch(w.text);
        tooltip(tr("Remove this watchpoint"));
        ImGui::SameLine();
        bool stopped_here = s.last_stop() == gb::StopReason::Watchpoint && hit && hit->watch == w;
        std::string text = watchpoint_description(w);
        if (stopped_here) text += "  ← " + std::string(tr("stopped here"));
        ImGui::PushStyleColor(
            ImGuiCol_Text, stopped_here ? colour_warn() : ImGui::GetStyleColorVec4(ImGuiCol_Text));
        ImGui::TextWrapped("%s", text.c_str());
        ImGui::PopStyleColor();
        record_item(ui, "watchpoint", w.text);
        ImGui::PopID();
    }
    ImGui::Separator();
}

} // namespace

std::string watchpoint_description(const gb::Watchpoint& w) {
    const char* op = cmp_text(w.cmp);
    if (w.on_read && w.on_write)
        return w.cmp == gb::Watchpoint::Cmp::Any
                   ? trf("{}: stop when read or written", w.name)
                   : trf("{}: stop when read or written and the value {} {}", w.name, op, w.value);
    if (w.on_read)
        return w.cmp == gb::Watchpoint::Cmp::Any
                   ? trf("{}: stop when read", w.name)
                   : trf("{}: stop when read and the value {} {}", w.name, op, w.value);
    return w.cmp == gb::Watchpoint::Cmp::Any
               ? trf("{}: stop when written", w.name)
               : trf("{}: stop when written and the new value {} {}", w.name, op, w.value);
}

void watch_menu(const std::string& symbol, UiState& ui, Commands& out) {
    const gb::Image* image = ui.session->image();
    if (!image) return;
    std::string written = gb::watchpoint_text(symbol, false, "");
    std::string any = gb::watchpoint_text(symbol, true, "");
    if (ImGui::MenuItem(tr("Stop when written"), nullptr, armed(ui, written)))
        out.toggle_watch(written);
    if (ImGui::MenuItem(tr("Stop when read or written"), nullptr, armed(ui, any)))
        out.toggle_watch(any);
    if (ImGui::BeginMenu(tr("Stop when the new value …"))) {
        char* cond = ui.watches.condition;
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        bool enter = ImGui::InputTextWithHint("##condition", "== 0, > 100", cond,
                                              sizeof(ui.watches.condition),
                                              ImGuiInputTextFlags_EnterReturnsTrue);
        std::string text = gb::watchpoint_text(symbol, false, cond);
        std::string error;
        bool ok = cond[0] && gb::parse_watchpoint(text, *image, error).has_value();
        if (cond[0] && !ok)
            ImGui::TextColored(colour_fault(), "%s",
                               tr("Expected ==, !=, <, <=, > or >= and a number, like == 0 or "
                                  "> 100."));
        bool on = ok && armed(ui, text);
        ImGui::BeginDisabled(!ok);
        if (ImGui::Button(on ? tr("Remove watchpoint") : tr("Add watchpoint")) || (enter && ok)) {
            out.toggle_watch(text);
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndDisabled();
        ImGui::EndMenu();
    }
}

void draw_watches(const gb::Machine& m, UiState& ui, Commands& out) {
    ui.visible("watches");
    update_watches(m, ui);
    WatchesUi& st = ui.watches;
    draw_watchpoints(ui, out);
    if (st.rows.empty()) {
        hint(tr("No watches. Right-click a variable in the code panel to pin it here."));
        return;
    }
    const gb::Image* image = ui.session->image();
    // Right-click on a global's row: its watchpoint menu.
    auto row_menu = [&](const gb::WatchRow& r) {
        const gb::LessonWatch& w = st.watches[r.watch];
        const gb::Symbol* sym =
            image && w.kind == gb::LessonWatch::Kind::Global ? image->find(w.symbol) : nullptr;
        if (!sym || sym->kind != gb::SymbolKind::Data) return;
        ImGui::PushID(static_cast<int>(r.watch));
        if (ImGui::BeginPopupContextItem("watchmenu")) {
            ImGui::TextColored(colour_dim(), "%s", w.symbol.c_str());
            watch_menu(w.symbol, ui, out);
            ImGui::EndPopup();
        }
        ImGui::PopID();
    };
    const Palette& pal = palette();
    // One pixel short of the edge, so a wrapped line never touches the clip rectangle.
    float wrap = ImGui::GetContentRegionAvail().x - 1;
    float right = ImGui::GetCursorScreenPos().x + wrap;
    // Full rows (value, then who wrote it last) when they all fit in the
    // height the layout can give; else one line each, the writer on hover.
    float line = ImGui::GetTextLineHeightWithSpacing();
    auto lines = [&](const std::string& t) {
        return t.empty() ? 0.0f : std::ceil(ImGui::CalcTextSize(t.c_str()).x / wrap);
    };
    float full = 0;
    for (const gb::WatchRow& r : st.rows) {
        std::string head = r.label + " = " + (r.known ? r.text : "—") + "  " + expected_text(r);
        full += (lines(head) + lines(detail_text(m, r))) * line + ImGui::GetStyle().ItemSpacing.y;
    }
    st.compact = st.max_h > 0 && full > st.max_h;
    float x0 = ImGui::GetCursorPosX();
    for (size_t i = 0; i < st.rows.size(); ++i) {
        const gb::WatchRow& r = st.rows[i];
        // Compact: a per-thread watch on one line, "calls: t2 3 · t3 5 · t4 7".
        if (st.compact && !r.who.empty()) {
            const gb::LessonWatch& w = st.watches[r.watch];
            std::string base = korean() && !w.label_ko.empty() ? w.label_ko
                               : !w.label_en.empty()           ? w.label_en
                                                               : w.name;
            ImGui::PushTextWrapPos(x0 + wrap);
            flow(base + ":", ImGui::GetStyleColorVec4(ImGuiCol_Text), true, right);
            for (; i < st.rows.size() && st.rows[i].watch == r.watch; ++i) {
                const gb::WatchRow& q = st.rows[i];
                std::string piece = q.who + " " + (q.known ? q.text : std::string("—"));
                if (q.expected) piece += " " + expected_text(q);
                flow(piece, q.differs ? pal.fault : pal.changed, false, right);
                std::string detail = detail_text(m, q);
                if (!detail.empty()) tooltip(detail.c_str());
                record_item(ui, "watch", q.label);
            }
            --i;
            ImGui::PopTextWrapPos();
            continue;
        }
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(x0 + wrap);
        // "count (shared) = 700 ≠ expected 1000": the value in a colour of its own.
        flow(r.label, ImGui::GetStyleColorVec4(ImGuiCol_Text), true, right);
        flow("= " + (r.known ? r.text : std::string("—")), r.differs ? pal.fault : pal.changed,
             false, right);
        if (r.expected) flow(expected_text(r), r.differs ? pal.fault : pal.ok, false, right);
        std::string detail = detail_text(m, r);
        if (!st.compact && !detail.empty()) ImGui::TextColored(pal.dim, "%s", detail.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
        if (st.compact && !detail.empty()) tooltip(detail.c_str());
        record_item(ui, "watch", r.label);
        row_menu(r);
        if (!st.compact) ImGui::Spacing();
    }
}

void draw_result_banner(const gb::Machine& m, UiState& ui) {
    update_watches(m, ui);
    const std::string& text = ui.watches.result;
    if (text.empty()) return;
    ui.banners_visible.insert("result");
    const Palette& pal = palette();
    ImGui::PushStyleColor(ImGuiCol_ChildBg, pal.banner_info);
    ImGui::PushStyleColor(ImGuiCol_Text, pal.banner_text);
    const ImGuiStyle& style = ImGui::GetStyle();
    std::string head = std::string(tr("Result")) + ": ";
    float avail = ImGui::GetContentRegionAvail().x - style.WindowPadding.x * 2;
    float h = ImGui::CalcTextSize((head + text).c_str(), nullptr, false, avail).y +
              style.WindowPadding.y * 2;
    if (ImGui::BeginChild("##resultbanner", ImVec2(0, h), false,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_AlwaysUseWindowPadding)) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted((head + text).c_str());
        ImGui::PopTextWrapPos();
        std::string saved = ui.current_panel;
        ui.current_panel = "top";
        record_item(ui, "result", "result");
        ui.current_panel = saved;
    }
    ImGui::EndChild();
    ImGui::PopStyleColor(2);
}

} // namespace gui
