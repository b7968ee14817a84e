// scheduler.py, mlfq.py and lottery.py on the kernel (ostep.h).
#include "teach/ostep.h"

#include "sim/kernel/mt19937.h"
#include "teach/ostep_args.h"
#include "teach/sched_lab.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

namespace {

constexpr uint32_t kTick = 10; // cycles per tick of the simulators' time

bool to_int(const std::string& s, long long& out) {
    try {
        size_t used = 0;
        out = std::stoll(s, &used);
        return used == s.size();
    } catch (const std::exception&) {
        return false;
    }
}

// Reads the integer options `names` into `out` (same order).
bool integers(const OstepArgs& a, std::initializer_list<const char*> names,
              std::vector<long long>& out, std::string& error) {
    out.clear();
    for (const char* n : names) {
        long long v = 0;
        if (!a.integer(n, v, error)) return false;
        out.push_back(v);
    }
    return true;
}

OstepOutput fail(std::string error) {
    OstepOutput o;
    o.error = std::move(error);
    o.exit_code = 1;
    return o;
}

LabResult run_lab(const std::vector<LabJob>& jobs, const LabOptions& o, std::string& error) {
    LabResult r = run_sched_lab(jobs, o);
    if (!r.ok()) error = r.error;
    return r;
}

// --- scheduler.py ------------------------------------------------------------

OstepOutput scheduler_py(const std::vector<std::string>& argv) {
    OstepArgs a("scheduler",
                {
                    {'s', "seed", false, "0", "the random seed"},
                    {'j', "jobs", false, "3", "number of random jobs"},
                    {'l', "jlist", false, "", "run times instead of random jobs: 5,3,8"},
                    {'m', "maxlen", false, "10", "longest random job"},
                    {'p', "policy", false, "FIFO", "FIFO, SJF or RR"},
                    {'q', "quantum", false, "1", "RR's time slice"},
                    {'c', "", true, "", "compute the answers"},
                });
    std::string error;
    if (!a.parse(argv, error)) return fail(error);
    if (a.help_asked()) return {a.help_text(), "", 0};
    std::vector<long long> v;
    if (!integers(a, {"seed", "jobs", "maxlen", "quantum"}, v, error)) return fail(error);
    const long long seed = v[0], njobs = v[1], maxlen = v[2], quantum = v[3];
    const std::string policy = a.text("policy"), jlist = a.text("jlist");
    PyRandom rnd(static_cast<uint64_t>(std::llabs(seed)));

    std::string out = fmt::format("ARG policy {}\n", policy);
    if (jlist.empty())
        out += fmt::format("ARG jobs {}\nARG maxlen {}\nARG seed {}\n", njobs, maxlen, seed);
    else
        out += fmt::format("ARG jlist {}\n", jlist);
    out += "\nHere is the job list, with the run time of each job: \n";
    std::vector<LabJob> jobs;
    if (jlist.empty()) {
        for (long long i = 0; i < njobs; ++i) {
            LabJob j;
            j.id = static_cast<int>(i);
            j.length = static_cast<uint32_t>(
                static_cast<long long>(static_cast<double>(maxlen) * rnd.random()) + 1);
            jobs.push_back(j);
            out += fmt::format("  Job {} ( length = {} )\n", i, j.length);
        }
    } else {
        for (const std::string& item : split_list(jlist, ',')) {
            long long len = 0;
            if (!to_int(item, len) || len < 1)
                return fail(fmt::format("-l: job {} '{}': Glassbox runs whole ticks, so each run "
                                        "time must be a whole number of at least 1",
                                        jobs.size(), item));
            LabJob j;
            j.id = static_cast<int>(jobs.size());
            j.length = static_cast<uint32_t>(len);
            jobs.push_back(j);
            out += fmt::format("  Job {} ( length = {}.0 )\n", j.id, len);
        }
    }
    out += "\n\n";
    if (!a.flag("c")) {
        out += "Compute the response, turnaround and wait time of each job; run again with -c "
               "for the answers.\n\n";
        return {out, "", 0};
    }
    out += "** Solutions **\n\n";
    LabOptions o;
    o.tick_cycles = kTick;
    o.sched.rules = SchedRules::Ostep;
    if (policy == "FIFO") {
        o.sched.policy = Policy::Fifo;
    } else if (policy == "SJF") {
        o.sched.policy = Policy::Sjf;
    } else if (policy == "RR") {
        if (quantum < 1) return fail("-q: the time slice must be at least 1");
        o.sched.policy = Policy::RoundRobin;
        o.sched.quantum_ticks = static_cast<uint32_t>(quantum);
    } else {
        out += fmt::format("Error: Policy {} is not available.\n", policy);
        return {out, "", 0};
    }
    LabResult r = run_lab(jobs, o, error);
    if (!r.ok()) return fail(error);

    // The trace: each stretch of running, cut into slices for RR.
    out += "Execution trace:\n";
    const uint32_t slice = policy == "RR" ? static_cast<uint32_t>(quantum) : UINT32_MAX;
    for (uint32_t k = 0; k < r.timeline.size();) {
        int job = r.timeline[k].running;
        uint32_t end = k;
        while (end < r.timeline.size() && r.timeline[end].running == job && end - k < slice)
            ++end;
        if (job >= 0) {
            bool done = r.jobs[static_cast<size_t>(job)].completion == end;
            if (policy == "RR")
                out += fmt::format("  [ time {:3} ] Run job {:3} for {:.2f} secs", k, job,
                                   (end - k) * 1.0);
            else
                out += fmt::format("  [ time {:3} ] Run job {} for {:.2f} secs", k, job,
                                   (end - k) * 1.0);
            out += done ? fmt::format(" ( DONE at {:.2f} )\n", end * 1.0) : "\n";
        }
        k = end;
    }
    // FIFO and SJF list the jobs in the order they ran; RR by job number.
    std::vector<const LabJobResult*> rows;
    for (const LabJobResult& j : r.jobs)
        rows.push_back(&j);
    if (policy != "RR")
        std::stable_sort(rows.begin(), rows.end(),
                         [](const auto* x, const auto* y) { return x->first_run < y->first_run; });
    out += "\nFinal statistics:\n";
    for (const LabJobResult* j : rows)
        out += fmt::format("  Job {:3} -- Response: {:3.2f}  Turnaround {:3.2f}  Wait {:3.2f}\n",
                           j->job.id, j->response * 1.0, j->turnaround * 1.0, j->wait * 1.0);
    out += fmt::format("\n  Average -- Response: {:3.2f}  Turnaround {:3.2f}  Wait {:3.2f}\n\n",
                       r.avg_response, r.avg_turnaround, r.avg_wait);
    return {out, "", 0, r.start};
}

// --- mlfq.py -----------------------------------------------------------------

bool parse_level_list(const std::string& text, const char* flag, std::vector<long long>& out,
                      std::string& error) {
    out.clear();
    for (const std::string& item : split_list(text, ',')) {
        long long x = 0;
        if (!to_int(item, x)) {
            error = fmt::format("{}: '{}' is not a whole number (expected a list like 10,20,40)",
                                flag, item);
            return false;
        }
        out.push_back(x);
    }
    return true;
}

OstepOutput mlfq_py(const std::vector<std::string>& argv) {
    OstepArgs a("mlfq", {
                            {'s', "seed", false, "0", "the random seed"},
                            {'n', "numQueues", false, "3", "number of queues (without -Q)"},
                            {'q', "quantum", false, "10", "time slice (without -Q)"},
                            {'a', "allotment", false, "1", "allotment in quanta (without -A)"},
                            {'Q', "quantumList", false, "",
                             "time slice per level, highest first: 10,20,40"},
                            {'A', "allotmentList", false, "",
                             "allotment per level in quanta, highest first: 1,2,4"},
                            {'j', "numJobs", false, "3", "number of random jobs"},
                            {'m', "maxlen", false, "100", "longest random job"},
                            {'M', "maxio", false, "10", "largest random I/O frequency"},
                            {'B', "boost", false, "0", "boost every B time units (0: never)"},
                            {'i', "iotime", false, "5", "how long an I/O takes"},
                            {'S', "stay", true, "", "an I/O resets the allotment, same level"},
                            {'I', "iobump", true, "", "a job back from I/O goes to the front"},
                            {'l', "jlist", false, "", "jobs start,run,ioFreq:start,run,ioFreq..."},
                            {'c', "", true, "", "compute the answers"},
                        });
    std::string error;
    if (!a.parse(argv, error)) return fail(error);
    if (a.help_asked()) return {a.help_text(), "", 0};
    std::vector<long long> v;
    if (!integers(a,
                  {"seed", "numQueues", "quantum", "allotment", "numJobs", "maxlen", "maxio",
                   "boost", "iotime"},
                  v, error))
        return fail(error);
    const long long seed = v[0], quantum = v[2], allot = v[3], njobs = v[4], maxlen = v[5],
                    maxio = v[6], boost = v[7], io_time = v[8];
    long long levels = v[1];
    // Level 0 is the top in Glassbox; mlfq.py numbers the top queue numQueues-1.
    std::vector<long long> quanta, allots;
    if (!a.text("quantumList").empty()) {
        if (!parse_level_list(a.text("quantumList"), "-Q", quanta, error)) return fail(error);
        levels = static_cast<long long>(quanta.size());
    } else {
        quanta.assign(static_cast<size_t>(std::max(0LL, levels)), quantum);
    }
    if (!a.text("allotmentList").empty()) {
        if (!parse_level_list(a.text("allotmentList"), "-A", allots, error)) return fail(error);
        if (static_cast<long long>(allots.size()) != levels)
            return {"number of allotments specified must match number of quantums\n", "", 1};
        for (size_t l = 0; l + 1 < allots.size(); ++l)
            if (allots[l] <= 0) return {"allotment must be positive integer\n", "", 1};
    } else {
        allots.assign(static_cast<size_t>(std::max(0LL, levels)), allot);
    }
    if (levels < 1 || levels > 8) return fail("-n/-Q: Glassbox's MLFQ has 1 to 8 queues");
    for (long long q : quanta)
        if (q < 1) return fail("-q/-Q: every time slice must be at least 1");
    if (io_time < 0 || boost < 0) return fail("-i, -B: must not be negative");

    PyRandom rnd(static_cast<uint64_t>(std::llabs(seed)));
    std::vector<LabJob> jobs;
    const std::string jlist = a.text("jlist");
    if (!jlist.empty()) {
        for (const std::string& item : split_list(jlist, ':')) {
            std::vector<std::string> f = split_list(item, ',');
            long long start = 0, run = 0, io = 0;
            if (f.size() != 3)
                return {"Badly formatted job string. Should be x1,y1,z1:x2,y2,z2:...\n"
                        "where x is the startTime, y is the runTime, and z is the I/O "
                        "frequency.\n",
                        "", 1};
            if (!to_int(f[0], start) || !to_int(f[1], run) || !to_int(f[2], io) || start < 0 ||
                run < 1 || io < 0)
                return fail(fmt::format("-l: job {} '{}': expected start,run,ioFreq with start "
                                        ">= 0, run >= 1, ioFreq >= 0",
                                        jobs.size(), item));
            LabJob j;
            j.id = static_cast<int>(jobs.size());
            j.arrival = static_cast<uint32_t>(start);
            j.length = static_cast<uint32_t>(run);
            j.io_every = static_cast<uint32_t>(io);
            jobs.push_back(j);
        }
    } else {
        for (long long i = 0; i < njobs; ++i) {
            LabJob j;
            j.id = static_cast<int>(i);
            j.length = static_cast<uint32_t>(rnd.random() * static_cast<double>(maxlen - 1) + 1);
            j.io_every = static_cast<uint32_t>(rnd.random() * static_cast<double>(maxio - 1) + 1);
            jobs.push_back(j);
        }
    }

    std::string out = "Here is the list of inputs:\n";
    out += fmt::format("OPTIONS jobs {}\nOPTIONS queues {}\n", jobs.size(), levels);
    for (long long p = levels - 1; p >= 0; --p) { // mlfq.py's numbering: the top is levels-1
        size_t l = static_cast<size_t>(levels - 1 - p);
        out += fmt::format("OPTIONS allotments for queue {:2} is {:3}\n", p, allots[l]);
        out += fmt::format("OPTIONS quantum length for queue {:2} is {:3}\n", p, quanta[l]);
    }
    out += fmt::format("OPTIONS boost {}\nOPTIONS ioTime {}\nOPTIONS stayAfterIO {}\nOPTIONS "
                       "iobump {}\n\n\n",
                       boost, io_time, py_bool(a.flag("stay")), py_bool(a.flag("iobump")));
    out += "Job List:\n";
    for (const LabJob& j : jobs)
        out += fmt::format("  Job {:2}: startTime {:3} - runTime {:3} - ioFreq {:3}\n", j.id,
                           j.arrival, j.length, j.io_every);
    out += "\n";
    if (!a.flag("c")) {
        out += "Compute the execution trace, and the response and turnaround time of each job; "
               "run again with -c for the answers.\n\n";
        return {out, "", 0};
    }

    LabOptions o;
    o.tick_cycles = kTick;
    o.io_time = static_cast<uint32_t>(io_time);
    o.sched.policy = Policy::Mlfq;
    o.sched.rules = SchedRules::Ostep;
    o.sched.mlfq_levels = static_cast<int>(levels);
    o.sched.quantum_ticks = static_cast<uint32_t>(quanta[0]);
    for (long long q : quanta)
        o.sched.mlfq_quantum_ticks.push_back(static_cast<uint32_t>(q));
    for (long long x : allots) // 0 or less: the allotment never runs out, as in mlfq.py
        o.sched.mlfq_allotment_quanta.push_back(static_cast<uint32_t>(std::max(0LL, x)));
    o.sched.mlfq_boost_ticks = static_cast<uint32_t>(boost);
    o.sched.mlfq_stay_on_io = a.flag("stay");
    o.sched.mlfq_io_to_front = a.flag("iobump");
    LabResult r = run_lab(jobs, o, error);
    if (!r.ok()) return fail(error);

    out += "\nExecution Trace:\n\n";
    for (const LabTick& t : r.timeline) {
        if (t.running < 0)
            out += fmt::format("[ time {} ] IDLE\n", t.tick);
        else
            out += fmt::format("[ time {} ] Run JOB {} at PRIORITY {}\n", t.tick, t.running,
                               levels - 1 - t.levels[static_cast<size_t>(t.running)]);
    }
    out += "\nFinal statistics:\n";
    double rs = 0, ts = 0;
    for (const LabJobResult& j : r.jobs) {
        out += fmt::format("  Job {:2}: startTime {:3} - response {:3} - turnaround {:3}\n",
                           j.job.id, j.job.arrival, j.response, j.turnaround);
        rs += j.response;
        ts += j.turnaround;
    }
    double n = static_cast<double>(r.jobs.size());
    out += fmt::format("\n  Avg {:2}: startTime n/a - response {:.2f} - turnaround {:.2f}\n\n\n",
                       r.jobs.size() - 1, rs / n, ts / n);
    return {out, "", 0, r.start};
}

// --- lottery.py --------------------------------------------------------------

OstepOutput lottery_py(const std::vector<std::string>& argv) {
    OstepArgs a("lottery",
                {
                    {'s', "seed", false, "0", "the random seed"},
                    {'j', "jobs", false, "3", "number of random jobs"},
                    {'l', "jlist", false, "", "jobs as runtime:tickets, e.g. 10:100,20:100"},
                    {'m', "maxlen", false, "10", "longest random job"},
                    {'T', "maxticket", false, "100", "most tickets of a random job"},
                    {'q', "quantum", false, "1", "time slice"},
                    {'c', "compute", true, "", "compute the answers"},
                });
    std::string error;
    if (!a.parse(argv, error)) return fail(error);
    if (a.help_asked()) return {a.help_text(), "", 0};
    std::vector<long long> v;
    if (!integers(a, {"seed", "jobs", "maxlen", "maxticket", "quantum"}, v, error))
        return fail(error);
    const long long seed = v[0], njobs = v[1], maxlen = v[2], maxticket = v[3], quantum = v[4];
    if (quantum < 1) return fail("-q: the time slice must be at least 1");
    const std::string jlist = a.text("jlist");
    std::string out = fmt::format("ARG jlist {}\nARG jobs {}\nARG maxlen {}\nARG maxticket {}\nARG "
                                  "quantum {}\nARG seed {}\n\n",
                                  jlist, njobs, maxlen, maxticket, quantum, seed);
    out += "Here is the job list, with the run time of each job: \n";
    PyRandom rnd(static_cast<uint64_t>(std::llabs(seed)));
    std::vector<LabJob> jobs;
    if (jlist.empty()) {
        if (maxlen < 2 || maxticket < 2)
            return fail("-m, -T: must be at least 2 (lottery.py draws until it gets a non-zero "
                        "value)");
        for (long long i = 0; i < njobs; ++i) {
            LabJob j;
            j.id = static_cast<int>(i);
            while (j.length == 0)
                j.length = static_cast<uint32_t>(static_cast<double>(maxlen) * rnd.random());
            while (j.priority == 0)
                j.priority = static_cast<int>(static_cast<double>(maxticket) * rnd.random());
            jobs.push_back(j);
        }
    } else {
        for (const std::string& item : split_list(jlist, ',')) {
            std::vector<std::string> f = split_list(item, ':');
            long long run = 0, tix = 0;
            if (f.size() != 2 || !to_int(f[0], run) || !to_int(f[1], tix) || run < 1 || tix < 0)
                return fail(fmt::format(
                    "-l: job {} '{}': expected runtime:tickets, runtime >= 1, tickets >= 0",
                    jobs.size(), item));
            LabJob j;
            j.id = static_cast<int>(jobs.size());
            j.length = static_cast<uint32_t>(run);
            j.priority = static_cast<int>(tix);
            jobs.push_back(j);
        }
    }
    uint64_t run_total = 0, tickets = 0;
    for (const LabJob& j : jobs) {
        out += fmt::format("  Job {} ( length = {}, tickets = {} )\n", j.id, j.length, j.priority);
        run_total += j.length;
        tickets += static_cast<uint64_t>(j.priority);
    }
    out += "\n\n";
    if (!a.flag("compute")) {
        out += "Here is the set of random numbers you will need (at most):\n";
        for (uint64_t i = 0; i < run_total; ++i)
            out += fmt::format("Random {}\n", static_cast<uint64_t>(rnd.random() * 1000001.0));
        return {out, "", 0};
    }
    if (tickets == 0) return fail("the jobs hold no tickets, so no draw can have a winner");
    for (const LabJob& j : jobs)
        if (j.priority == 0)
            return fail(fmt::format("-l: job {} holds no tickets and would never run", j.id));
    out += "** Solutions **\n\n";

    // lottery.py charges a whole quantum to every win, even when the job
    // needs less: each job runs as a whole number of quanta.
    std::vector<LabJob> lab_jobs = jobs;
    for (LabJob& j : lab_jobs)
        j.length = static_cast<uint32_t>((j.length + quantum - 1) / quantum * quantum);
    LabOptions o;
    o.tick_cycles = kTick;
    o.sched.policy = Policy::Lottery;
    o.sched.rules = SchedRules::Ostep;
    o.sched.quantum_ticks = static_cast<uint32_t>(quantum);
    o.ostep_random = rnd;
    LabResult r = run_lab(lab_jobs, o, error);
    if (!r.ok()) return fail(error);

    // The draws as lottery.py prints them, with each job's time left.
    std::vector<long long> left;
    std::vector<int> tix;
    for (const LabJob& j : jobs) {
        left.push_back(j.length);
        tix.push_back(j.priority);
    }
    uint64_t clock = 0;
    for (const LotteryDraw& d : r.draws) {
        size_t w = static_cast<size_t>(-1);
        for (const LabJobResult& j : r.jobs)
            if (j.tid == d.tid) w = static_cast<size_t>(j.job.id);
        if (w >= jobs.size()) break;
        out += fmt::format("Random {} -> Winning ticket {} (of {}) -> Run {}\n  Jobs:\n", d.number,
                           d.winner, d.total, w);
        for (size_t i = 0; i < jobs.size(); ++i)
            out += fmt::format(" ({} job:{} timeleft:{} tix:{} ) ", i == w ? '*' : ' ', i, left[i],
                               left[i] > 0 ? std::to_string(tix[i]) : std::string("---"));
        out += "\n";
        left[w] = std::max(0LL, left[w] - quantum);
        clock += static_cast<uint64_t>(quantum);
        if (left[w] == 0) {
            out += fmt::format("--> JOB {} DONE at time {}\n", w, clock);
            // The kernel's figure: the tick the job's process ended.
            if (r.jobs[w].completion != clock)
                out +=
                    fmt::format("(Glassbox: job {} ended at tick {})\n", w, r.jobs[w].completion);
            tix[w] = 0;
        }
    }
    out += "\n";
    return {out, "", 0, r.start};
}

} // namespace

OstepOutput ostep_process_run(const std::vector<std::string>& argv); // ostep_process_run.cpp
OstepOutput ostep_x86(const std::vector<std::string>& argv);         // ostep_x86.cpp

const std::vector<std::string>& ostep_simulators() {
    static const std::vector<std::string> names = {"scheduler", "mlfq", "lottery", "process-run",
                                                   "x86"};
    return names;
}

OstepOutput run_ostep(const std::string& sim, const std::vector<std::string>& args) {
    if (sim == "scheduler" || sim == "scheduler.py") return scheduler_py(args);
    if (sim == "mlfq" || sim == "mlfq.py") return mlfq_py(args);
    if (sim == "lottery" || sim == "lottery.py") return lottery_py(args);
    if (sim == "process-run" || sim == "process-run.py") return ostep_process_run(args);
    if (sim == "x86" || sim == "x86.py") return ostep_x86(args);
    return fail(fmt::format(
        "unknown simulator '{}': expected scheduler, mlfq, lottery, process-run or x86", sim));
}

} // namespace gb
