#include "teach/lesson.h"

#include "sim/asm/file_text.h"
#include "sim/isa/isa.h"
#include "teach/panels.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <map>
#include <nlohmann/json.hpp>

namespace gb {

namespace fs = std::filesystem;
using nlohmann::json;

const std::vector<std::string>& lesson_panel_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const PanelInfo& p : panel_table())
            out.emplace_back(p.id);
        return out;
    }();
    return names;
}

namespace {

std::string type_name(const json& j) {
    return j.type_name();
}

// The start of each line that is a Markdown heading outside code fences.
// Returns the offset of the first line starting with `prefix`, or npos.
size_t find_heading(const std::string& md, const std::string& prefix, size_t from = 0) {
    bool code = false;
    size_t start = 0;
    while (start < md.size()) {
        size_t nl = md.find('\n', start);
        size_t end = nl == std::string::npos ? md.size() : nl;
        std::string_view line(md.data() + start, end - start);
        if (line.substr(0, 3) == "```")
            code = !code;
        else if (!code && start >= from && line.substr(0, prefix.size()) == prefix)
            return start;
        start = end + 1;
    }
    return std::string::npos;
}

// Reads an unsigned whole number field, with an error naming the field.
template <class T>
bool get_uint(const json& obj, const char* key, T& out, uint64_t min, uint64_t max,
              const std::string& file, const std::string& where, std::vector<std::string>& errors) {
    auto it = obj.find(key);
    if (it == obj.end()) return true; // optional: keep the default
    if (!it->is_number_integer()) {
        errors.push_back(fmt::format("{}: {}'{}' must be a whole number, not {}", file, where, key,
                                     type_name(*it)));
        return false;
    }
    int64_t v = it->get<int64_t>();
    if (v < 0 || static_cast<uint64_t>(v) < min || static_cast<uint64_t>(v) > max) {
        errors.push_back(fmt::format("{}: {}'{}' is {}, but must be between {} and {}", file, where,
                                     key, v, min, max));
        return false;
    }
    out = static_cast<T>(v);
    return true;
}

bool get_string(const json& obj, const char* key, std::string& out, const std::string& file,
                const std::string& where, std::vector<std::string>& errors, bool required = true) {
    auto it = obj.find(key);
    if (it == obj.end()) {
        if (required) errors.push_back(fmt::format("{}: {}'{}' is missing", file, where, key));
        return !required;
    }
    if (!it->is_string() || it->get<std::string>().empty()) {
        errors.push_back(fmt::format("{}: {}'{}' must be a non-empty string, not {}", file, where,
                                     key, it->is_string() ? "an empty one" : type_name(*it)));
        return false;
    }
    out = it->get<std::string>();
    return true;
}

// Checks one language's text: present, with a Predict heading and then an Answer heading.
bool check_text(const fs::path& md, std::string& out, std::vector<std::string>& errors) {
    FileText file = read_file_text(md);
    if (!file.ok() && file.error != "no such file") {
        errors.push_back(fmt::format("{}: cannot be read ({})", md.string(), file.error));
        return false;
    }
    if (!file.ok()) {
        errors.push_back(fmt::format(
            "{}: missing (every lesson needs an English .en.md and a Korean .ko.md text)",
            md.string()));
        return false;
    }
    if (size_t nul = file.text.find('\0'); nul != std::string::npos) {
        errors.push_back(fmt::format("{}: a NUL byte (0x00) at byte {}: a lesson's text is plain "
                                     "UTF-8 text",
                                     md.string(), nul));
        return false;
    }
    out = std::move(file.text);
    size_t predict = find_heading(out, "## Predict");
    if (predict == std::string::npos) {
        errors.push_back(
            fmt::format("{}: no '## Predict' heading (the question the student answers before "
                        "running)",
                        md.string()));
        return false;
    }
    if (find_heading(out, "## Answer", predict) == std::string::npos) {
        errors.push_back(
            fmt::format("{}: no '## Answer' heading after '## Predict' (the answer the dashboard "
                        "hides until asked)",
                        md.string()));
        return false;
    }
    return true;
}

} // namespace

bool parse_lesson(const std::string& json_text, const std::string& json_path,
                  const std::string& root, Lesson& out, std::vector<std::string>& errors) {
    const std::string& file = json_path;
    size_t errors_before = errors.size();
    json j;
    try {
        j = json::parse(json_text);
    } catch (const json::parse_error& e) {
        // e.what() reads "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
        std::string what = e.what();
        size_t at = what.find("] ");
        errors.push_back(fmt::format("{}: not valid JSON: {}", file,
                                     at == std::string::npos ? what : what.substr(at + 2)));
        return false;
    }
    if (!j.is_object()) {
        errors.push_back(fmt::format("{}: the lesson must be a JSON object {{...}}, not {}", file,
                                     type_name(j)));
        return false;
    }
    static const char* known[] = {"id",
                                  "order",
                                  "title",
                                  "programs",
                                  "config",
                                  "panels",
                                  "screenshot_steps",
                                  "containers",
                                  "pool",
                                  "coroutines",
                                  "watches",
                                  "result",
                                  "result_as_expected"};
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::find_if(std::begin(known), std::end(known),
                         [&](const char* k) { return it.key() == k; }) == std::end(known))
            errors.push_back(fmt::format(
                "{}: unknown field '{}' (expected one of: id, order, title, programs, config, "
                "panels, screenshot_steps, containers, pool, coroutines, watches, result, "
                "result_as_expected)",
                file, it.key()));

    Lesson l;
    l.json_path = json_path;
    l.root = root;
    std::string stem = fs::path(json_path).stem().string();
    if (get_string(j, "id", l.id, file, "", errors) && l.id != stem)
        errors.push_back(
            fmt::format("{}: 'id' is '{}' but the file is named '{}.json' (they must match)", file,
                        l.id, stem));

    if (!j.contains("order"))
        errors.push_back(fmt::format("{}: 'order' is missing", file));
    else
        get_uint(j, "order", l.order, 1, 1000, file, "", errors);

    auto title = j.find("title");
    if (title == j.end())
        errors.push_back(fmt::format("{}: 'title' is missing", file));
    else if (!title->is_object())
        errors.push_back(
            fmt::format("{}: 'title' must be an object {{\"en\": ..., \"ko\": ...}}, not {}", file,
                        type_name(*title)));
    else {
        get_string(*title, "en", l.title_en, file, "title.", errors);
        get_string(*title, "ko", l.title_ko, file, "title.", errors);
    }

    auto progs = j.find("programs");
    if (progs == j.end() || !progs->is_array() || progs->empty()) {
        errors.push_back(fmt::format(
            "{}: 'programs' must be a non-empty list of program paths (the first one opens)",
            file));
    } else {
        for (const json& p : *progs) {
            if (!p.is_string()) {
                errors.push_back(
                    fmt::format("{}: 'programs' holds {}, not a path", file, type_name(p)));
                continue;
            }
            std::string rel = p.get<std::string>();
            fs::path abs = fs::path(root) / rel;
            std::error_code ec;
            if (!fs::is_regular_file(abs, ec)) {
                errors.push_back(fmt::format("{}: program '{}' does not exist (looked for {})",
                                             file, rel, abs.string()));
                continue;
            }
            l.programs.push_back(rel);
            l.program_paths.push_back(abs.lexically_normal().string());
        }
    }

    auto cfg = j.find("config");
    if (cfg != j.end()) {
        if (!cfg->is_object()) {
            errors.push_back(
                fmt::format("{}: 'config' must be an object, not {}", file, type_name(*cfg)));
        } else {
            static const char* keys[] = {"cores",
                                         "policy",
                                         "quantum",
                                         "timer",
                                         "thread_switch_cost",
                                         "process_switch_cost",
                                         "seed",
                                         "max_threads_per_process",
                                         "max_processes",
                                         "max_memory_per_process"};
            for (auto it = cfg->begin(); it != cfg->end(); ++it)
                if (std::find_if(std::begin(keys), std::end(keys),
                                 [&](const char* k) { return it.key() == k; }) == std::end(keys))
                    errors.push_back(
                        fmt::format("{}: unknown setting 'config.{}'", file, it.key()));
            get_uint(*cfg, "cores", l.cores, 1, 8, file, "config.", errors);
            if (get_string(*cfg, "policy", l.policy, file, "config.", errors, false) &&
                !parse_policy(l.policy))
                errors.push_back(fmt::format(
                    "{}: 'config.policy' is '{}': expected fifo, sjf, stcf, rr, priority, "
                    "mlfq or lottery",
                    file, l.policy));
            get_uint(*cfg, "quantum", l.quantum, 1, 1'000'000, file, "config.", errors);
            get_uint(*cfg, "timer", l.timer, 1, 100'000'000, file, "config.", errors);
            get_uint(*cfg, "thread_switch_cost", l.thread_switch_cost, 0, 1'000'000, file,
                     "config.", errors);
            get_uint(*cfg, "process_switch_cost", l.process_switch_cost, 0, 1'000'000, file,
                     "config.", errors);
            get_uint(*cfg, "seed", l.seed, 0, UINT64_MAX >> 1, file, "config.", errors);
            get_uint(*cfg, "max_threads_per_process", l.limits.max_threads_per_process, 1, 12, file,
                     "config.", errors);
            get_uint(*cfg, "max_processes", l.limits.max_processes, 1, 10'000, file, "config.",
                     errors);
            get_uint(*cfg, "max_memory_per_process", l.limits.max_memory_per_process, 4096,
                     512 * 1024, file, "config.", errors);
        }
    }

    auto panels = j.find("panels");
    if (panels == j.end() || !panels->is_array()) {
        errors.push_back(fmt::format("{}: 'panels' must be a list of panel names", file));
    } else {
        const auto& names = lesson_panel_names();
        for (const json& p : *panels) {
            if (!p.is_string() ||
                std::find(names.begin(), names.end(), p.get<std::string>()) == names.end()) {
                errors.push_back(fmt::format("{}: unknown panel {} (expected one of: {})", file,
                                             p.dump(), fmt::join(names, ", ")));
                continue;
            }
            l.panels.push_back(p.get<std::string>());
        }
    }

    get_uint(j, "screenshot_steps", l.screenshot_steps, 0, 100'000'000, file, "", errors);

    auto conts = j.find("containers");
    if (conts != j.end()) {
        if (!conts->is_array()) {
            errors.push_back(
                fmt::format("{}: 'containers' must be a list, not {}", file, type_name(*conts)));
        } else {
            for (size_t i = 0; i < conts->size(); ++i) {
                const json& c = (*conts)[i];
                std::string where = fmt::format("containers[{}].", i);
                if (!c.is_object()) {
                    errors.push_back(fmt::format("{}: {} must be an object", file, where));
                    continue;
                }
                LessonContainer lc;
                get_string(c, "name", lc.name, file, where, errors);
                if (get_string(c, "program", lc.program, file, where, errors)) {
                    std::error_code ec;
                    if (!fs::is_regular_file(fs::path(root) / lc.program, ec))
                        errors.push_back(fmt::format("{}: {}program '{}' does not exist", file,
                                                     where, lc.program));
                }
                get_uint(c, "memory_quota", lc.memory_quota, 0, 64u << 20, file, where, errors);
                get_uint(c, "cpu_quota", lc.cpu_quota, 0, 1u << 30, file, where, errors);
                get_uint(c, "cpu_period", lc.cpu_period, 1, 1u << 30, file, where, errors);
                l.containers.push_back(lc);
            }
        }
    }

    auto pool = j.find("pool");
    if (pool != j.end()) {
        if (!pool->is_object()) {
            errors.push_back(
                fmt::format("{}: 'pool' must be an object, not {}", file, type_name(*pool)));
        } else {
            LessonPool lp;
            std::pair<const char*, std::string*> fields[] = {{"queue", &lp.queue},
                                                             {"head", &lp.head},
                                                             {"tail", &lp.tail},
                                                             {"done", &lp.done},
                                                             {"worker", &lp.worker},
                                                             {"task_register", &lp.task_register},
                                                             {"holds_from", &lp.holds_from},
                                                             {"holds_to", &lp.holds_to}};
            for (auto& [key, field] : fields)
                get_string(*pool, key, *field, file, "pool.", errors);
            auto sizing = pool->find("sizing");
            if (sizing != pool->end()) {
                if (!sizing->is_object()) {
                    errors.push_back(fmt::format("{}: 'pool.sizing' must be an object", file));
                } else {
                    get_string(*sizing, "constant", lp.size_constant, file, "pool.sizing.", errors);
                    get_string(*sizing, "wait", lp.wait_constant, file, "pool.sizing.", errors);
                    get_uint(*sizing, "from", lp.size_from, 1, 64, file, "pool.sizing.", errors);
                    get_uint(*sizing, "to", lp.size_to, 1, 64, file, "pool.sizing.", errors);
                    if (lp.size_to < lp.size_from)
                        errors.push_back(fmt::format(
                            "{}: 'pool.sizing.to' ({}) is less than 'pool.sizing.from' ({})", file,
                            lp.size_to, lp.size_from));
                }
            }
            l.pool = lp;
        }
    }

    auto coros = j.find("coroutines");
    if (coros != j.end()) {
        if (!coros->is_object()) {
            errors.push_back(
                fmt::format("{}: 'coroutines' must be an object, not {}", file, type_name(*coros)));
        } else {
            LessonCoroutines lc;
            get_string(*coros, "heap_label", lc.heap_label, file, "coroutines.", errors);
            get_uint(*coros, "sp_offset", lc.sp_offset, 0, 4096, file, "coroutines.", errors);
            get_uint(*coros, "done_offset", lc.done_offset, 0, 4096, file, "coroutines.", errors);
            auto saved = coros->find("saved");
            if (saved == coros->end() || !saved->is_array() || saved->size() > 16) {
                errors.push_back(fmt::format(
                    "{}: 'coroutines.saved' must be a list of at most 16 register names", file));
            } else {
                for (const json& r : *saved)
                    if (!r.is_string() || !parse_reg(r.get<std::string>()))
                        errors.push_back(fmt::format(
                            "{}: 'coroutines.saved' has {}, which is not a register name (r0..r12, "
                            "tp, fp, sp)",
                            file, r.dump()));
                    else
                        lc.saved.push_back(r.get<std::string>());
            }
            l.coroutines = lc;
        }
    }

    parse_lesson_watches(j, file, l.watches, l.result, errors);

    // The two texts, next to the JSON file.
    fs::path base = fs::path(json_path).parent_path() / stem;
    check_text(base.string() + ".en.md", l.text_en, errors);
    check_text(base.string() + ".ko.md", l.text_ko, errors);

    if (errors.size() != errors_before) return false;
    out = std::move(l);
    return true;
}

std::vector<Lesson> load_lessons(const std::string& assets_dir, std::vector<std::string>& errors) {
    std::vector<Lesson> out;
    fs::path assets = fs::path(assets_dir).lexically_normal();
    if (!assets.has_filename()) assets = assets.parent_path(); // "assets/" → "assets"
    fs::path dir = assets / "lessons";
    // (Not `root = "."` after the fact: GCC 12 then warns of a false -Wrestrict.)
    const std::string root = assets.has_parent_path() ? assets.parent_path().string() : ".";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        errors.push_back(fmt::format("{}: no lessons folder", dir.string()));
        return out;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        // A symlink loop or a FIFO named *.json is reported by the reader below.
        std::error_code kind;
        if (e.path().extension() == ".json" && !e.is_directory(kind)) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::map<int, std::string> seen; // order → file
    for (const fs::path& f : files) {
        FileText file = read_file_text(f);
        if (!file.ok()) {
            errors.push_back(fmt::format("{}: cannot be read ({})", f.string(), file.error));
            continue;
        }
        Lesson l;
        if (!parse_lesson(file.text, f.string(), root, l, errors)) continue;
        auto [it, fresh] = seen.emplace(l.order, f.string());
        if (!fresh) {
            errors.push_back(
                fmt::format("{}: order {} is already used by {}", f.string(), l.order, it->second));
            continue;
        }
        out.push_back(std::move(l));
    }
    std::sort(out.begin(), out.end(),
              [](const Lesson& a, const Lesson& b) { return a.order < b.order; });
    return out;
}

Config lesson_config(const Lesson& lesson) {
    Config c;
    c.cores = lesson.cores;
    c.sched.policy = parse_policy(lesson.policy).value_or(Policy::RoundRobin);
    c.sched.quantum_ticks = lesson.quantum;
    c.timer_period = lesson.timer;
    c.thread_switch_cost = lesson.thread_switch_cost;
    c.process_switch_cost = lesson.process_switch_cost;
    c.seed = lesson.seed;
    c.limits = lesson.limits;
    return c;
}

const Lesson* find_lesson(const std::vector<Lesson>& lessons, const std::string& name,
                          std::string& error) {
    auto choices = [&] {
        std::vector<std::string> ids;
        for (const Lesson& l : lessons)
            ids.push_back(l.id);
        return ids.empty() ? std::string("(no lessons were found)")
                           : fmt::format("{}", fmt::join(ids, ", "));
    };
    if (name.empty()) {
        error = fmt::format("no lesson named: the lessons are {}", choices());
        return nullptr;
    }
    for (const Lesson& l : lessons)
        if (l.id == name) return &l;
    // A number is the lesson's order ("9" and "09" both name 09-thread-safety).
    if (std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        name.size() <= 4) {
        int order = std::stoi(name);
        for (const Lesson& l : lessons)
            if (l.order == order) return &l;
    }
    std::vector<const Lesson*> hits;
    for (const Lesson& l : lessons)
        if (l.id.rfind(name, 0) == 0) hits.push_back(&l);
    if (hits.size() == 1) return hits[0];
    if (hits.empty())
        error = fmt::format("no lesson '{}': the lessons are {}", name, choices());
    else {
        std::vector<std::string> ids;
        for (const Lesson* l : hits)
            ids.push_back(l->id);
        error = fmt::format("'{}' could be any of {}: say which", name, fmt::join(ids, ", "));
    }
    return nullptr;
}

LessonText split_answer(const std::string& markdown) {
    size_t predict = find_heading(markdown, "## Predict");
    size_t at = find_heading(markdown, "## Answer", predict == std::string::npos ? 0 : predict);
    if (at == std::string::npos) return {markdown, ""};
    return {markdown.substr(0, at), markdown.substr(at)};
}

} // namespace gb
