#include "teach/session.h"

#include "teach/edit_buffer.h"
#include "teach/loader.h"
#include "teach/program.h"
#include "teach/viewmodel.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <numeric>

namespace gb {

namespace fs = std::filesystem;

Session::Session(Config cfg) : config_(cfg), machine_(cfg) {}

std::string Session::line_of_file(const std::string& file, int line) {
    return terminal_safe(gb::line_of_file(file, line)); // drawn as it is: no NUL, no ESC
}

bool Session::assemble_or_keep(const std::string& path, std::shared_ptr<const Image>& out) {
    AsmResult r = assemble_file(path, default_asm_options(path));
    if (!r.ok()) {
        errors_ = std::move(r.errors);
        error_path_ = path;
        // Watch the broken file so that fixing it reloads it.
        if (path_.empty() || path != path_) {
            watched_.clear();
            std::error_code ec;
            auto t = fs::last_write_time(path, ec);
            if (!ec) watched_.push_back({path, t});
        } else {
            remember_files();
        }
        return false;
    }
    out = std::make_shared<const Image>(std::move(*r.image));
    return true;
}

void Session::commit(const std::string& path, std::shared_ptr<const Image> image) {
    prepared_.reset();
    errors_.clear();
    error_path_.clear();
    image_ = std::move(image);
    path_ = path;
    remember_files();
    machine_.breakpoints.clear();
    start_machine();
}

bool Session::load(const std::string& path) {
    std::shared_ptr<const Image> image;
    if (!assemble_or_keep(path, image)) return false;
    if (path != path_) pinned_.clear(); // another program: its own variables
    lesson_.reset();
    lesson_program_ = 0;
    container_runs_.clear();
    commit(path, std::move(image));
    return true;
}

bool Session::open_lesson(const Lesson& lesson, size_t program) {
    if (program >= lesson.program_paths.size()) return false;
    const std::string& path = lesson.program_paths[program];
    std::shared_ptr<const Image> image;
    if (!assemble_or_keep(path, image)) return false;
    std::vector<ContainerRun> runs;
    if (program == 0) {
        std::map<std::string, std::shared_ptr<const Image>> assembled{{path, image}};
        for (const LessonContainer& c : lesson.containers) {
            std::string p = (fs::path(lesson.root.empty() ? "." : lesson.root) / c.program)
                                .lexically_normal()
                                .string();
            std::shared_ptr<const Image>& img = assembled[p];
            if (!img && !assemble_or_keep(p, img)) return false;
            runs.push_back({{c.name, c.memory_quota, c.cpu_quota, c.cpu_period},
                            img,
                            fs::path(c.program).filename().string(),
                            p});
        }
    }
    config_ = lesson_config(lesson);
    if (!lesson_ || lesson_->id != lesson.id) pinned_.clear();
    lesson_ = lesson;
    lesson_program_ = program;
    container_runs_ = std::move(runs);
    commit(path, std::move(image));
    return true;
}

bool Session::load_source(const std::string& source, const std::string& path) {
    AsmResult r = assemble(source, path, default_asm_options(path));
    if (!r.ok()) {
        errors_ = std::move(r.errors);
        error_path_ = path;
        return false;
    }
    errors_.clear();
    error_path_.clear();
    image_ = std::make_shared<const Image>(std::move(*r.image));
    path_ = path;
    prepared_.reset();
    watched_.clear();
    machine_.breakpoints.clear();
    lesson_.reset();
    lesson_program_ = 0;
    container_runs_.clear();
    start_machine();
    return true;
}

bool Session::apply_source(const std::string& source, const std::string& path, bool keep_lesson) {
    AsmResult r = assemble(source, path, default_asm_options(path));
    if (!r.ok()) {
        errors_ = std::move(r.errors);
        error_path_ = path;
        return false;
    }
    auto image = std::make_shared<const Image>(std::move(*r.image));
    // Breakpoints follow their source lines (line_after_edit) into the new program.
    std::set<uint32_t> moved;
    if (image_ && !image_->files.empty() && !image->files.empty())
        for (uint32_t a : machine_.breakpoints) {
            std::optional<SourceLoc> loc = image_->line_of(a);
            if (!loc || loc->file != 0) continue; // (an included file's lines: not edited here)
            std::optional<int> line =
                line_after_edit(image_->files[0].lines, image->files[0].lines, loc->line);
            if (!line) continue;
            if (auto na = view::address_of_line(*image, 0, *line)) moved.insert(*na);
        }
    if (!keep_lesson) {
        lesson_.reset();
        lesson_program_ = 0;
        container_runs_.clear();
    }
    for (ContainerRun& run : container_runs_)
        if (run.path == path || run.image == image_) run.image = image;
    if (path != path_) pinned_.clear();
    errors_.clear();
    error_path_.clear();
    image_ = std::move(image);
    path_ = path;
    remember_files();
    machine_.breakpoints = std::move(moved);
    start_machine();
    return true;
}

bool Session::reload() {
    if (prepared_) { // built elsewhere (load_prepared): back to its start
        start_machine();
        return true;
    }
    std::string p = !error_path_.empty() ? error_path_ : path_;
    if (p.empty()) return false;
    std::set<uint32_t> keep = machine_.breakpoints;
    bool ok;
    if (lesson_ && p == path_) {
        // Within a lesson: its settings (and its containers) again.
        Lesson l = *lesson_;
        Config cfg = config_;
        ok = open_lesson(l, lesson_program_);
        if (ok) {
            config_ = cfg; // settings changed since it opened stay
            start_machine();
        }
    } else {
        ok = load(p);
    }
    if (ok && p == path_) {
        // Keep the breakpoints that still point at instructions.
        for (uint32_t a : keep)
            if (a >= image_->text.base && a < image_->text.base + image_->text.bytes.size())
                machine_.breakpoints.insert(a);
    }
    return ok;
}

void Session::remember_files() {
    watched_.clear();
    std::vector<std::string> files;
    if (!error_path_.empty())
        files.push_back(error_path_);
    else if (image_)
        for (const SourceFile& f : image_->files)
            files.push_back(f.path);
    for (const std::string& f : files) {
        std::error_code ec;
        auto t = fs::last_write_time(f, ec);
        if (!ec) watched_.push_back({f, t});
    }
}

bool Session::source_changed_on_disk() const {
    for (const Watched& w : watched_) {
        std::error_code ec;
        auto t = fs::last_write_time(w.path, ec);
        if (!ec && t != w.mtime) return true;
    }
    return false;
}

void Session::load_prepared(const Machine& start, std::shared_ptr<const Image> image,
                            const std::string& path) {
    errors_.clear();
    error_path_.clear();
    image_ = std::move(image);
    path_ = path;
    watched_.clear();
    machine_.breakpoints.clear();
    lesson_.reset();
    lesson_program_ = 0;
    container_runs_.clear();
    config_ = start.config;
    prepared_ = start;
    start_machine();
}

void Session::start_machine() {
    std::set<uint32_t> breakpoints = std::move(machine_.breakpoints);
    machine_ = prepared_ ? *prepared_ : Machine(config_);
    machine_.breakpoints = std::move(breakpoints);
    if (prepared_) {
        // Its process is loaded already.
    } else if (!container_runs_.empty()) {
        // The lesson's containers, each running its program (see container.h).
        install_file_loaders(machine_, container_runs_.front().path);
        for (const ContainerRun& run : container_runs_)
            machine_.load_in_container(machine_.create_container(run.spec), run.image, run.name);
    } else {
        if (!path_.empty())
            install_file_loaders(machine_, path_); // spawn and load_library read files
        if (image_) {
            std::string name = path_.empty() ? "program" : fs::path(path_).filename().string();
            machine_.load(image_, name);
        }
    }
    if (image_) machine_.watches = kernel_watches(watches(), *image_);
    if (!console_input_.empty()) machine_.feed_console(0, console_input_);
    checkpoints_.clear();
    checkpoint_bytes_.clear();
    checkpoint_if_due();
    running_ = false;
    last_stop_.reset();
    ++generation_;
}

std::vector<LessonWatch> Session::watches() const {
    std::vector<LessonWatch> all = lesson_ ? lesson_->watches : std::vector<LessonWatch>{};
    all.insert(all.end(), pinned_.begin(), pinned_.end());
    return all;
}

bool Session::pin(const LessonWatch& w) {
    for (const LessonWatch& o : watches())
        if (o.name == w.name) return false;
    pinned_.push_back(w);
    if (!image_) return true;
    // The new words, in the machine and every checkpoint (a replay keeps recording them).
    for (const Watch& k : kernel_watches({w}, *image_))
        for (Machine* m : [&] {
                 std::vector<Machine*> all{&machine_};
                 for (Machine& c : checkpoints_)
                     all.push_back(&c);
                 return all;
             }()) {
            bool have = std::any_of(m->watches.begin(), m->watches.end(),
                                    [&](const Watch& x) { return x.addr == k.addr; });
            if (!have) m->watches.push_back(k);
        }
    return true;
}

void Session::unpin(const std::string& name) {
    std::erase_if(pinned_, [&](const LessonWatch& w) { return w.name == name; });
}

void Session::set_config(const Config& cfg) {
    config_ = cfg;
    if (prepared_) {
        // The prepared machine keeps its cores and x86.py's timer.
        Config keep = cfg;
        keep.cores = prepared_->config.cores;
        keep.instruction_timer = prepared_->config.instruction_timer;
        config_ = keep;
        prepared_->config = keep;
    }
    start_machine();
}

void Session::reset() {
    start_machine();
}

namespace {

// Instructions between checkpoints. A copy of the machine costs about as
// much as its event log is long, and running an instruction costs a few
// nanoseconds: spacing them by the log's length keeps copying to a small
// part of a run, while a step back replays at most this many instructions
// (on the fast path).
uint64_t checkpoint_spacing(const Machine& m) {
    return Session::kCheckpointEvery + 64 * uint64_t{m.log.events.size()};
}

// The bytes `m` holds that `prev` does not share: its guest memory pages
// that are neither in `prev` nor the page of zeros, its event log's tail and
// the full chunks `prev` does not hold, and the machine itself.
// A page is shared when `prev` holds it at the same place (the same
// process, the region at the same base, the same page of it).
size_t unshared_bytes(const Machine& m, const Machine* prev) {
    size_t n = sizeof(Machine) + m.log.events.tail_size() * sizeof(Event);
    for (const auto& chunk : m.log.events.chunks()) {
        const auto* old = prev ? &prev->log.events.chunks() : nullptr;
        if (!old || std::find(old->begin(), old->end(), chunk) == old->end())
            n += chunk->size() * sizeof(Event);
    }
    for (size_t pi = 0; pi < m.processes.size(); ++pi) {
        const Process* old = prev && pi < prev->processes.size() ? &prev->processes[pi] : nullptr;
        for (const Region& r : m.processes[pi].mem.regions) {
            const Region* o = old ? old->mem.find(r.base) : nullptr;
            if (o && o->base != r.base) o = nullptr;
            for (size_t i = 0; i < r.bytes.page_count(); ++i)
                if (!r.bytes.page_is_zero(i) &&
                    !(o && i < o->bytes.page_count() && o->bytes.page_id(i) == r.bytes.page_id(i)))
                    n += PagedBytes::kPageSize;
        }
    }
    return n;
}

// Keeps a checkpoint every checkpoint_spacing() instructions, at most
// kMaxCheckpoints of them holding at most `budget` bytes of their
// own (thinning out the older ones). `bytes` runs parallel to `cps`.
void checkpoint(std::vector<Machine>& cps, std::vector<size_t>& bytes, const Machine& now,
                size_t budget) {
    bytes.resize(cps.size()); // checkpoints dropped from the back since
    if (!cps.empty() && now.instructions < cps.back().instructions + checkpoint_spacing(now))
        return;
    cps.push_back(now);
    bytes.push_back(unshared_bytes(now, cps.size() > 1 ? &cps[cps.size() - 2] : nullptr));
    auto total = [&] { return std::accumulate(bytes.begin(), bytes.end(), size_t{0}); };
    while (cps.size() > 2 && (cps.size() > Session::kMaxCheckpoints || total() > budget)) {
        // Thin out: keep the start, every other checkpoint after it and the newest.
        std::vector<Machine> kept;
        kept.reserve(cps.size() / 2 + 2);
        for (size_t i = 0; i < cps.size(); ++i)
            if (i == 0 || i % 2 == 0 || i + 1 == cps.size()) kept.push_back(std::move(cps[i]));
        cps = std::move(kept);
        bytes.clear();
        for (size_t i = 0; i < cps.size(); ++i)
            bytes.push_back(unshared_bytes(cps[i], i ? &cps[i - 1] : nullptr));
    }
}

// The state one instruction before `now`: replayed from the newest
// checkpoint before it (the machine is deterministic, so this reaches the
// same state).
Machine replay_to(std::vector<Machine>& cps, uint64_t target) {
    while (cps.size() > 1 && cps.back().instructions > target)
        cps.pop_back();
    Machine s = cps.back();
    // run(n) reaches the state of n steps (tests/test_cosim.cpp), on the
    // fast path; a replay stops only at its target, not at breakpoints or
    // watchpoints on the way.
    s.breakpoints.clear();
    int stalls = 0;
    while (s.instructions < target && stalls < 1000) {
        uint64_t before = s.instructions;
        RunResult r = s.run(target - s.instructions);
        if (s.instructions != before) continue;
        if (r.reason == StopReason::AllDone || r.reason == StopReason::Deadlock) break;
        ++stalls;
    }
    return s;
}

} // namespace

void Session::checkpoint_if_due() {
    checkpoint(checkpoints_, checkpoint_bytes_, machine_, checkpoint_budget_);
}

size_t Session::checkpoint_bytes() const {
    size_t n = std::min(checkpoint_bytes_.size(), checkpoints_.size());
    return std::accumulate(checkpoint_bytes_.begin(),
                           checkpoint_bytes_.begin() + static_cast<long>(n), size_t{0});
}

void Session::note_stop(StopReason r) {
    if (r == StopReason::Budget) {
        last_stop_.reset();
        return;
    }
    last_stop_ = r;
    running_ = false;
}

StepResult Session::step() {
    checkpoint_if_due();
    StepResult s;
    // A step that only found idle cores tries again (as Machine::run does).
    for (int tries = 0; tries < 1000; ++tries) {
        s = machine_.step();
        if (s.executed || s.stop != StopReason::Budget) break;
    }
    if (!s.executed)
        note_stop(s.stop);
    else if (s.stop != StopReason::Budget)
        note_stop(s.stop);
    else {
        const Core& c = machine().cores[static_cast<size_t>(s.core)];
        note_stop(c.tid && machine_.breakpoints.count(c.ctx.pc) ? StopReason::Breakpoint
                                                                : StopReason::Budget);
    }
    return s;
}

RunResult Session::step_n(uint64_t n) {
    RunResult total;
    while (total.steps < n) {
        checkpoint_if_due();
        // Run up to the next checkpoint.
        uint64_t due = checkpoints_.back().instructions + checkpoint_spacing(machine_);
        uint64_t chunk = std::min<uint64_t>(
            n - total.steps, due > machine_.instructions ? due - machine_.instructions : 1);
        RunResult r = machine_.run(chunk);
        total.steps += r.steps;
        total.reason = r.reason;
        if (r.reason != StopReason::Budget) break;
    }
    note_stop(total.reason);
    return total;
}

bool Session::step_back() {
    if (machine().instructions == 0) return false;
    uint64_t target = machine().instructions - 1;
    if (checkpoints_.empty()) return false;
    std::set<uint32_t> breakpoints = std::move(machine_.breakpoints);
    machine_ = replay_to(checkpoints_, target);
    machine_.breakpoints = std::move(breakpoints);
    running_ = false;
    last_stop_.reset();
    ++generation_;
    return true;
}

RunResult Session::run_to(uint32_t addr, uint64_t limit) {
    bool had = has_breakpoint(addr);
    machine_.breakpoints.insert(addr);
    RunResult r = step_n(limit);
    if (!had) machine_.breakpoints.erase(addr);
    return r;
}

RunResult Session::run_for_frame(uint64_t budget) {
    if (!running_) return {};
    if (!watchpoints_.empty()) return continue_run(budget); // watched: one step at a time
    RunResult r = step_n(budget);
    return r;
}

void Session::set_running(bool on) {
    running_ = on && loaded();
    if (running_) last_stop_.reset();
}

std::string Session::last_stop_text(Lang lang) const {
    if (!last_stop_) return "";
    const Machine& m = machine();
    const bool ko = lang == Lang::Ko;
    switch (*last_stop_) {
    case StopReason::Budget: return "";
    case StopReason::Breakpoint: {
        for (const Core& c : m.cores)
            if (c.tid && m.breakpoints.count(c.ctx.pc))
                return fmt::format(fmt::runtime(ko ? "코어 {1}의 중단점 {0:#07x}"
                                                   : "breakpoint at {0:#07x} on core {1}"),
                                   c.ctx.pc, c.index);
        return ko ? "중단점" : "breakpoint";
    }
    case StopReason::AllDone: return ko ? "모든 스레드가 끝남" : "every thread has ended";
    case StopReason::Fault:
        return ko ? "폴트가 프로세스를 강제 종료함" : "a fault killed a process";
    case StopReason::Deadlock:
        return ko ? "교착 상태: 살아 있는 모든 스레드가 기다리고 깨울 수 있는 것이 없음"
                  : "deadlock: every live thread waits and nothing can wake them";
    case StopReason::Watchpoint: {
        for (const Watch& w : m.watches)
            if (w.stop && w.writes && w.last.cycle + 64 >= m.now && w.last.tid)
                return fmt::format(fmt::runtime(ko ? "스레드 {0}이(가) {2:#07x}에서 {1:#x}에 씀: "
                                                     "{3} -> {4}"
                                                   : "thread {0} wrote {1:#x} at {2:#07x}: {3} -> "
                                                     "{4}"),
                                   w.last.tid, w.addr, w.last.pc,
                                   static_cast<int32_t>(w.last.old_value),
                                   static_cast<int32_t>(w.last.new_value));
        return ko ? "감시하는 값이 쓰임" : "a watched value was written";
    }
    case StopReason::Paused:
        if (m.stop_why.empty()) return ko ? "프로그램이 멈춤" : "paused by the program";
        return stop_text(m, lang);
    }
    return "";
}

void Session::set_breakpoint(uint32_t addr, bool on) {
    if (on)
        machine_.breakpoints.insert(addr);
    else
        machine_.breakpoints.erase(addr);
}

void Session::toggle_breakpoint(uint32_t addr) {
    set_breakpoint(addr, !has_breakpoint(addr));
}

} // namespace gb
