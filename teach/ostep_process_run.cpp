// process-run.py on the kernel (ostep.h): each process's instructions
// become a job whose pieces of work end in an I/O (a sleep), run under the
// OSTEP rules for fifo (SchedParams::run_to_end, io_runs_immediately).
#include "teach/ostep.h"

#include "sim/kernel/mt19937.h"
#include "teach/ostep_args.h"
#include "teach/sched_lab.h"

#include <fmt/format.h>

namespace gb {

namespace {

// One process's instructions: 'c' compute, 'i' issue an I/O, 'd' io_done.
using Code = std::string;

const char* op_name(char op) {
    return op == 'c' ? "cpu" : op == 'i' ? "io" : "io_done";
}

OstepOutput usage_error(std::string out, std::string error = {}) {
    OstepOutput o;
    o.out = std::move(out);
    o.error = std::move(error);
    o.exit_code = 1;
    return o;
}

} // namespace

OstepOutput ostep_process_run(const std::vector<std::string>& argv) {
    OstepArgs a("process-run",
                {
                    {'s', "seed", false, "0", "the random seed"},
                    {'P', "program", false, "",
                     "programs, e.g. c3,i,c2:i (c3: three CPU instructions, i: an I/O; ':' "
                     "starts the next process)"},
                    {'l', "processlist", false, "",
                     "random programs X:Y,...: X instructions, each CPU with chance Y percent"},
                    {'L', "iolength", false, "5", "how long an I/O takes"},
                    {'S', "switch", false, "SWITCH_ON_IO", "SWITCH_ON_IO or SWITCH_ON_END"},
                    {'I', "iodone", false, "IO_RUN_LATER", "IO_RUN_LATER or IO_RUN_IMMEDIATE"},
                    {'c', "", true, "", "compute the answers"},
                    {'p', "printstats", true, "", "print the statistics at the end (with -c)"},
                });
    std::string error;
    if (!a.parse(argv, error)) return usage_error("", error);
    if (a.help_asked()) return {a.help_text(), "", 0};
    long long seed = 0, io_length = 0;
    if (!a.integer("seed", seed, error) || !a.integer("iolength", io_length, error))
        return usage_error("", error);
    const std::string sw = a.text("switch"), iodone = a.text("iodone");
    if (sw != "SWITCH_ON_IO" && sw != "SWITCH_ON_END")
        return usage_error("", fmt::format("-S: '{}': expected SWITCH_ON_IO or SWITCH_ON_END", sw));
    if (iodone != "IO_RUN_LATER" && iodone != "IO_RUN_IMMEDIATE")
        return usage_error(
            "", fmt::format("-I: '{}': expected IO_RUN_LATER or IO_RUN_IMMEDIATE", iodone));
    if (io_length < 0) return usage_error("", "-L: an I/O cannot take a negative time");

    PyRandom rnd(static_cast<uint64_t>(std::llabs(seed)));
    std::vector<Code> procs;
    if (!a.text("program").empty()) {
        for (const std::string& p : split_list(a.text("program"), ':')) {
            Code code;
            for (const std::string& item : split_list(p, ',')) {
                char op = item.empty() ? '?' : item[0];
                if (op == 'c') {
                    long long n = -1;
                    try {
                        size_t used = 0;
                        n = std::stoll(item.substr(1), &used);
                        if (used != item.size() - 1) n = -1;
                    } catch (const std::exception&) {
                    }
                    if (n < 0)
                        return usage_error(
                            "", fmt::format("-P: '{}': expected c and a number, like c3", item));
                    code += std::string(static_cast<size_t>(n), 'c');
                } else if (op == 'i') {
                    code += "id";
                } else {
                    return usage_error(
                        fmt::format("bad opcode {} (should be c or i)\n",
                                    item.empty() ? std::string() : item.substr(0, 1)));
                }
            }
            procs.push_back(code);
        }
    } else {
        for (const std::string& p : split_list(a.text("processlist"), ',')) {
            std::vector<std::string> f = split_list(p, ':');
            long long n = 0;
            double chance = 0;
            bool ok = f.size() == 2;
            try {
                if (ok) {
                    size_t u1 = 0, u2 = 0;
                    n = std::stoll(f[0], &u1);
                    chance = std::stod(f[1], &u2) / 100.0;
                    ok = u1 == f[0].size() && u2 == f[1].size() && n >= 0;
                }
            } catch (const std::exception&) {
                ok = false;
            }
            if (!ok)
                return usage_error(fmt::format("Bad description ({}): Must be number <x:y>\n"
                                               "  where X is the number of instructions\n"
                                               "  and Y is the percent change that an instruction "
                                               "is CPU not IO\n",
                                               p));
            Code code;
            for (long long i = 0; i < n; ++i)
                code += rnd.random() < chance ? "c" : "id";
            procs.push_back(code);
        }
    }

    if (!a.flag("c")) {
        std::string out = "Trace what happens when these processes run:\n";
        for (size_t pid = 0; pid < procs.size(); ++pid) {
            out += fmt::format("Process {}\n", pid);
            for (char op : procs[pid])
                out += fmt::format("  {}\n", op_name(op));
            out += "\n";
        }
        out += fmt::format("The CPU switches when the running process {}; after an I/O the process "
                           "runs {}.\n\n",
                           sw == "SWITCH_ON_IO" ? "ends or issues an I/O" : "ends",
                           iodone == "IO_RUN_IMMEDIATE" ? "at once" : "later, in its turn");
        return {out, "", 0};
    }

    // The jobs: pieces of work, each but the last ending with its `io` tick.
    std::vector<LabJob> jobs;
    for (size_t pid = 0; pid < procs.size(); ++pid) {
        if (procs[pid].empty())
            return usage_error(
                "",
                fmt::format("process {} has no instructions; Glassbox needs at least one", pid));
        LabJob j;
        j.id = static_cast<int>(pid);
        uint32_t run = 0;
        for (char op : procs[pid]) {
            ++run;
            if (op == 'i') {
                j.pieces.push_back(run);
                run = 0;
            }
        }
        if (run) j.pieces.push_back(run);
        j.length = static_cast<uint32_t>(procs[pid].size());
        jobs.push_back(j);
    }
    LabOptions o;
    o.tick_cycles = 10;
    o.io_time = static_cast<uint32_t>(io_length);
    o.sched.policy = Policy::Fifo;
    o.sched.rules = SchedRules::Ostep;
    o.sched.run_to_end = sw == "SWITCH_ON_END";
    o.sched.io_runs_immediately = iodone == "IO_RUN_IMMEDIATE";
    LabResult r = run_sched_lab(jobs, o);
    if (!r.ok()) return usage_error("", r.error);

    std::string out = "Time";
    for (size_t pid = 0; pid < procs.size(); ++pid)
        out += fmt::format("{:>14}", fmt::format("PID:{:2}", pid));
    out += fmt::format("{:>14}{:>14}\n", "CPU", "IOs");
    std::vector<size_t> pc(procs.size(), 0);
    std::vector<bool> io_done(r.timeline.size() + static_cast<size_t>(io_length) + 2, false);
    uint32_t cpu_busy = 0, io_busy = 0;
    for (size_t k = 0; k < r.timeline.size(); ++k) {
        const LabTick& t = r.timeline[k];
        int in_flight = 0;
        for (size_t i = 0; i < t.states.size(); ++i)
            if (t.states[i] == LabState::Io) ++in_flight;
        // An I/O issued in tick k completes (and is marked) io_length + 1 ticks later.
        if (t.running >= 0 &&
            procs[static_cast<size_t>(t.running)][pc[static_cast<size_t>(t.running)]] == 'i')
            io_done[k + static_cast<size_t>(io_length) + 1] = true;
        out += fmt::format("{:3}{}", k + 1, io_done[k] ? '*' : ' ');
        for (size_t i = 0; i < t.states.size(); ++i) {
            std::string cell;
            switch (t.states[i]) {
            case LabState::Running: cell = std::string("RUN:") + op_name(procs[i][pc[i]++]); break;
            case LabState::Ready: cell = "READY"; break;
            case LabState::Io: cell = "BLOCKED"; break;
            case LabState::Done: cell = "DONE"; break;
            case LabState::NotArrived: cell = "READY"; break;
            }
            out += fmt::format("{:>14}", cell);
        }
        out += fmt::format("{:>14}", t.running >= 0 ? "1" : " ");
        if (t.running >= 0) ++cpu_busy;
        if (in_flight > 0) {
            out += fmt::format("{:>14}", in_flight);
            ++io_busy;
        } else {
            out += fmt::format("{:>10}", " ");
        }
        out += "\n";
    }
    if (a.flag("printstats")) {
        double total = static_cast<double>(r.timeline.size());
        out += fmt::format("\nStats: Total Time {}\n", r.timeline.size());
        out += fmt::format("Stats: CPU Busy {} ({:.2f}%)\n", cpu_busy, 100.0 * cpu_busy / total);
        out += fmt::format("Stats: IO Busy  {} ({:.2f}%)\n\n", io_busy, 100.0 * io_busy / total);
    }
    return {out, "", 0, r.start};
}

} // namespace gb
