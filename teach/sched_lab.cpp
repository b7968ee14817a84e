#include "teach/sched_lab.h"

#include "sim/asm/assembler.h"
#include "sim/kernel/machine.h"
#include "sim/kernel/syscalls.h"
#include "teach/event_words.h"

#include <charconv>
#include <fmt/format.h>

namespace gb {

namespace {

bool parse_u32(std::string_view s, uint32_t& out) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    while (true) {
        size_t at = s.find(sep);
        out.push_back(s.substr(0, at));
        if (at == std::string_view::npos) break;
        s.remove_prefix(at + 1);
    }
    return out;
}

constexpr uint32_t kMaxLength = 100000; // ticks
constexpr uint32_t kMaxSegments = 1000; // work pieces between I/Os, per job
constexpr size_t kMaxJobs = 26;

} // namespace

bool parse_jobs(std::string_view spec, std::vector<LabJob>& out, std::string& error) {
    out.clear();
    for (std::string_view item : split(spec, ',')) {
        std::vector<std::string_view> parts = split(item, ':');
        LabJob j;
        j.id = static_cast<int>(out.size());
        bool ok = parts.size() >= 1 && parts.size() <= 3;
        if (ok && parts.size() == 1) ok = parse_u32(parts[0], j.length);
        if (ok && parts.size() >= 2)
            ok = parse_u32(parts[0], j.arrival) && parse_u32(parts[1], j.length);
        if (ok && parts.size() == 3) ok = parse_u32(parts[2], j.io_every);
        if (!ok) {
            error = fmt::format(
                "job {} '{}': expected LENGTH, ARRIVAL:LENGTH or ARRIVAL:LENGTH:IO_EVERY "
                "(whole numbers of ticks)",
                out.size(), item);
            return false;
        }
        if (j.length == 0 || j.length > kMaxLength) {
            error = fmt::format("job {}: its length must be 1 to {} ticks", j.id, kMaxLength);
            return false;
        }
        if (j.io_every && (j.length + j.io_every - 1) / j.io_every > kMaxSegments) {
            error = fmt::format("job {}: at most {} I/Os per job (make IO_EVERY larger)", j.id,
                                kMaxSegments);
            return false;
        }
        out.push_back(j);
    }
    if (out.size() > kMaxJobs) {
        error = fmt::format("at most {} jobs", kMaxJobs);
        return false;
    }
    return true;
}

std::string lab_job_program(const LabJob& job, uint32_t tick_cycles, uint32_t io_time) {
    std::string src =
        fmt::format("; job {}: {} ticks of CPU{}, {} cycles per tick.\n"
                    "; Each piece of work takes exactly its ticks: `li` (1 cycle), a loop of\n"
                    "; sub/cmp/bne (3 cycles a turn), nops to round up, then the 2-cycle\n"
                    "; li + sys that starts the I/O (a sleep) or ends the job.\n"
                    "        .text\nmain:\n",
                    job.id, job.length,
                    job.io_every ? fmt::format(", an I/O of {} ticks after every {} ticks", io_time,
                                               job.io_every)
                                 : "",
                    tick_cycles);
    std::vector<uint32_t> pieces = job.pieces;
    if (pieces.empty())
        for (uint32_t left = job.length; left > 0;) {
            uint32_t w = job.io_every ? std::min(job.io_every, left) : left;
            left -= w;
            pieces.push_back(w);
        }
    for (size_t seg = 0; seg < pieces.size(); ++seg) {
        const uint32_t w = pieces[seg];
        const bool more = seg + 1 < pieces.size();
        uint64_t c = uint64_t{w} * tick_cycles; // cycles this piece must take
        if (c >= 6) {
            uint64_t n = (c - 3) / 3, pad = (c - 3) % 3;
            src += fmt::format("        li   r2, {}\nspin{}: sub  r2, r2, 1\n        cmp  r2, 0\n  "
                               "      bne  spin{}\n",
                               n, seg, seg);
            for (uint64_t i = 0; i < pad; ++i)
                src += "        nop\n";
        } else {
            for (uint64_t i = 0; i + 2 < c; ++i)
                src += "        nop\n";
        }
        if (more)
            src += fmt::format("        li   r1, {}\n        sys  sleep             ; the I/O\n",
                               uint64_t{io_time} * tick_cycles);
        else
            src += "        li   r1, 0\n        sys  exit\n";
    }
    return src;
}

std::string_view lab_state_name(LabState s) {
    switch (s) {
    case LabState::NotArrived: return ".";
    case LabState::Ready: return "ready";
    case LabState::Running: return "RUN";
    case LabState::Io: return "io";
    case LabState::Done: return "";
    }
    return "?";
}

namespace {

LabState state_of(const Thread& t) {
    switch (t.state) {
    case ThreadState::New: return LabState::NotArrived;
    case ThreadState::Ready: return LabState::Ready;
    case ThreadState::Running: return LabState::Running;
    case ThreadState::Blocked: return LabState::Io;
    case ThreadState::Done: return LabState::Done;
    }
    return LabState::Done;
}

struct Transition {
    uint64_t cycle;
    LabState state;
    int level;
};

} // namespace

LabResult run_sched_lab(const std::vector<LabJob>& jobs, const LabOptions& opts) {
    LabResult res;
    if (jobs.empty()) {
        res.error = "no jobs";
        return res;
    }
    const uint32_t T = std::max(1u, opts.tick_cycles);
    Config cfg;
    cfg.cores = 1;
    cfg.sched = opts.sched;
    cfg.timer_period = T;
    cfg.thread_switch_cost = 0;
    cfg.process_switch_cost = 0;
    cfg.seed = opts.seed;
    cfg.limits.max_processes = static_cast<int>(jobs.size());
    Machine m(cfg);
    if (opts.ostep_random) m.sched.py_random = *opts.ostep_random;

    AsmOptions asm_opts;
    asm_opts.predefined = syscall_constants();
    for (const LabJob& j : jobs) {
        std::string name = fmt::format("job{}", j.id);
        AsmResult a = assemble(lab_job_program(j, T, opts.io_time), name + ".s", asm_opts);
        if (!a.ok()) {
            res.error =
                fmt::format("job {}: {}", j.id, a.errors.empty() ? "?" : a.errors[0].to_string());
            return res;
        }
        int pid = m.load(std::make_shared<const Image>(std::move(*a.image)), name, 0,
                         uint64_t{j.arrival} * T);
        if (!pid) {
            res.error = stop_text(m);
            return res;
        }
        LabJobResult jr;
        jr.job = j;
        jr.pid = pid;
        jr.tid = m.process(pid).threads.front();
        Thread& t = m.thread(jr.tid);
        t.expected_length = int64_t{j.length} * T; // SJF/STCF's oracle
        t.priority = j.priority;
        res.jobs.push_back(jr);
    }

    res.start = std::make_shared<const Machine>(m);
    // Run, recording every job's state changes with the cycle they happened.
    std::vector<std::vector<Transition>> trans(jobs.size());
    auto record = [&] {
        for (size_t i = 0; i < res.jobs.size(); ++i) {
            const Thread& t = m.thread(res.jobs[i].tid);
            LabState s = state_of(t);
            auto& v = trans[i];
            if (!v.empty() && v.back().state == s && v.back().level == t.level) continue;
            uint64_t at = v.empty() || v.back().state != s ? t.state_since : m.now;
            v.push_back({at, s, t.level});
        }
    };
    record();
    uint64_t budget = 0;
    for (const LabJob& j : jobs)
        budget += uint64_t{j.length} * T;
    budget = budget * 2 + 1000;
    for (uint64_t n = 0;; ++n) {
        if (n > budget) {
            res.error = "the jobs did not finish (this is a bug in the lab)";
            return res;
        }
        StepResult s = m.step();
        if (!s.executed) {
            if (s.stop == StopReason::AllDone) break;
            if (s.stop == StopReason::Budget) continue;
            res.error =
                fmt::format("the machine stopped: {} {}", stop_reason_name(s.stop), stop_text(m));
            return res;
        }
        record();
    }
    for (const Event& e : m.log.events)
        if (e.kind == EventKind::Switch && e.tid && e.other && e.tid != e.other) ++res.switches;
    res.boosts = m.sched.boosts;
    res.draws = m.sched.draws;

    // The metrics, per job and on average.
    for (LabJobResult& jr : res.jobs) {
        const Thread& t = m.thread(jr.tid);
        uint64_t arrival = uint64_t{jr.job.arrival} * T;
        jr.first_run = static_cast<uint32_t>(t.first_run / T);
        jr.completion = static_cast<uint32_t>(t.finished / T);
        jr.response = static_cast<uint32_t>((t.first_run - arrival) / T);
        jr.turnaround = static_cast<uint32_t>((t.finished - arrival) / T);
        jr.ready_cycles = t.cycles_ready;
        jr.wait = static_cast<uint32_t>(t.cycles_ready / T);
        jr.io = static_cast<uint32_t>(t.cycles_blocked / T);
        res.avg_response += jr.response;
        res.avg_turnaround += jr.turnaround;
        res.avg_wait += jr.wait;
        res.ticks = std::max(res.ticks, jr.completion);
    }
    double n = static_cast<double>(res.jobs.size());
    res.avg_response /= n;
    res.avg_turnaround /= n;
    res.avg_wait /= n;

    // The timeline: each job's state during each tick [k*T, (k+1)*T).
    std::vector<size_t> at(jobs.size(), 0);
    std::vector<LabState> prev(jobs.size(), LabState::NotArrived);
    std::vector<int> prev_level(jobs.size(), 0);
    for (uint32_t k = 0; k < res.ticks; ++k) {
        LabTick tick;
        tick.tick = k;
        uint64_t c = uint64_t{k} * T;
        for (size_t i = 0; i < jobs.size(); ++i) {
            const auto& v = trans[i];
            while (at[i] + 1 < v.size() && v[at[i] + 1].cycle <= c)
                ++at[i];
            LabState s = v[at[i]].state;
            int level = v[at[i]].level;
            tick.states.push_back(s);
            tick.levels.push_back(level);
            if (s == LabState::Running) tick.running = static_cast<int>(i);
            if (s != prev[i]) {
                if (prev[i] == LabState::NotArrived)
                    tick.events.push_back(fmt::format("{} arrives", i));
                if (s == LabState::Io) tick.events.push_back(fmt::format("{} starts I/O", i));
                if (prev[i] == LabState::Io && s != LabState::Done)
                    tick.events.push_back(fmt::format("{} I/O done", i));
            }
            if (opts.sched.policy == Policy::Mlfq && level != prev_level[i] && s != LabState::Done)
                tick.events.push_back(fmt::format("{} → q{}", i, level));
            prev[i] = s;
            prev_level[i] = level;
        }
        res.timeline.push_back(std::move(tick));
    }
    for (LabJobResult& jr : res.jobs) // "done" belongs to the tick in which the job finished
        if (jr.completion > 0 && jr.completion <= res.timeline.size())
            res.timeline[jr.completion - 1].events.push_back(fmt::format("{} done", jr.job.id));
    return res;
}

std::string format_lab_report(const LabResult& r, const LabOptions& o) {
    if (!r.ok()) return r.error + "\n";
    const SchedParams& p = o.sched;
    std::string out = fmt::format("policy {}", policy_name(p.policy));
    if (p.policy == Policy::RoundRobin || p.policy == Policy::Priority ||
        p.policy == Policy::Lottery)
        out += fmt::format(", quantum {} tick{}", p.quantum_ticks, p.quantum_ticks == 1 ? "" : "s");
    if (p.policy == Policy::Mlfq) {
        std::string q;
        for (int l = 0; l < p.mlfq_levels; ++l) {
            Scheduler s;
            s.reset(p);
            q += fmt::format("{}{}", l ? "," : "", s.quantum_at(l));
        }
        out +=
            fmt::format(", {} queues, quantum {} (per level), allotment {}, boost {}",
                        p.mlfq_levels, q, p.mlfq_allotment_ticks,
                        p.mlfq_boost_ticks ? fmt::format("every {}", p.mlfq_boost_ticks) : "off");
    }
    if (p.policy == Policy::Lottery) out += fmt::format(", seed {}", o.seed);
    out += fmt::format("; {} jobs on 1 core, switch cost 0, 1 tick = {} cycles, I/O {} ticks\n\n",
                       r.jobs.size(), o.tick_cycles, o.io_time);

    // Timeline.
    const bool mlfq = p.policy == Policy::Mlfq;
    const int w = mlfq ? 9 : 6;
    out += fmt::format("{:>5}  {:<4}|", "tick", "cpu");
    for (const LabJobResult& j : r.jobs)
        out += fmt::format(" {:<{}}", fmt::format("job{}", j.job.id), w);
    out += " | events\n";
    for (const LabTick& t : r.timeline) {
        out += fmt::format("{:>5}  {:<4}|", t.tick,
                           t.running < 0 ? std::string("-") : fmt::format("{}", t.running));
        for (size_t i = 0; i < t.states.size(); ++i) {
            std::string cell(lab_state_name(t.states[i]));
            if (mlfq && t.states[i] != LabState::Done && t.states[i] != LabState::NotArrived)
                cell += fmt::format("{}q{}", std::string(std::max<size_t>(1, 6 - cell.size()), ' '),
                                    t.levels[i]);
            out += fmt::format(" {:<{}}", cell, w);
        }
        std::string ev;
        for (const std::string& e : t.events)
            ev += (ev.empty() ? "" : ", ") + e;
        out += " |" + (ev.empty() ? "" : " " + ev);
        while (out.back() == ' ')
            out.pop_back();
        out += "\n";
    }

    // Metrics.
    out += fmt::format("\n{:<5} {:>8} {:>7} {:>9} {:>11} {:>6}\n", "job", "arrival", "length",
                       "response", "turnaround", "wait");
    for (const LabJobResult& j : r.jobs)
        out += fmt::format("{:<5} {:>8} {:>7} {:>9} {:>11} {:>6}\n", j.job.id, j.job.arrival,
                           j.job.length, j.response, j.turnaround, j.wait);
    out += fmt::format("{:<22} {:>9.2f} {:>11.2f} {:>6.2f}\n", "average", r.avg_response,
                       r.avg_turnaround, r.avg_wait);
    out += fmt::format(
        "\nresponse = first run - arrival; turnaround = completion - arrival; wait = time ready "
        "(not running, not in I/O). {} switches",
        r.switches);
    if (mlfq) out += fmt::format(", {} boosts", r.boosts);
    out += ".\n";
    return out;
}

} // namespace gb
