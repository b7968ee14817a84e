#include "teach/coroutine_view.h"

#include "sim/isa/isa.h"

#include <algorithm>
#include <optional>

namespace gb::view {

namespace {

uint32_t peek(const Process& p, uint32_t addr) {
    uint32_t v = 0;
    p.mem.peek32(addr, v);
    return v;
}

std::string trimmed(const std::string& s) {
    size_t a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return "";
    size_t c = s.find(';', a); // the code, not its comment
    std::string code = s.substr(a, c == std::string::npos ? std::string::npos : c - a);
    size_t b = code.find_last_not_of(" \t");
    return b == std::string::npos ? "" : code.substr(0, b + 1);
}

void frames_of(const Machine& m, const LessonCoroutines& spec, const Process& p,
               std::vector<CoroutineFrame>& out) {
    if (p.exited || !p.image) return;
    int number = 0;
    for (const HeapBlock& b : p.heap_blocks) {
        if (b.free || b.label != spec.heap_label) continue;
        CoroutineFrame f;
        f.number = ++number;
        f.pid = p.pid;
        f.record = b.addr;
        f.size = b.size;
        uint32_t end = b.addr + b.size;
        // Running: some thread of the process has its stack pointer on this block.
        for (int tid : p.threads) {
            const Thread& t = m.thread(tid);
            if (t.state == ThreadState::Done) continue;
            uint32_t sp = m.context_of(tid).regs[SP];
            if (sp > b.addr && sp <= end) {
                f.state = CoroutineState::Running;
                f.tid = tid;
                f.stack_used = end - sp;
            }
        }
        f.saved_sp = peek(p, b.addr + spec.sp_offset);
        bool on_its_stack = f.saved_sp > b.addr && f.saved_sp <= end;
        // Not running and no saved SP on its own stack: co_create is still filling it in.
        if (f.state != CoroutineState::Running && !on_its_stack) continue;
        if (f.state != CoroutineState::Running) {
            if (peek(p, b.addr + spec.done_offset)) f.state = CoroutineState::Done;
            uint32_t at = f.saved_sp;
            for (const std::string& r : spec.saved) {
                f.saved.push_back({r, peek(p, at)});
                at += 4;
            }
            f.resume_pc = peek(p, at);
            f.stack_used = end - f.saved_sp;
            f.resume_at = p.image->describe_address(f.resume_pc);
            // Never resumed: its return address is still its function's first line.
            if (f.state != CoroutineState::Done)
                f.state = p.image->label_at(f.resume_pc).empty() ? CoroutineState::Suspended
                                                                 : CoroutineState::NotStarted;
            if (auto loc = p.image->line_of(f.resume_pc)) {
                f.resume_line = loc->line;
                const auto& files = p.image->files;
                if (loc->file >= 0 && static_cast<size_t>(loc->file) < files.size() &&
                    loc->line >= 1 &&
                    static_cast<size_t>(loc->line) <=
                        files[static_cast<size_t>(loc->file)].lines.size())
                    f.resume_src = trimmed(files[static_cast<size_t>(loc->file)]
                                               .lines[static_cast<size_t>(loc->line - 1)]);
            }
        }
        out.push_back(std::move(f));
    }
}

} // namespace

// The coroutine (its number) whose heap block holds `sp`, or 0.
int coroutine_at(const Process& p, const LessonCoroutines& spec, uint32_t sp) {
    int number = 0;
    for (const HeapBlock& b : p.heap_blocks) {
        if (b.free || b.label != spec.heap_label) continue;
        ++number;
        if (sp > b.addr && sp <= b.addr + b.size) return number;
    }
    return 0;
}

namespace {

// The address a coroutine whose stack stops at `sp` carries on at, and its source line.
void where_it_carries_on(const Process& p, const LessonCoroutines& spec, uint32_t sp,
                         CoroutineSwitch& s) {
    s.pc = peek(p, sp + 4 * static_cast<uint32_t>(spec.saved.size()));
    if (!p.image) return;
    s.at = p.image->describe_address(s.pc);
    if (auto loc = p.image->line_of(s.pc)) {
        s.line = loc->line;
        const auto& files = p.image->files;
        if (loc->file >= 0 && static_cast<size_t>(loc->file) < files.size() && loc->line >= 1 &&
            static_cast<size_t>(loc->line) <= files[static_cast<size_t>(loc->file)].lines.size())
            s.source = trimmed(
                files[static_cast<size_t>(loc->file)].lines[static_cast<size_t>(loc->line - 1)]);
    }
}

} // namespace

void coroutine_replay_to(CoroutineReplay& r, const Machine& start, uint64_t instructions,
                         const LessonCoroutines& spec, uint64_t max_replay) {
    if (!r.machine || instructions < r.machine->instructions) {
        r.machine = start;
        r.switches.clear();
    }
    Machine& m = *r.machine;
    uint64_t end = std::min(instructions, start.instructions + max_replay);
    while (m.instructions < end) {
        uint64_t before = m.instructions;
        StepResult s = m.step();
        if (!s.executed) break;
        const Process& p = m.process(s.pid);
        int from = coroutine_at(p, spec, s.before.regs[SP]);
        int to = coroutine_at(p, spec, s.after.regs[SP]);
        if (from == to) continue;
        // The stack left keeps, from its SP up, the saved registers and then where it carries
        // on; so does the stack arrived on, until its registers are popped.
        if (from) {
            r.switches.push_back({s.cycle, before, s.pid, s.tid, from, false});
            where_it_carries_on(p, spec, s.before.regs[SP], r.switches.back());
        }
        if (to) {
            r.switches.push_back({s.cycle, before, s.pid, s.tid, to, true});
            where_it_carries_on(p, spec, s.after.regs[SP], r.switches.back());
        }
    }
}

std::vector<CoroutineSwitch> coroutine_switches(const Machine& start, uint64_t instructions,
                                                const LessonCoroutines& spec, uint64_t max_replay) {
    CoroutineReplay r;
    coroutine_replay_to(r, start, instructions, spec, max_replay);
    return r.switches;
}

std::vector<CoroutineMark> coroutine_marks(const Timeline& tl,
                                           const std::vector<CoroutineSwitch>& switches) {
    std::vector<CoroutineMark> out;
    for (const CoroutineSwitch& s : switches) {
        if (s.cycle < tl.start || s.cycle > tl.end) continue;
        if (!std::binary_search(tl.thread_lanes.begin(), tl.thread_lanes.end(), s.tid)) continue;
        out.push_back({s.tid, s.cycle, s.number, s.resume, s.at, s.line, s.source});
    }
    return out;
}

std::vector<CoroutineFrame> coroutine_frames(const Machine& m, const LessonCoroutines& spec,
                                             int pid) {
    std::vector<CoroutineFrame> out;
    for (const Process& p : m.processes)
        if (!pid || p.pid == pid) frames_of(m, spec, p, out);
    return out;
}

} // namespace gb::view
