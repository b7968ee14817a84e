// x86.py on the kernel (ostep_x86.h): the machine, and x86.py's table
// printed from it one instruction at a time.
#include "teach/ostep_x86.h"
#include "teach/event_words.h"

#include "sim/asm/file_text.h"
#include "sim/isa/memlayout.h"
#include "sim/kernel/ostep_rules.h"
#include "teach/ostep.h"
#include "teach/ostep_args.h"

#include <chrono>
#include <fmt/format.h>
#include <set>

namespace gb {

namespace {

OstepArgs x86_args() {
    return OstepArgs(
        "x86",
        {
            {'s', "seed", false, "0", "seed of the random interrupt intervals (-r)"},
            {'t', "threads", false, "2", "how many threads run the program"},
            {'p', "program", false, "", "the x86.py program (.s file)"},
            {'i', "interrupt", false, "50", "instructions between interrupts"},
            {'P', "procsched", false, "",
             "a fixed order of turns, one thread number per instruction (e.g. 0011)"},
            {'r', "randints", true, "", "draw each interval at random, 1 to -i"},
            {'a', "argv", false, "",
             "starting registers: one group per thread separated by commas, or one group for "
             "all; a group is reg=value pairs joined by colons (e.g. ax=1:bx=2,ax=3)"},
            {'L', "loadaddr", false, "1000", "the address of the first instruction"},
            {'m', "memsize", false, "128", "memory size in KB (stacks start at its top)"},
            {'M', "memtrace", false, "", "variables or addresses to show, comma-separated"},
            {'R', "regtrace", false, "", "registers to show, comma-separated (ax,bx,...)"},
            {'C', "cctrace", true, "", "show the condition codes"},
            {'S', "printstats", true, "", "show an instruction count and totals"},
            {'v', "verbose", true, "", "accepted (Glassbox prints no loader trace)"},
            {'H', "headercount", false, "-1", "repeat the header every this many instructions"},
            {'c', "compute", true, "", "show the values (else question marks)"},
        });
}

struct Settings {
    long long seed = 0, threads = 2, interrupt = 50, load = 1000, memsize = 128, headers = -1;
    std::string program, procsched, argv, memtrace, regtrace;
    bool random = false, cc = false, stats = false, verbose = false, compute = false;
};

bool read_settings(OstepArgs& a, const std::vector<std::string>& args, Settings& s,
                   std::string& error) {
    if (!a.parse(args, error)) return false;
    if (a.help_asked()) return true;
    if (!a.integer("seed", s.seed, error) || !a.integer("threads", s.threads, error) ||
        !a.integer("interrupt", s.interrupt, error) || !a.integer("loadaddr", s.load, error) ||
        !a.integer("memsize", s.memsize, error) || !a.integer("headercount", s.headers, error))
        return false;
    s.program = a.text("program");
    s.procsched = a.text("procsched");
    s.argv = a.text("argv");
    s.memtrace = a.text("memtrace");
    s.regtrace = a.text("regtrace");
    s.random = a.flag("randints");
    s.cc = a.flag("cctrace");
    s.stats = a.flag("printstats");
    s.verbose = a.flag("verbose");
    s.compute = a.flag("compute");
    return true;
}

// x86.py's own checks, with its words ("ABORT:: ...").
bool build(const Settings& s, OstepX86& out, std::string& abort, std::string& error) {
    if (s.interrupt <= 0) {
        abort = "Interrupt frequency must be greater than 0";
        return false;
    }
    if (s.program.empty()) {
        abort = "Program file must be specified";
        return false;
    }
    std::vector<std::string> argv = split_list(s.argv, ',');
    if (static_cast<long long>(argv.size()) != s.threads && argv.size() != 1) {
        abort = "argv: must be one per-thread or just one set of values for all threads";
        return false;
    }
    if (s.threads < 1 || s.threads > 8) {
        error = fmt::format("-t {}: Glassbox runs 1 to 8 threads of a process", s.threads);
        return false;
    }
    if (s.load < 1 || s.load > 0xfffff || s.memsize < 2 || s.memsize > 500) {
        error = "-L must be 1..1048575 and -m 2..500 in Glassbox";
        return false;
    }
    FileText file = read_file_text(s.program);
    if (!file.ok()) {
        error = fmt::format("{}: {}", s.program, file.error);
        return false;
    }
    if (!assemble_x86(file.text, s.program, static_cast<uint32_t>(s.load), out.program, error))
        return false;

    Config cfg;
    cfg.sched.policy = Policy::RoundRobin;
    cfg.instruction_timer.every = static_cast<uint32_t>(s.interrupt);
    cfg.instruction_timer.random = s.random;
    cfg.instruction_timer.halt_switches_twice = true;
    cfg.limits.max_threads_per_process = static_cast<int>(s.threads);
    cfg.limits.max_instructions = 2'000'000;
    out.machine = std::make_unique<Machine>(cfg);
    Machine& m = *out.machine;
    m.sched.py_random.seed_int(static_cast<uint64_t>(s.seed < 0 ? -s.seed : s.seed));

    const uint32_t stack_top = static_cast<uint32_t>(s.memsize * 1000);
    std::vector<std::vector<std::pair<int, uint32_t>>> regs;
    for (long long t = 0; t < s.threads; ++t) {
        std::vector<std::pair<int, uint32_t>> r = out.program.constants;
        for (int x = 1; x <= 6; ++x)
            r.emplace_back(x, 0);
        r.emplace_back(FP, 0);
        r.emplace_back(SP, stack_top - static_cast<uint32_t>(1000 * t));
        const std::string& spec = argv.size() > 1 ? argv[static_cast<size_t>(t)] : argv[0];
        if (!spec.empty())
            for (const std::string& kv : split_list(spec, ':')) {
                auto eq = kv.find('=');
                int reg = eq == std::string::npos ? -1 : x86_register(kv.substr(0, eq));
                long long v = 0;
                bool num = eq != std::string::npos && kv.size() > eq + 1;
                if (num) {
                    try {
                        size_t used = 0;
                        v = std::stoll(kv.substr(eq + 1), &used);
                        num = used == kv.size() - eq - 1;
                    } catch (...) {
                        num = false;
                    }
                }
                if (reg <= 0 || !num) {
                    error = fmt::format("-a: '{}': expected REG=NUMBER with REG one of ax, bx, "
                                        "cx, dx, ex, fx, sp, bp",
                                        kv);
                    return false;
                }
                r.emplace_back(reg, static_cast<uint32_t>(v));
            }
        regs.push_back(std::move(r));
    }
    out.threads = static_cast<int>(s.threads);
    out.first_tid = static_cast<int>(m.threads.size()) + 1;
    // -P: x86.py's fixed schedule, one digit per turn; every instruction is an interrupt.
    std::vector<int> order;
    for (char c : s.procsched) {
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            error = fmt::format("-P {}: expected thread numbers, one digit each", s.procsched);
            return false;
        }
        order.push_back(c - '0');
    }
    std::set<int> distinct(order.begin(), order.end());
    for (int t : order)
        if (t >= s.threads) {
            abort =
                fmt::format("bad schedule: cannot include a thread that does not exist ({})", t);
            return false;
        }
    if (!order.empty() && static_cast<long long>(distinct.size()) != s.threads) {
        std::string list;
        for (int t : order)
            list += (list.empty() ? "" : ", ") + std::to_string(t);
        abort = fmt::format("bad schedule: does not include ALL processes [{}]", list);
        return false;
    }
    out.pid = m.load_threads(out.program.image, s.program, out.threads, regs);
    if (!out.pid) {
        error = stop_text(m);
        return false;
    }
    // x86.py's memory: its variables (and fixed addresses such as 2000)
    // below the trampoline, and its threads' stacks below memsize × 1000.
    AddressSpace& mem = m.process(out.pid).mem;
    auto region = [](const char* name, uint32_t base, uint32_t size) {
        Region r;
        r.name = name;
        r.kind = RegionKind::Data;
        r.base = base;
        r.size = size;
        r.perms = PermR | PermW;
        r.bytes.resize(size);
        return r;
    };
    Region low = region("x86 data", 0, layout::kTrampolineBase);
    uint32_t stack_low = (stack_top - 1000 * static_cast<uint32_t>(s.threads)) & ~3u;
    Region stacks = region("x86 stacks", stack_low, stack_top + 64 - stack_low);
    if (!mem.map(std::move(low)) || !mem.map(std::move(stacks))) {
        error = fmt::format("-m {}: x86.py's stacks at {} overlap Glassbox's memory", s.memsize,
                            stack_top);
        return false;
    }
    if (!order.empty()) {
        m.config.instruction_timer.every = 1;
        m.config.instruction_timer.random = false;
        for (int t : order)
            m.config.instruction_timer.schedule.push_back(out.first_tid + t);
        instruction_timer_begin(m);
    }
    return true;
}

// x86.py's table, row by row.
class Table {
  public:
    Table(const Settings& s, const OstepX86& x) : s_(s), x_(x) {}
    bool columns(std::string& abort);
    std::string headers() const;
    std::string trace(int tid, uint64_t icount) const; // a row's values, of thread tid's registers
    std::set<int> tested;                              // threads whose flags a `test` has set

  private:
    const Settings& s_;
    const OstepX86& x_;
    std::vector<std::pair<std::string, uint32_t>> mem_; // label, address
    std::vector<int> regs_;
};

bool Table::columns(std::string& abort) {
    if (!s_.regtrace.empty())
        for (const std::string& r : split_list(s_.regtrace, ',')) {
            int reg = x86_register(r);
            if (reg < 0) {
                abort = fmt::format("Register {} cannot be traced because it does not exist", r);
                return false;
            }
            regs_.push_back(reg);
        }
    if (!s_.memtrace.empty())
        for (const std::string& m : split_list(s_.memtrace, ',')) {
            if (!m.empty() && std::isdigit(static_cast<unsigned char>(m[0]))) {
                mem_.emplace_back(fmt::format("{:5d}", std::stoll(m)),
                                  static_cast<uint32_t>(std::stoll(m)));
                continue;
            }
            bool found = false;
            for (const auto& [name, addr] : x_.program.vars)
                if (name == m) mem_.emplace_back(fmt::format("{:>5}", m), addr), found = true;
            if (!found) {
                // x86.py finds out while printing the first header row.
                abort = "\n" + std::string(s_.stats ? "icount " : "");
                for (const auto& done : mem_)
                    abort += done.first + " ";
                abort += fmt::format("ABORT:: Traced variable {} not declared", m);
                return false;
            }
        }
    return true;
}

std::string Table::headers() const {
    std::string o;
    if (s_.stats) o += "icount ";
    if (!mem_.empty()) {
        for (const auto& m : mem_)
            o += m.first + " ";
        o += "  ";
    }
    if (!regs_.empty()) {
        for (int r : regs_)
            o += fmt::format("{:>5} ", x86_register_name(r));
        o += "  ";
    }
    if (s_.cc) o += ">= >  <= <  != == ";
    for (int t = 0; t < x_.threads; ++t)
        o += fmt::format("       Thread {}         ", t);
    return o + "\n";
}

std::string Table::trace(int tid, uint64_t icount) const {
    const Machine& m = *x_.machine;
    std::string o;
    if (s_.stats) o += fmt::format("{:6d} ", icount);
    auto value = [&](int64_t v) {
        return s_.compute ? fmt::format("{:5d} ", v) : std::string("    ? ");
    };
    if (!mem_.empty()) {
        const AddressSpace& mem = m.process(x_.pid).mem;
        for (const auto& [label, addr] : mem_) {
            Access a = mem.load32(addr);
            o += value(a.ok() ? static_cast<int32_t>(a.value) : 0);
        }
        o += "  ";
    }
    const Context& ctx = m.context_of(tid);
    if (!regs_.empty()) {
        for (int r : regs_)
            o += value(static_cast<int32_t>(ctx.regs[static_cast<size_t>(r)]));
        o += "  ";
    }
    if (s_.cc) {
        const Flags& f = ctx.flags;
        bool set = tested.count(tid) > 0;
        // x86.py's order: >=, >, <=, <, !=, == (all false before the first test).
        bool cc[6] = {set && !f.n, set && !f.n && !f.z, set && (f.n || f.z),
                      set && f.n,  set && !f.z,         set && f.z};
        for (bool c : cc)
            o += s_.compute ? (c ? "1  " : "0  ") : "?  ";
    }
    return o;
}

// The thread whose registers x86.py shows after a switch: the one on the
// core, else the next in the ready queue.
int next_thread(const Machine& m) {
    if (m.cores[0].tid) return m.cores[0].tid;
    if (m.sched.queues.empty() || m.sched.queues[0].empty()) return 0;
    return m.sched.queues[0].front();
}

OstepOutput x86_py(const std::vector<std::string>& args) {
    OstepArgs a = x86_args();
    Settings s;
    std::string error;
    OstepOutput res;
    if (!read_settings(a, args, s, error)) return {"", error, 1};
    if (a.help_asked()) return {a.help_text(), "", 0};
    std::string& o = res.out;
    o += fmt::format("ARG seed {}\nARG numthreads {}\nARG program {}\n", s.seed, s.threads,
                     s.program);
    o += fmt::format("ARG interrupt frequency {}\nARG interrupt randomness {}\n", s.interrupt,
                     py_bool(s.random));
    o += fmt::format("ARG procsched {}\nARG argv {}\nARG load address {}\nARG memsize {}\n",
                     s.procsched, s.argv, s.load, s.memsize);
    o += fmt::format("ARG memtrace {}\nARG regtrace {}\nARG cctrace {}\n", s.memtrace, s.regtrace,
                     py_bool(s.cc));
    o += fmt::format("ARG printstats {}\nARG verbose {}\n\n", py_bool(s.stats), py_bool(s.verbose));

    OstepX86 x;
    std::string abort;
    if (!build(s, x, abort, error)) {
        if (!abort.empty()) {
            o += (abort.rfind("bad schedule", 0) == 0 ? "" : "ABORT:: ") + abort + "\n";
            res.exit_code = 1;
            return res;
        }
        return {o, error, 1};
    }
    Table table(s, x);
    if (!table.columns(abort)) {
        o += (abort[0] == '\n' ? abort : "ABORT:: " + abort) + "\n";
        res.exit_code = 1;
        return res;
    }
    Machine& m = *x.machine;
    auto row_end = [&](const std::string& row) { return row.empty() ? row : row + "\n"; };
    o += "\n" + table.headers() + "\n";
    o += row_end(table.trace(next_thread(m), 0));
    uint64_t icount = 0;
    auto started = std::chrono::steady_clock::now();
    const Core& core = m.cores[0];
    const bool manual = !m.config.instruction_timer.schedule.empty();
    for (;;) {
        if (s.headers > 0 && icount > 0 && icount % static_cast<uint64_t>(s.headers) == 0) {
            o += "\n" + table.headers() + "\n";
            o += row_end(table.trace(next_thread(m), icount));
        }
        uint64_t interrupts = core.instruction_interrupts;
        StepResult r = m.step();
        if (!r.executed) {
            if (r.stop == StopReason::AllDone) break;
            return {o, m.stop_why.empty() ? "the machine stopped" : stop_text(m), 1};
        }
        if (r.stop == StopReason::Fault) {
            const X86Instruction& in =
                x.program.instructions[(r.outcome.pc - layout::kCodeBase) / 4];
            return {o,
                    fmt::format("{}:{}: {} (thread {}): {}", s.program, in.line, in.text,
                                r.tid - x.first_tid,
                                m.stop_why.empty() ? std::string(fault_name(r.outcome.fault))
                                                   : stop_text(m)),
                    1};
        }
        if (r.outcome.instr.op == Op::Cmp || r.outcome.instr.op == Op::CmpI)
            table.tested.insert(r.tid);
        const X86Instruction& in = x.program.instructions[(r.outcome.pc - layout::kCodeBase) / 4];
        o += table.trace(r.tid, icount);
        for (int i = 0; i < r.tid - x.first_tid; ++i)
            o += std::string(25, ' ');
        o += fmt::format("{} {}\n", in.x86_address, in.text);
        ++icount;
        bool interrupted = core.instruction_interrupts != interrupts;
        int before = r.tid; // the thread an interrupt takes the CPU from
        if (r.outcome.kind == StepKind::Halt) {
            if (m.all_done()) break;
            before = interrupted && core.passed_over ? core.passed_over : next_thread(m);
            o += table.trace(before, icount);
            for (int t = 0; t < x.threads; ++t)
                o += "----- Halt;Switch -----  ";
            o += "\n";
        }
        // With -P, x86.py says nothing when the same thread runs on.
        if (interrupted && (!manual || next_thread(m) != before)) {
            o += table.trace(next_thread(m), icount);
            for (int t = 0; t < x.threads; ++t)
                o += "------ Interrupt ------  ";
            o += "\n";
        }
    }
    if (s.stats) {
        double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        o += fmt::format("\nSTATS:: Instructions    {}\n", icount);
        o += fmt::format("STATS:: Emulation Rate  {:.2f} kinst/sec\n",
                         secs > 0 ? static_cast<double>(icount) / secs / 1000.0 : 0.0);
    }
    return res;
}

} // namespace

bool ostep_x86_machine(const std::vector<std::string>& args, OstepX86& out, std::string& error) {
    OstepArgs a = x86_args();
    Settings s;
    if (!read_settings(a, args, s, error)) return false;
    std::string abort;
    if (!build(s, out, abort, error)) {
        if (!abort.empty()) error = abort;
        return false;
    }
    return true;
}

OstepOutput ostep_x86(const std::vector<std::string>& args) {
    return x86_py(args);
}

} // namespace gb
