// [SECTION] Small drawing helpers and translated names shared by the panels.
#include "theme.h"
#include "ui.h"

#include "sim/isa/isa.h"
#include "teach/instr_words.h"

namespace gui {

ImVec4 thread_colour_v(int tid, float alpha) {
    ImVec4 c = palette().threads[gb::view::thread_colour_index(tid)];
    c.w *= alpha;
    return c;
}
ImU32 thread_colour(int tid, float alpha) {
    return ImGui::GetColorU32(thread_colour_v(tid, alpha));
}

ImVec4 colour_changed() {
    return palette().changed;
}
ImVec4 colour_fault() {
    return palette().fault;
}
ImVec4 colour_dim() {
    return palette().dim;
}
ImVec4 colour_ok() {
    return palette().ok;
}
ImVec4 colour_warn() {
    return palette().warn;
}

ImVec4 colour_state(gb::ThreadState s) {
    switch (s) {
    case gb::ThreadState::Running: return palette().running;
    case gb::ThreadState::Ready:
    case gb::ThreadState::New: return palette().ready;
    case gb::ThreadState::Blocked: return palette().blocked;
    case gb::ThreadState::Done: return palette().done;
    }
    return palette().dim;
}

void thread_chip(int tid) {
    float h = ImGui::GetTextLineHeight();
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.15f),
                                              ImVec2(p.x + h * 0.7f, p.y + h * 0.85f),
                                              thread_colour(tid), h * 0.15f);
    ImGui::Dummy(ImVec2(h * 0.7f, h));
    ImGui::SameLine(0, h * 0.25f);
    if (tid)
        ImGui::Text("t%d", tid);
    else
        ImGui::TextUnformatted(tr("idle"));
}

std::string thread_label(const gb::Machine& m, int tid) {
    if (tid <= 0 || tid > static_cast<int>(m.threads.size())) return "—";
    return fmt::format("t{} {}", tid, m.thread(tid).name);
}

const char* state_name(gb::ThreadState s) {
    switch (s) {
    case gb::ThreadState::New: return tr("new");
    case gb::ThreadState::Ready: return tr("ready");
    case gb::ThreadState::Running: return tr("running");
    case gb::ThreadState::Blocked: return tr("blocked");
    case gb::ThreadState::Done: return tr("done");
    }
    return "?";
}

const char* reason_name(gb::BlockReason r) {
    switch (r) {
    case gb::BlockReason::None: return "";
    case gb::BlockReason::Join: return tr("join");
    case gb::BlockReason::WaitChild: return tr("wait for child");
    case gb::BlockReason::Sleep: return tr("sleep");
    case gb::BlockReason::Mutex: return tr("mutex");
    case gb::BlockReason::Semaphore: return tr("semaphore");
    case gb::BlockReason::CondVar: return tr("condition variable");
    case gb::BlockReason::Io: return tr("I/O");
    case gb::BlockReason::PipeRead: return tr("pipe read");
    case gb::BlockReason::PipeWrite: return tr("pipe write");
    case gb::BlockReason::Poll: return tr("readiness wait");
    }
    return "?";
}

const char* switch_reason(gb::SwitchReason r) {
    switch (r) {
    case gb::SwitchReason::Start: return tr("start");
    case gb::SwitchReason::Timer: return tr("timer");
    case gb::SwitchReason::Block: return tr("block");
    case gb::SwitchReason::Yield: return tr("yield");
    case gb::SwitchReason::Exit: return tr("exit");
    case gb::SwitchReason::Idle: return tr("idle");
    case gb::SwitchReason::Preempt: return tr("preempted");
    }
    return "?";
}

const char* region_kind(gb::RegionKind k) {
    switch (k) {
    case gb::RegionKind::Trampoline: return tr("trampoline");
    case gb::RegionKind::Code: return tr("code");
    case gb::RegionKind::Data: return tr("data");
    case gb::RegionKind::Heap: return tr("heap");
    case gb::RegionKind::SharedLib: return tr("shared library");
    case gb::RegionKind::Stack: return tr("stack");
    case gb::RegionKind::Guard: return tr("guard");
    case gb::RegionKind::Tls: return tr("TLS");
    }
    return "?";
}

// A source line as the history and races panels show it, e.g.
// "race.s:35: load r3, [count]" —
// the file's name without its folders, no comment.
std::string short_source(const std::string& s) {
    size_t colon = s.find(':');
    size_t slash = s.rfind('/', colon);
    std::string out = slash == std::string::npos ? s : s.substr(slash + 1);
    size_t semi = out.find(';', out.find(": "));
    if (semi != std::string::npos) out = out.substr(0, semi);
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

std::string perms_text(uint8_t p) {
    std::string s = "---";
    if (p & gb::PermR) s[0] = 'r';
    if (p & gb::PermW) s[1] = 'w';
    if (p & gb::PermX) s[2] = 'x';
    return s;
}

gb::Lang words_lang() {
    return korean() ? gb::Lang::Ko : gb::Lang::En;
}

const char* fault_text(gb::Fault f) {
    static std::string buf;
    buf = std::string(korean() ? gb::fault_name_ko(f) : gb::fault_name(f));
    return buf.c_str();
}

void tooltip(const char* text) {
    if (!ImGui::IsItemHovered()) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void instruction_tooltip(uint32_t word, const std::string& disasm) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    auto in = gb::decode(word);
    if (!in) {
        ImGui::TextColored(colour_fault(), "%s", tr("not an instruction"));
        ImGui::Text("%s: 0x%08x", tr("word"), word);
    } else {
        const gb::OpInfo& op = gb::op_info(in->op);
        ImGui::TextColored(colour_changed(), "%s", disasm.c_str());
        ImGui::Separator();
        ImGui::TextUnformatted(std::string(korean() ? op.explain_ko : op.explain_en).c_str());
        ImGui::Spacing();
        ImGui::Text("%s: %s", tr("in words"), gb::instruction_words(*in, words_lang()).c_str());
        ImGui::TextColored(colour_dim(), "%s: %s · %s: %u · %s: 0x%08x", tr("group"),
                           std::string(op.group).c_str(), tr("cycles"),
                           static_cast<unsigned>(op.cycles), tr("encoding"), word);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void hint(const char* text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(colour_dim(), "%s", text);
    ImGui::PopTextWrapPos();
}

void wrapped(const char* text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
}

int shown_pid(const gb::Machine& m, const UiState& ui) {
    if (ui.selected_pid > 0 && ui.selected_pid <= static_cast<int>(m.processes.size()))
        return ui.selected_pid;
    return gb::view::focus_pid(m);
}

} // namespace gui
