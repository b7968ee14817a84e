#include "teach/recording.h"

#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace gb {

namespace {

constexpr int kFormat = 1; // bump when the file's meaning changes

nlohmann::json config_json(const Config& c) {
    nlohmann::json script = nlohmann::json::array();
    for (const ScriptedRequest& r : c.io.load.script)
        script.push_back({{"client", r.client}, {"at", r.at}, {"work", r.work}});
    return {{"cores", c.cores},
            {"policy", policy_name(c.sched.policy)},
            {"quantum_ticks", c.sched.quantum_ticks},
            {"mlfq_levels", c.sched.mlfq_levels},
            {"mlfq_quantum_ticks", c.sched.mlfq_quantum_ticks},
            {"mlfq_allotment_ticks", c.sched.mlfq_allotment_ticks},
            {"mlfq_boost_ticks", c.sched.mlfq_boost_ticks},
            {"timer_period", c.timer_period},
            {"thread_switch_cost", c.thread_switch_cost},
            {"process_switch_cost", c.process_switch_cost},
            {"seed", c.seed},
            {"limits",
             {{"max_processes", c.limits.max_processes},
              {"max_threads_per_process", c.limits.max_threads_per_process},
              {"max_memory_per_process", c.limits.max_memory_per_process},
              {"max_instructions", c.limits.max_instructions}}},
            {"io",
             {{"disk_latency", c.io.disk_latency},
              {"disk_jitter", c.io.disk_jitter},
              {"pipe_capacity", c.io.pipe_capacity},
              {"load",
               {{"clients", c.io.load.clients},
                {"requests", c.io.load.requests},
                {"think", c.io.load.think},
                {"work", c.io.load.work},
                {"net_latency", c.io.load.net_latency},
                {"script", script}}}}}};
}

Config config_from(const nlohmann::json& j) {
    Config c;
    c.cores = j.at("cores").get<int>();
    auto policy = parse_policy(j.at("policy").get<std::string>());
    if (!policy) throw std::invalid_argument("config.policy: not a scheduling policy");
    c.sched.policy = *policy;
    c.sched.quantum_ticks = j.at("quantum_ticks").get<uint32_t>();
    c.sched.mlfq_levels = j.at("mlfq_levels").get<int>();
    c.sched.mlfq_quantum_ticks = j.at("mlfq_quantum_ticks").get<std::vector<uint32_t>>();
    c.sched.mlfq_allotment_ticks = j.at("mlfq_allotment_ticks").get<uint32_t>();
    c.sched.mlfq_boost_ticks = j.at("mlfq_boost_ticks").get<uint32_t>();
    c.timer_period = j.at("timer_period").get<uint32_t>();
    c.thread_switch_cost = j.at("thread_switch_cost").get<uint32_t>();
    c.process_switch_cost = j.at("process_switch_cost").get<uint32_t>();
    c.seed = j.at("seed").get<uint64_t>();
    const auto& l = j.at("limits");
    c.limits.max_processes = l.at("max_processes").get<int>();
    c.limits.max_threads_per_process = l.at("max_threads_per_process").get<int>();
    c.limits.max_memory_per_process = l.at("max_memory_per_process").get<uint32_t>();
    c.limits.max_instructions = l.at("max_instructions").get<uint64_t>();
    const auto& io = j.at("io");
    c.io.disk_latency = io.at("disk_latency").get<uint32_t>();
    c.io.disk_jitter = io.at("disk_jitter").get<uint32_t>();
    c.io.pipe_capacity = io.at("pipe_capacity").get<uint32_t>();
    const auto& load = io.at("load");
    c.io.load.clients = load.at("clients").get<int>();
    c.io.load.requests = load.at("requests").get<int>();
    c.io.load.think = load.at("think").get<uint32_t>();
    c.io.load.work = load.at("work").get<uint32_t>();
    c.io.load.net_latency = load.at("net_latency").get<uint32_t>();
    for (const auto& r : load.at("script"))
        c.io.load.script.push_back(
            {r.at("client").get<int>(), r.at("at").get<uint64_t>(), r.at("work").get<uint32_t>()});
    return c;
}

} // namespace

Recording record_session(const Session& s) {
    Recording r;
    r.program_path = s.path();
    if (const Image* img = s.image(); img && !img->files.empty())
        for (const std::string& line : img->files.front().lines)
            r.program_text += line + "\n";
    if (const Lesson* l = s.lesson()) {
        r.lesson_id = l->id;
        r.lesson_program = s.lesson_program();
    }
    r.config = s.config();
    r.console_input = s.console_input();
    r.instruction = s.machine().instructions;
    r.cycle = s.machine().now;
    r.breakpoints.assign(s.breakpoints().begin(), s.breakpoints().end());
    for (const Watchpoint& w : s.watchpoints())
        r.watchpoints.push_back(w.text);
    return r;
}

std::string recording_to_json(const Recording& r) {
    nlohmann::json j;
    j["glassbox_session"] = kFormat;
    j["program"] = {{"path", r.program_path}, {"text", r.program_text}};
    j["lesson"] = r.lesson_id.empty()
                      ? nlohmann::json(nullptr)
                      : nlohmann::json{{"id", r.lesson_id}, {"program", r.lesson_program}};
    j["config"] = config_json(r.config);
    j["console_input"] = r.console_input;
    j["instruction"] = r.instruction;
    j["cycle"] = r.cycle;
    j["breakpoints"] = r.breakpoints;
    j["watchpoints"] = r.watchpoints;
    return j.dump(2) + "\n";
}

bool recording_from_json(const std::string& text, Recording& out, std::string& error) {
    try {
        nlohmann::json j = nlohmann::json::parse(text);
        if (!j.is_object() || !j.contains("glassbox_session")) {
            error = "not a saved Glassbox session (no \"glassbox_session\" field)";
            return false;
        }
        if (j["glassbox_session"].get<int>() != kFormat) {
            error = fmt::format("a saved session of format {}, but this Glassbox reads format {}",
                                j["glassbox_session"].dump(), kFormat);
            return false;
        }
        Recording r;
        r.program_path = j.at("program").at("path").get<std::string>();
        r.program_text = j.at("program").at("text").get<std::string>();
        if (!j.at("lesson").is_null()) {
            r.lesson_id = j["lesson"].at("id").get<std::string>();
            r.lesson_program = j["lesson"].at("program").get<size_t>();
        }
        r.config = config_from(j.at("config"));
        r.console_input = j.at("console_input").get<std::string>();
        r.instruction = j.at("instruction").get<uint64_t>();
        r.cycle = j.value("cycle", uint64_t{0});
        r.breakpoints = j.at("breakpoints").get<std::vector<uint32_t>>();
        r.watchpoints = j.at("watchpoints").get<std::vector<std::string>>();
        out = std::move(r);
        return true;
    } catch (const nlohmann::json::parse_error& e) {
        error = fmt::format("not valid JSON: {}", e.what());
    } catch (const std::exception& e) {
        error = fmt::format("a field is missing or has the wrong type: {}", e.what());
    }
    return false;
}

bool save_session(const Session& s, const std::string& path, std::string& error) {
    std::ofstream out(path);
    if (!out) {
        error = fmt::format("cannot write {}", path);
        return false;
    }
    out << recording_to_json(record_session(s));
    if (!out) {
        error = fmt::format("writing {} failed", path);
        return false;
    }
    return true;
}

bool apply_recording(Session& s, const Recording& r, const std::vector<Lesson>& lessons,
                     std::string& error) {
    Session fresh; // built aside, so a bad recording leaves `s` as it was
    if (!r.lesson_id.empty()) {
        const Lesson* l = find_lesson(lessons, r.lesson_id, error);
        if (!l) return false;
        if (!fresh.open_lesson(*l, r.lesson_program)) {
            error = fmt::format("lesson {} has no program {} that assembles", r.lesson_id,
                                r.lesson_program);
            return false;
        }
        std::string now_text;
        for (const std::string& line : fresh.image()->files.front().lines)
            now_text += line + "\n";
        if (!r.program_text.empty() && now_text != r.program_text) {
            error = fmt::format("the program of lesson {} ({}) has changed since the session was "
                                "saved, so the run would differ",
                                r.lesson_id, fresh.path());
            return false;
        }
    } else if (!fresh.load_source(r.program_text, r.program_path)) {
        error = fmt::format("the saved program {} does not assemble: {}", r.program_path,
                            fresh.errors().empty() ? "" : fresh.errors().front().to_string());
        return false;
    }
    fresh.set_config(r.config);
    fresh.set_console_input(r.console_input);
    for (uint32_t b : r.breakpoints)
        fresh.set_breakpoint(b, true);
    std::vector<Watchpoint> watches;
    for (const std::string& text : r.watchpoints) {
        auto w = parse_watchpoint(text, *fresh.image(), error);
        if (!w) return false;
        watches.push_back(*w);
    }
    fresh.set_watchpoints(std::move(watches));
    if (!fresh.go_to_instruction(r.instruction)) {
        error = fmt::format("the run ends after {} instructions, before the saved moment {}",
                            fresh.machine().instructions, r.instruction);
        return false;
    }
    s = std::move(fresh);
    return true;
}

bool open_session(Session& s, const std::string& path, const std::vector<Lesson>& lessons,
                  std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = fmt::format("cannot read {}", path);
        return false;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    Recording r;
    if (!recording_from_json(ss.str(), r, error)) {
        error = fmt::format("{}: {}", path, error);
        return false;
    }
    if (!apply_recording(s, r, lessons, error)) {
        error = fmt::format("{}: {}", path, error);
        return false;
    }
    return true;
}

} // namespace gb
