#include "session.h"

#include "loader.h"
#include "program.h"

#include <fmt/format.h>
#include <fstream>

namespace gb {

namespace fs = std::filesystem;

Session::Session(Config cfg) : config_(cfg), machine_(cfg) {}

std::string Session::line_of_file(const std::string& file, int line) {
    if (line <= 0) return "";
    std::ifstream in(file);
    std::string text;
    for (int i = 0; i < line; ++i)
        if (!std::getline(in, text)) return "";
    if (!text.empty() && text.back() == '\r') text.pop_back();
    return text;
}

bool Session::load(const std::string& path) {
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
    errors_.clear();
    error_path_.clear();
    image_ = std::make_shared<const Image>(std::move(*r.image));
    path_ = path;
    remember_files();
    breakpoints_.clear();
    start_machine();
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
    watched_.clear();
    breakpoints_.clear();
    start_machine();
    return true;
}

bool Session::reload() {
    std::string p = !error_path_.empty() ? error_path_ : path_;
    if (p.empty()) return false;
    std::set<uint32_t> keep = breakpoints_;
    bool ok = load(p);
    if (ok && p == path_) {
        // Keep the breakpoints that still point at instructions.
        for (uint32_t a : keep)
            if (a >= image_->text.base && a < image_->text.base + image_->text.bytes.size())
                breakpoints_.insert(a);
        machine_.breakpoints = breakpoints_;
        if (!checkpoints_.empty()) checkpoints_.front().breakpoints = breakpoints_;
    }
    return ok;
}

void Session::remember_files() {
    watched_.clear();
    std::vector<std::string> files;
    if (!error_path_.empty()) files.push_back(error_path_);
    else if (image_)
        for (const SourceFile& f : image_->files) files.push_back(f.path);
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

void Session::start_machine() {
    machine_ = Machine(config_);
    machine_.breakpoints = breakpoints_;
    if (!path_.empty()) install_file_loaders(machine_, path_); // spawn and load_library read files
    if (image_) {
        std::string name = path_.empty() ? "program" : fs::path(path_).filename().string();
        machine_.load(image_, name);
    }
    checkpoints_.clear();
    checkpoints_.push_back(machine_);
    running_ = false;
    last_stop_.reset();
    ++generation_;
}

void Session::set_config(const Config& cfg) {
    config_ = cfg;
    start_machine();
}

void Session::reset() { start_machine(); }

void Session::checkpoint_if_due() {
    if (checkpoints_.empty()) {
        checkpoints_.push_back(machine_);
        return;
    }
    if (machine_.instructions < checkpoints_.back().instructions + kCheckpointEvery) return;
    checkpoints_.push_back(machine_);
    if (checkpoints_.size() > kMaxCheckpoints) {
        // Thin out: keep the start and every other checkpoint after it.
        std::vector<Machine> kept;
        kept.reserve(kMaxCheckpoints / 2 + 2);
        for (size_t i = 0; i < checkpoints_.size(); ++i)
            if (i == 0 || i % 2 == 0 || i + 1 == checkpoints_.size()) kept.push_back(std::move(checkpoints_[i]));
        checkpoints_ = std::move(kept);
    }
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
    if (!s.executed) note_stop(s.stop);
    else if (s.stop != StopReason::Budget) note_stop(s.stop);
    else {
        const Core& c = machine_.cores[static_cast<size_t>(s.core)];
        note_stop(c.tid && breakpoints_.count(c.ctx.pc) ? StopReason::Breakpoint : StopReason::Budget);
    }
    return s;
}

RunResult Session::step_n(uint64_t n) {
    RunResult total;
    while (total.steps < n) {
        checkpoint_if_due();
        uint64_t chunk = std::min<uint64_t>(n - total.steps, kCheckpointEvery);
        RunResult r = machine_.run(chunk);
        total.steps += r.steps;
        total.reason = r.reason;
        if (r.reason != StopReason::Budget) break;
    }
    note_stop(total.reason);
    return total;
}

bool Session::step_back() {
    if (machine_.instructions == 0 || checkpoints_.empty()) return false;
    uint64_t target = machine_.instructions - 1;
    while (checkpoints_.size() > 1 && checkpoints_.back().instructions > target) checkpoints_.pop_back();
    Machine m = checkpoints_.back();
    // Replay: the machine is deterministic, so this reaches the same state.
    int idle = 0;
    while (m.instructions < target && idle < 100000) {
        StepResult s = m.step();
        if (!s.executed) {
            if (s.stop != StopReason::Budget) break;
            ++idle;
        }
    }
    machine_ = std::move(m);
    machine_.breakpoints = breakpoints_;
    running_ = false;
    last_stop_.reset();
    ++generation_;
    return true;
}

RunResult Session::run_to(uint32_t addr, uint64_t limit) {
    bool had = breakpoints_.count(addr) != 0;
    machine_.breakpoints.insert(addr);
    RunResult r = step_n(limit);
    if (!had) machine_.breakpoints.erase(addr);
    for (auto& cp : checkpoints_) cp.breakpoints = breakpoints_;
    return r;
}

RunResult Session::run_for_frame(uint64_t budget) {
    if (!running_) return {};
    RunResult r = step_n(budget);
    return r;
}

void Session::set_running(bool on) {
    running_ = on && loaded();
    if (running_) last_stop_.reset();
}

std::string Session::last_stop_text() const {
    if (!last_stop_) return "";
    switch (*last_stop_) {
    case StopReason::Budget: return "";
    case StopReason::Breakpoint: {
        for (const Core& c : machine_.cores)
            if (c.tid && breakpoints_.count(c.ctx.pc))
                return fmt::format("breakpoint at {:#07x} on core {}", c.ctx.pc, c.index);
        return "breakpoint";
    }
    case StopReason::AllDone: return "every thread has ended";
    case StopReason::Fault: return "a fault killed a process";
    case StopReason::Deadlock: return "deadlock: every live thread waits and nothing can wake them";
    case StopReason::Paused: return machine_.stop_message.empty() ? "paused by the program" : machine_.stop_message;
    }
    return "";
}

void Session::set_breakpoint(uint32_t addr, bool on) {
    if (on) breakpoints_.insert(addr);
    else breakpoints_.erase(addr);
    machine_.breakpoints = breakpoints_;
}

void Session::toggle_breakpoint(uint32_t addr) { set_breakpoint(addr, !has_breakpoint(addr)); }

} // namespace gb
