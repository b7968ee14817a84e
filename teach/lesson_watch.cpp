#include "teach/lesson_watch.h"

#include "sim/isa/isa.h"
#include "sim/isa/memlayout.h"
#include "teach/io_stats.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

namespace gb {

using nlohmann::json;

const std::vector<std::string>& kernel_figure_names() {
    static const std::vector<std::string> names = {
        "cycles",     "instructions",     "requests_answered", "requests_planned", "requests_lost",
        "throughput", "latency_mean",     "latency_p95",       "context_switches", "oom_kills",
        "faults",     "processes_exited", "threads",           "cpu_throttles",    "would_blocks"};
    return names;
}

namespace {

bool read_label(const json& obj, const char* key, std::string& en, std::string& ko,
                const std::string& file, const std::string& where,
                std::vector<std::string>& errors) {
    auto it = obj.find(key);
    if (it == obj.end()) return true;
    if (!it->is_object() || !it->contains("en") || !it->contains("ko") ||
        !(*it)["en"].is_string() || !(*it)["ko"].is_string()) {
        errors.push_back(fmt::format("{}: {}'{}' must be an object {{\"en\": \"...\", \"ko\": "
                                     "\"...\"}} with both languages",
                                     file, where, key));
        return false;
    }
    en = (*it)["en"].get<std::string>();
    ko = (*it)["ko"].get<std::string>();
    return true;
}

// The placeholders {name}, {name.expected} and {name.missing} of a sentence
// must name watches (a typo would otherwise print "?" in class).
void check_placeholders(const std::string& text, const std::vector<LessonWatch>& watches,
                        const std::string& file, const std::string& where,
                        std::vector<std::string>& errors) {
    for (size_t i = text.find('{'); i != std::string::npos; i = text.find('{', i + 1)) {
        size_t end = text.find('}', i);
        if (end == std::string::npos) {
            errors.push_back(fmt::format("{}: {}: a '{{' without its '}}'", file, where));
            return;
        }
        std::string key = text.substr(i + 1, end - i - 1);
        std::string name = key.substr(0, key.find('.'));
        std::string part = key.find('.') == std::string::npos ? "" : key.substr(key.find('.') + 1);
        auto w = std::find_if(watches.begin(), watches.end(),
                              [&](const LessonWatch& x) { return x.name == name; });
        if (w == watches.end())
            errors.push_back(
                fmt::format("{}: {}: {{{}}} names no watch (the watches are the lesson's "
                            "\"watches\", by \"name\")",
                            file, where, key));
        else if (!part.empty() && part != "expected" && part != "missing")
            errors.push_back(
                fmt::format("{}: {}: {{{}}}: expected {{{}}}, {{{}.expected}} or {{{}.missing}}",
                            file, where, key, name, name, name));
        else if (!part.empty() && !w->expected)
            errors.push_back(fmt::format("{}: {}: {{{}}}: watch '{}' has no \"expected\" value",
                                         file, where, key, name));
    }
}

} // namespace

bool parse_lesson_watches(const json& j, const std::string& file, std::vector<LessonWatch>& watches,
                          LessonResult& result, std::vector<std::string>& errors) {
    size_t before = errors.size();
    auto ws = j.find("watches");
    if (ws != j.end() && !ws->is_array())
        errors.push_back(
            fmt::format("{}: 'watches' must be a list, not {}", file, ws->type_name()));
    else if (ws != j.end()) {
        for (size_t i = 0; i < ws->size(); ++i) {
            const json& w = (*ws)[i];
            std::string where = fmt::format("watches[{}].", i);
            if (!w.is_object()) {
                errors.push_back(fmt::format("{}: {} must be an object", file, where));
                continue;
            }
            LessonWatch lw;
            auto str = [&](const char* key, std::string& out, bool required) {
                auto it = w.find(key);
                if (it == w.end()) {
                    if (required)
                        errors.push_back(fmt::format("{}: {}'{}' is missing", file, where, key));
                    return false;
                }
                if (!it->is_string() || it->get<std::string>().empty()) {
                    errors.push_back(
                        fmt::format("{}: {}'{}' must be a non-empty string", file, where, key));
                    return false;
                }
                out = it->get<std::string>();
                return true;
            };
            str("name", lw.name, true);
            std::string kind = "global";
            str("kind", kind, false);
            if (kind == "global" || kind == "tls") {
                lw.kind = kind == "tls" ? LessonWatch::Kind::Tls : LessonWatch::Kind::Global;
                str("symbol", lw.symbol, true);
            } else if (kind == "stack") {
                lw.kind = LessonWatch::Kind::Stack;
                if (!w.contains("offset") || !w["offset"].is_number_unsigned() ||
                    w["offset"].get<uint64_t>() == 0 ||
                    w["offset"].get<uint64_t>() > layout::kStackSize)
                    errors.push_back(fmt::format(
                        "{}: {}'offset' must be a whole number of bytes from 1 to {} (below "
                        "the thread's stack top)",
                        file, where, layout::kStackSize));
                else
                    lw.offset = w["offset"].get<uint32_t>();
                if (w.contains("thread")) {
                    if (!w["thread"].is_number_unsigned() || w["thread"].get<uint64_t>() > 11)
                        errors.push_back(fmt::format(
                            "{}: {}'thread' must be 0 (main) to 11: the process's n-th thread",
                            file, where));
                    else
                        lw.thread = w["thread"].get<int>();
                }
            } else if (kind == "register") {
                lw.kind = LessonWatch::Kind::Register;
                std::string r;
                if (str("register", r, true)) {
                    auto n = parse_reg(r);
                    if (!n)
                        errors.push_back(fmt::format(
                            "{}: {}'register' is '{}': expected r0 to r12, tp, fp or sp", file,
                            where, r));
                    else
                        lw.reg = *n;
                }
            } else if (kind == "kernel") {
                lw.kind = LessonWatch::Kind::Kernel;
                const auto& names = kernel_figure_names();
                if (str("figure", lw.figure, true) &&
                    std::find(names.begin(), names.end(), lw.figure) == names.end())
                    errors.push_back(fmt::format("{}: {}'figure' is '{}': expected one of {}", file,
                                                 where, lw.figure, fmt::join(names, ", ")));
            } else {
                errors.push_back(fmt::format(
                    "{}: {}'kind' is '{}': expected global, tls, stack, register or kernel", file,
                    where, kind));
            }
            if (w.contains("expected")) {
                if (!w["expected"].is_number_integer())
                    errors.push_back(
                        fmt::format("{}: {}'expected' must be a whole number", file, where));
                else
                    lw.expected = w["expected"].get<int64_t>();
            }
            read_label(w, "label", lw.label_en, lw.label_ko, file, where, errors);
            for (auto it = w.begin(); it != w.end(); ++it) {
                static const char* keys[] = {"name",   "kind",     "symbol",   "figure", "offset",
                                             "thread", "register", "expected", "label"};
                if (std::find_if(std::begin(keys), std::end(keys),
                                 [&](const char* k) { return it.key() == k; }) == std::end(keys))
                    errors.push_back(
                        fmt::format("{}: {}: unknown field '{}'", file, where, it.key()));
            }
            for (const LessonWatch& other : watches)
                if (!lw.name.empty() && other.name == lw.name)
                    errors.push_back(
                        fmt::format("{}: {}: a second watch named '{}'", file, where, lw.name));
            watches.push_back(lw);
        }
    }
    auto res = j.find("result");
    if (res != j.end()) {
        json list = res->is_array() ? *res : json::array({*res});
        for (size_t i = 0; i < list.size(); ++i) {
            LessonSentence s;
            json one = {{"result", list[i]}};
            std::string where = res->is_array() ? fmt::format("result[{}]", i) : "result";
            if (read_label(one, "result", s.en, s.ko, file, "", errors)) {
                check_placeholders(s.en, watches, file, where + ".en", errors);
                check_placeholders(s.ko, watches, file, where + ".ko", errors);
                result.sentences.push_back(s);
            }
        }
    }
    if (read_label(j, "result_as_expected", result.as_expected.en, result.as_expected.ko, file, "",
                   errors)) {
        check_placeholders(result.as_expected.en, watches, file, "result_as_expected.en", errors);
        check_placeholders(result.as_expected.ko, watches, file, "result_as_expected.ko", errors);
    }
    if (!result.as_expected.en.empty() && result.sentences.empty())
        errors.push_back(fmt::format("{}: 'result_as_expected' needs a 'result' too", file));
    return errors.size() == before;
}

namespace {

// The processes that run `image` (the lesson's program and its forks), in pid order.
std::vector<int> processes_of(const Machine& m, const Image* image) {
    std::vector<int> out;
    for (const Process& p : m.processes)
        if (p.image.get() == image) out.push_back(p.pid);
    if (out.empty() && !m.processes.empty()) out.push_back(1);
    return out;
}

// A thread's register as it is now (live in its core while it runs).
uint32_t thread_reg(const Machine& m, const Thread& t, int reg) {
    for (const Core& c : m.cores)
        if (c.tid == t.tid) return c.ctx.regs[static_cast<size_t>(reg)];
    return t.ctx.regs[static_cast<size_t>(reg)];
}

const Watch* kernel_watch_at(const Machine& m, uint32_t addr) {
    for (const Watch& w : m.watches)
        if (w.addr == addr) return &w;
    return nullptr;
}

WatchRow memory_row(const Machine& m, size_t index, int pid, int tid, uint32_t addr) {
    WatchRow r;
    r.watch = index;
    r.pid = pid;
    r.tid = tid;
    uint32_t v = 0;
    if (pid >= 1 && pid <= static_cast<int>(m.processes.size()) &&
        m.process(pid).mem.peek32(addr, v)) {
        r.known = true;
        r.value = static_cast<int32_t>(v);
        r.text = std::to_string(r.value);
    }
    if (const Watch* kw = kernel_watch_at(m, addr); kw && kw->writes && kw->last.pid == pid) {
        r.writes = kw->writes;
        r.last = kw->last;
        if (!r.known && tid && m.thread(tid).state == ThreadState::Done) {
            // The thread has ended and its slot is unmapped: the value it left.
            r.known = r.ended = true;
            r.value = static_cast<int32_t>(kw->last.new_value);
            r.text = std::to_string(r.value);
        }
    }
    return r;
}

std::optional<std::pair<int64_t, std::string>> kernel_figure(const Machine& m,
                                                             const std::string& f) {
    auto whole = [](int64_t v) { return std::pair{v, std::to_string(v)}; };
    if (f == "cycles") return whole(static_cast<int64_t>(m.now));
    if (f == "instructions") return whole(static_cast<int64_t>(m.instructions));
    if (f == "faults") return whole(static_cast<int64_t>(m.faults));
    if (f == "context_switches") {
        int64_t n = 0;
        for (const Event& e : m.log.events)
            if (e.kind == EventKind::Switch && e.tid != 0) ++n;
        return whole(n);
    }
    if (f == "oom_kills") {
        int64_t n = 0;
        for (const Container& c : m.containers)
            n += static_cast<int64_t>(c.oom_kills);
        return whole(n);
    }
    if (f == "threads") return whole(static_cast<int64_t>(m.threads.size()));
    if (f == "cpu_throttles") {
        int64_t n = 0;
        for (const Container& c : m.containers)
            n += static_cast<int64_t>(c.throttles);
        return whole(n);
    }
    if (f == "processes_exited") {
        int64_t n = 0;
        for (const Process& p : m.processes)
            n += p.exited ? 1 : 0;
        return whole(n);
    }
    IoStats s = io_stats(m);
    if (f == "requests_answered") return whole(s.answered);
    if (f == "requests_planned") return whole(s.planned);
    if (f == "requests_lost") return whole(s.lost);
    if (f == "would_blocks") return whole(static_cast<int64_t>(s.would_blocks));
    if (f == "latency_p95") return whole(static_cast<int64_t>(s.latency.p95));
    if (f == "latency_mean")
        return std::pair{static_cast<int64_t>(s.latency.mean),
                         fmt::format("{:.0f}", s.latency.mean)};
    if (f == "throughput")
        return std::pair{static_cast<int64_t>(s.throughput * 100),
                         fmt::format("{:.2f}", s.throughput)};
    return std::nullopt;
}

} // namespace

std::vector<WatchRow> watch_rows(const std::vector<LessonWatch>& watches, const Machine& m,
                                 const Image* image, const std::string& lang) {
    std::vector<WatchRow> rows;
    for (size_t i = 0; i < watches.size(); ++i) {
        const LessonWatch& w = watches[i];
        std::string label = lang == "ko" && !w.label_ko.empty() ? w.label_ko
                            : !w.label_en.empty()               ? w.label_en
                                                                : w.name;
        std::vector<int> pids = processes_of(m, image);
        size_t first = rows.size();
        auto add = [&](WatchRow r, const std::string& suffix) {
            r.label = suffix.empty() ? label : label + " · " + suffix;
            r.who = suffix;
            r.expected = w.expected;
            r.differs = r.known && r.expected && *r.expected != r.value;
            rows.push_back(std::move(r));
        };
        switch (w.kind) {
        case LessonWatch::Kind::Global: {
            const Symbol* s = image ? image->find(w.symbol) : nullptr;
            if (!s || s->kind != SymbolKind::Data) break;
            for (int pid : pids)
                add(memory_row(m, i, pid, 0, static_cast<uint32_t>(s->value)),
                    pids.size() > 1 ? fmt::format("pid {}", pid) : "");
            break;
        }
        case LessonWatch::Kind::Tls: {
            const Symbol* s = image ? image->find(w.symbol) : nullptr;
            if (!s || s->kind != SymbolKind::Tls) break;
            for (const Thread& t : m.threads)
                if (std::find(pids.begin(), pids.end(), t.pid) != pids.end())
                    add(memory_row(m, i, t.pid, t.tid,
                                   layout::tls_base(t.slot) + static_cast<uint32_t>(s->value)),
                        fmt::format("t{} {}", t.tid, t.name));
            break;
        }
        case LessonWatch::Kind::Stack: {
            int n = 0;
            for (const Thread& t : m.threads)
                if (!pids.empty() && t.pid == pids.front() && n++ == w.thread)
                    add(memory_row(m, i, t.pid, t.tid, layout::stack_top(t.slot) - w.offset),
                        fmt::format("t{} {}", t.tid, t.name));
            break;
        }
        case LessonWatch::Kind::Register:
            for (const Thread& t : m.threads) {
                if (std::find(pids.begin(), pids.end(), t.pid) == pids.end()) continue;
                WatchRow r;
                r.watch = i;
                r.pid = t.pid;
                r.tid = t.tid;
                r.known = t.state != ThreadState::Done;
                r.value = static_cast<int32_t>(thread_reg(m, t, w.reg));
                r.text = r.known ? std::to_string(r.value) : "";
                add(r, fmt::format("t{} {}", t.tid, t.name));
            }
            break;
        case LessonWatch::Kind::Kernel: {
            WatchRow r;
            r.watch = i;
            if (auto v = kernel_figure(m, w.figure)) {
                r.known = true;
                r.value = v->first;
                r.text = v->second;
            }
            add(r, "");
            break;
        }
        }
        if (rows.size() == first) { // nothing to show yet (no such symbol or thread)
            WatchRow r;
            r.watch = i;
            add(r, "");
        }
    }
    return rows;
}

std::vector<Watch> kernel_watches(const std::vector<LessonWatch>& watches, const Image& image) {
    std::vector<Watch> out;
    auto add = [&](uint32_t addr) {
        for (const Watch& w : out)
            if (w.addr == addr) return;
        Watch w;
        w.addr = addr; // pid 0: in every process (forks keep the address)
        out.push_back(w);
    };
    for (const LessonWatch& w : watches) {
        const Symbol* s = image.find(w.symbol);
        if (w.kind == LessonWatch::Kind::Global && s && s->kind == SymbolKind::Data)
            add(static_cast<uint32_t>(s->value));
        if (w.kind == LessonWatch::Kind::Tls && s && s->kind == SymbolKind::Tls)
            for (int slot = 0; slot < layout::kMaxThreadSlots; ++slot)
                add(layout::tls_base(slot) + static_cast<uint32_t>(s->value));
        if (w.kind == LessonWatch::Kind::Stack)
            for (int slot = 0; slot < layout::kMaxThreadSlots; ++slot)
                add(layout::stack_top(slot) - w.offset);
    }
    return out;
}

bool program_ended(const Machine& m) {
    return !m.threads.empty() && (m.all_done() || !m.deadlock_cycle.empty());
}

namespace {

// `text` with its placeholders filled in; nullopt when one of them has no value.
std::optional<std::string> fill(const std::string& text, const std::vector<LessonWatch>& watches,
                                const std::vector<WatchRow>& rows) {
    // The first row of a watch stands for it (a per-thread watch: the first thread).
    auto row_of = [&](const std::string& name) -> const WatchRow* {
        for (size_t i = 0; i < watches.size(); ++i)
            if (watches[i].name == name)
                for (const WatchRow& r : rows)
                    if (r.watch == i) return &r;
        return nullptr;
    };
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        size_t end = text[i] == '{' ? text.find('}', i) : std::string::npos;
        if (end == std::string::npos) {
            out += text[i];
            continue;
        }
        std::string key = text.substr(i + 1, end - i - 1);
        std::string name = key.substr(0, key.find('.'));
        std::string part = key.find('.') == std::string::npos ? "" : key.substr(key.find('.') + 1);
        const WatchRow* r = row_of(name);
        if (!r || !r->known || (!part.empty() && !r->expected)) return std::nullopt;
        if (part.empty())
            out += r->text;
        else if (part == "expected")
            out += std::to_string(*r->expected);
        else
            out += std::to_string(*r->expected - r->value);
        i = end;
    }
    return out;
}

} // namespace

std::string result_sentence(const LessonResult& result, const std::vector<LessonWatch>& watches,
                            const std::vector<WatchRow>& rows, const std::string& lang) {
    bool ko = lang == "ko";
    auto text = [&](const LessonSentence& s) -> const std::string& { return ko ? s.ko : s.en; };
    bool all_met = true, any_expected = false;
    for (const WatchRow& r : rows)
        if (r.expected && r.known) {
            any_expected = true;
            all_met = all_met && !r.differs;
        }
    if (any_expected && all_met && !result.as_expected.en.empty())
        if (auto s = fill(text(result.as_expected), watches, rows)) return *s;
    for (const LessonSentence& sentence : result.sentences)
        if (auto s = fill(text(sentence), watches, rows)) return *s;
    return "";
}

} // namespace gb
