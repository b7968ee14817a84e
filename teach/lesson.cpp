#include "teach/lesson.h"

#include "teach/panels.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

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

bool read_text(const fs::path& p, std::string& out) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return false;
    std::stringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

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
    if (!read_text(md, out)) {
        errors.push_back(fmt::format(
            "{}: missing (every lesson needs an English .en.md and a Korean .ko.md text)",
            md.string()));
        return false;
    }
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
                                  "watches",
                                  "result",
                                  "result_as_expected"};
    for (auto it = j.begin(); it != j.end(); ++it)
        if (std::find_if(std::begin(known), std::end(known),
                         [&](const char* k) { return it.key() == k; }) == std::end(known))
            errors.push_back(fmt::format(
                "{}: unknown field '{}' (expected one of: id, order, title, programs, config, "
                "panels, screenshot_steps, containers, watches, result, result_as_expected)",
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
    std::string root = assets.parent_path().string();
    if (root.empty()) root = ".";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        errors.push_back(fmt::format("{}: no lessons folder", dir.string()));
        return out;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::map<int, std::string> seen; // order → file
    for (const fs::path& f : files) {
        std::string text;
        if (!read_text(f, text)) {
            errors.push_back(fmt::format("{}: cannot be read", f.string()));
            continue;
        }
        Lesson l;
        if (!parse_lesson(text, f.string(), root, l, errors)) continue;
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

// [SECTION] Markdown --------------------------------------------------------------

namespace {

// Appends `text` to the last span if it has the same style, else as a new span.
void add_span(std::vector<MdSpan>& out, std::string text, bool code, bool bold, bool emphasis) {
    if (text.empty()) return;
    if (!out.empty() && out.back().code == code && out.back().bold == bold &&
        out.back().emphasis == emphasis) {
        out.back().text += text;
        return;
    }
    out.push_back({std::move(text), code, bold, emphasis});
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           static_cast<unsigned char>(c) >= 0x80;
}

size_t indent_of(std::string_view line) {
    size_t n = 0;
    for (char c : line) {
        if (c == ' ')
            ++n;
        else if (c == '\t')
            n += 4;
        else
            break;
    }
    return n;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// "- x", "* x", "+ x" → the text after the marker; "1. x" → the number too.
bool list_item(std::string_view t, std::string& marker, std::string_view& rest) {
    if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
        marker.clear();
        rest = t.substr(2);
        return true;
    }
    size_t i = 0;
    while (i < t.size() && i < 4 && t[i] >= '0' && t[i] <= '9')
        ++i;
    if (i > 0 && i + 1 < t.size() && (t[i] == '.' || t[i] == ')') && t[i + 1] == ' ') {
        marker = std::string(t.substr(0, i + 1));
        rest = t.substr(i + 2);
        return true;
    }
    return false;
}

} // namespace

std::vector<MdSpan> parse_md_spans(const std::string& text) {
    std::vector<MdSpan> out;
    bool bold = false, emph = false;
    std::string cur;
    auto flush = [&] {
        add_span(out, cur, false, bold, emph);
        cur.clear();
    };
    for (size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '\\' && i + 1 < text.size() &&
            std::string_view("\\`*_[]()#+-.!").find(text[i + 1]) != std::string_view::npos) {
            cur += text[i + 1];
            i += 2;
            continue;
        }
        if (c == '`') {
            size_t ticks = text.find_first_not_of('`', i) - i;
            if (text.find_first_not_of('`', i) == std::string::npos) ticks = text.size() - i;
            size_t close = text.find(std::string(ticks, '`'), i + ticks);
            if (close != std::string::npos) {
                flush();
                std::string code = text.substr(i + ticks, close - i - ticks);
                if (ticks > 1 && code.size() >= 2 && code.front() == ' ' && code.back() == ' ')
                    code = code.substr(1, code.size() - 2);
                add_span(out, code, true, bold, emph);
                i = close + ticks;
                continue;
            }
        }
        if ((c == '*' || c == '_') && i + 1 < text.size() && text[i + 1] == c) {
            // ** or __: bold on (followed by a non-space) or off (after a non-space).
            bool can_open = i + 2 < text.size() && text[i + 2] != ' ' &&
                            text.find(std::string(2, c), i + 2) != std::string::npos;
            bool can_close = bold && i > 0 && text[i - 1] != ' ';
            if (can_close || (!bold && can_open)) {
                flush();
                bold = !bold;
                i += 2;
                continue;
            }
        }
        if (c == '*' || c == '_') {
            bool prev_word = i > 0 && is_word_char(text[i - 1]);
            bool next_word = i + 1 < text.size() && text[i + 1] != ' ';
            // An underscore inside a word (thread_join) is just a character.
            bool intraword =
                c == '_' && prev_word && i + 1 < text.size() && is_word_char(text[i + 1]);
            bool can_open = !emph && next_word && !(c == '_' && prev_word) &&
                            text.find(c, i + 1) != std::string::npos;
            bool can_close = emph && i > 0 && text[i - 1] != ' ' && !intraword;
            if (!intraword && (can_open || can_close)) {
                flush();
                emph = !emph;
                ++i;
                continue;
            }
        }
        if (c == '[') {
            size_t close = text.find(']', i + 1);
            if (close != std::string::npos && close + 1 < text.size() && text[close + 1] == '(') {
                size_t paren = text.find(')', close + 2);
                if (paren != std::string::npos) {
                    cur += text.substr(i + 1, close - i - 1);
                    i = paren + 1;
                    continue;
                }
            }
        }
        cur += c;
        ++i;
    }
    flush();
    return out;
}

std::vector<MdBlock> parse_markdown(const std::string& markdown) {
    std::vector<MdBlock> out;
    std::vector<std::string_view> lines;
    for (size_t start = 0; start < markdown.size();) {
        size_t nl = markdown.find('\n', start);
        size_t end = nl == std::string::npos ? markdown.size() : nl;
        lines.emplace_back(markdown.data() + start, end - start);
        start = end + 1;
    }
    // The text of the block being gathered (a paragraph or a list item).
    std::string text;
    MdBlock pending;
    bool open = false;
    std::vector<size_t> list_indents; // the indents of the open list levels
    auto close = [&] {
        if (!open) return;
        pending.spans = parse_md_spans(text);
        out.push_back(std::move(pending));
        pending = MdBlock{};
        text.clear();
        open = false;
    };
    for (size_t i = 0; i < lines.size(); ++i) {
        std::string_view raw = lines[i];
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        std::string_view t = trim(raw);
        if (t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0) {
            close();
            std::string_view fence = t.substr(0, 3);
            MdBlock code;
            code.kind = MdBlock::Kind::Code;
            size_t ind = indent_of(raw);
            bool first = true;
            for (++i; i < lines.size(); ++i) {
                std::string_view l = lines[i];
                if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
                if (trim(l).rfind(fence, 0) == 0) break;
                // Keep the code's own indentation, less the fence's.
                size_t drop = std::min(ind, indent_of(l));
                if (!first) code.code += '\n';
                code.code += std::string(l.substr(std::min(drop, l.size())));
                first = false;
            }
            out.push_back(std::move(code));
            list_indents.clear();
            continue;
        }
        if (t.empty()) {
            close();
            continue;
        }
        if (t[0] == '#') {
            size_t level = t.find_first_not_of('#');
            if (level != std::string_view::npos && level <= 6 && t[level] == ' ') {
                close();
                list_indents.clear();
                open = true;
                pending.kind = MdBlock::Kind::Heading;
                pending.level = static_cast<int>(level);
                std::string_view h = trim(t.substr(level));
                while (!h.empty() && h.back() == '#')
                    h.remove_suffix(1); // "## Title ##"
                text = std::string(trim(h));
                close();
                continue;
            }
        }
        if (t.size() >= 3 && (t.find_first_not_of('-') == std::string_view::npos ||
                              t.find_first_not_of('*') == std::string_view::npos ||
                              t.find_first_not_of('_') == std::string_view::npos)) {
            close();
            list_indents.clear();
            out.push_back({MdBlock::Kind::Rule, 0, "", {}, ""});
            continue;
        }
        std::string marker;
        std::string_view rest;
        if (list_item(t, marker, rest)) {
            close();
            size_t ind = indent_of(raw);
            while (!list_indents.empty() && list_indents.back() > ind)
                list_indents.pop_back();
            if (list_indents.empty() || list_indents.back() < ind) list_indents.push_back(ind);
            open = true;
            pending.kind = marker.empty() ? MdBlock::Kind::Bullet : MdBlock::Kind::Numbered;
            pending.level = static_cast<int>(list_indents.size()) - 1;
            pending.marker = marker;
            text = std::string(rest);
            continue;
        }
        // A plain line: continues the paragraph or the list item, else starts a paragraph.
        if (open) {
            text += ' ';
            text += t;
            continue;
        }
        list_indents.clear();
        open = true;
        pending.kind = MdBlock::Kind::Paragraph;
        text = std::string(t);
    }
    close();
    return out;
}

} // namespace gb
