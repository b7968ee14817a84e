#include "teach/pool_sizing.h"

#include "sim/asm/assembler.h"
#include "sim/asm/file_text.h"
#include "teach/event_words.h"
#include "teach/loader.h"
#include "teach/program.h"

#include <algorithm>
#include <fmt/format.h>
#include <regex>

namespace gb {

namespace {
// A run that has not ended after this many instructions is reported, not waited for.
constexpr uint64_t kMaxRunSteps = 20'000'000;
} // namespace

std::optional<std::string> with_equ(const std::string& source, const std::string& name, int value) {
    std::regex line("(\\.equ[ \\t]+" + name + "[ \\t]*,[ \\t]*)[^;\\n]*?([ \\t]*(;|\\n))");
    if (!std::regex_search(source, line)) return std::nullopt;
    return std::regex_replace(source, line, "$01" + std::to_string(value) + "$2",
                              std::regex_constants::format_first_only);
}

bool PoolSizing::start(const Lesson& lesson) {
    *this = PoolSizing();
    started_ = true;
    if (!lesson.pool || lesson.pool->size_to == 0 || lesson.program_paths.empty()) {
        error_ = "this lesson has no sizing experiment";
        return false;
    }
    const LessonPool& pool = *lesson.pool;
    path_ = lesson.program_paths[0];
    FileText f = read_file_text(path_);
    if (!f.ok()) {
        error_ = fmt::format("{}: {}", path_, f.error);
        return false;
    }
    source_ = f.text;
    constant_ = pool.size_constant;
    wait_ = pool.wait_constant;
    done_symbol_ = pool.done;
    from_ = pool.size_from;
    to_ = pool.size_to;
    next_ = from_;
    config_ = lesson_config(lesson);
    cores_ = config_.cores;
    if (!with_equ(source_, constant_, from_)) {
        error_ = fmt::format("{}: no line '.equ {}, ...' to change", path_, constant_);
        return false;
    }
    return begin_run();
}

bool PoolSizing::begin_run() {
    run_.reset();
    run_steps_ = 0;
    if (next_ > to_) return true;
    std::string src = *with_equ(source_, constant_, next_);
    AsmResult r = assemble(src, path_, default_asm_options(path_));
    if (!r.ok()) {
        error_ = fmt::format("with {} = {}: {}", constant_, next_, format_errors(r));
        return false;
    }
    auto image = std::make_shared<const Image>(std::move(*r.image));
    if (const Symbol* w = image->find(wait_); w && w->kind == SymbolKind::Constant)
        wt_ = w->value;
    else {
        error_ = fmt::format("{}: no constant '{}' (the I/O wait)", path_, wait_);
        return false;
    }
    run_.emplace(config_);
    install_file_loaders(*run_, path_);
    if (run_->load(image, "pool") != 1) {
        error_ = fmt::format("{}: could not be loaded", path_);
        return false;
    }
    return true;
}

bool PoolSizing::advance(uint64_t budget) {
    while (!finished() && budget > 0 && run_) {
        RunResult r = run_->run(std::min(budget, kMaxRunSteps - run_steps_));
        budget -= std::min(budget, r.steps);
        run_steps_ += r.steps;
        if (r.reason == StopReason::AllDone) {
            const Process& p = run_->process(1);
            SizingPoint pt;
            pt.workers = next_;
            pt.cycles = run_->now;
            uint32_t done = 0;
            if (const Symbol* s = p.image->find(done_symbol_))
                p.mem.peek32(static_cast<uint32_t>(s->value), done);
            pt.tasks = static_cast<int>(done);
            pt.throughput = pt.cycles ? 1000.0 * pt.tasks / static_cast<double>(pt.cycles) : 0;
            // CT, measured: the one worker's CPU cycles per task (thread 2: main is 1).
            if (points_.empty() && pt.tasks > 0 && run_->threads.size() >= 2)
                ct_ = static_cast<double>(run_->thread(2).cycles_running) / pt.tasks;
            points_.push_back(pt);
            ++next_;
            if (!begin_run()) return true;
        } else if (r.reason != StopReason::Budget || run_steps_ >= kMaxRunSteps) {
            error_ = fmt::format("with {} = {} the run stopped ({}) before its end: {}", constant_,
                                 next_, stop_reason_name(r.reason), stop_text(*run_));
            return true;
        }
    }
    return finished();
}

double PoolSizing::progress() const {
    if (!started_ || to_ < from_) return 0;
    return static_cast<double>(points_.size()) / static_cast<double>(to_ - from_ + 1);
}

std::optional<double> PoolSizing::rule_of_thumb() const {
    if (ct_ <= 0) return std::nullopt;
    return cores_ * (1.0 + wt_ / ct_);
}

int PoolSizing::best_workers() const {
    auto best = std::max_element(
        points_.begin(), points_.end(),
        [](const SizingPoint& a, const SizingPoint& b) { return a.throughput < b.throughput; });
    return best == points_.end() ? 0 : best->workers;
}

} // namespace gb
