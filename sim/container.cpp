#include "container.h"

#include "assembler.h"
#include "lesson.h"
#include "loader.h"
#include "program.h"
#include "syscalls.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

namespace gb {

namespace {
// 128 + SIGKILL: what Docker reports for an OOM-killed container process.
constexpr int kOomExitCode = 137;
} // namespace

ContainerHost::ContainerHost(Config cfg) : machine(cfg) {}

int ContainerHost::create(ContainerSpec spec) {
    Container c;
    c.id = static_cast<int>(containers.size()) + 1;
    if (spec.cpu_period == 0) spec.cpu_period = 1000;
    c.spec = std::move(spec);
    containers.push_back(std::move(c));
    const Container& made = containers.back();
    machine.note(
        EventKind::Note, 0, 0,
        fmt::format(
            "container {} '{}' created (memory quota {}, CPU quota {})", made.id, made.spec.name,
            made.spec.memory_quota ? fmt::format("{} bytes", made.spec.memory_quota) : "none",
            made.spec.cpu_quota
                ? fmt::format("{} of every {} cycles", made.spec.cpu_quota, made.spec.cpu_period)
                : "none"));
    return made.id;
}

int ContainerHost::start(int id, std::shared_ptr<const Image> image, const std::string& name) {
    std::vector<int> fresh;
    adopt_new_processes(fresh); // anything made outside step() so far
    int pid = machine.load(std::move(image), name);
    if (!pid) return 0;
    owner_.resize(machine.processes.size(), 0);
    if (id > 0 && id <= static_cast<int>(containers.size())) {
        owner_[static_cast<size_t>(pid - 1)] = id;
        Container& c = mut(id);
        c.pids.push_back(pid);
        machine.note(EventKind::Note, pid, 0,
                     fmt::format("process {} starts in container '{}' as its pid {}", pid,
                                 c.spec.name, c.pids.size()));
        StepResult none;
        none.pid = pid;
        enforce_memory(none, {pid});
    }
    return pid;
}

int ContainerHost::container_of(int host_pid) const {
    if (host_pid < 1 || host_pid > static_cast<int>(owner_.size())) return 0;
    return owner_[static_cast<size_t>(host_pid - 1)];
}

int ContainerHost::ns_pid(int host_pid) const {
    int c = container_of(host_pid);
    if (!c) return host_pid;
    const auto& pids = container(c).pids;
    auto it = std::find(pids.begin(), pids.end(), host_pid);
    return it == pids.end() ? host_pid : static_cast<int>(it - pids.begin()) + 1;
}

int ContainerHost::host_pid(int id, int ns) const {
    if (id < 1 || id > static_cast<int>(containers.size())) return 0;
    const auto& pids = container(id).pids;
    if (ns < 1 || ns > static_cast<int>(pids.size())) return 0;
    return pids[static_cast<size_t>(ns - 1)];
}

uint32_t ContainerHost::memory_used(int id) const {
    uint32_t n = 0;
    for (int pid : container(id).pids) {
        const Process& p = machine.process(pid);
        if (!p.exited) n += p.mem.mapped_bytes();
    }
    return n;
}

// Processes the kernel made since the last look (fork, spawn) join their
// parent's container.
void ContainerHost::adopt_new_processes(std::vector<int>& fresh) {
    while (owner_.size() < machine.processes.size()) {
        int pid = static_cast<int>(owner_.size()) + 1;
        int c = container_of(machine.process(pid).parent);
        owner_.push_back(c);
        if (!c) continue;
        Container& con = mut(c);
        con.pids.push_back(pid);
        fresh.push_back(pid);
        machine.note(EventKind::Note, pid, 0,
                     fmt::format("process {} joins container '{}' as its pid {}", pid,
                                 con.spec.name, con.pids.size()));
    }
}

// The pids the kernel just handed to a program in a container, renumbered.
void ContainerHost::translate_syscall(const StepResult& r) {
    if (r.outcome.kind != StepKind::Syscall) return;
    int c = container_of(r.pid);
    if (!c) return;
    const Thread& t = machine.thread(r.tid);
    if (t.state == ThreadState::Done) return;
    Context& ctx = machine.context_of(r.tid);
    auto r0 = static_cast<int32_t>(ctx.regs[0]);
    switch (r.outcome.instr.imm) {
    case SYS_GETPID: ctx.regs[0] = static_cast<uint32_t>(ns_pid(r.pid)); break;
    case SYS_GETPPID: {
        int parent = machine.process(r.pid).parent;
        ctx.regs[0] = static_cast<uint32_t>(container_of(parent) == c ? ns_pid(parent) : 0);
        break;
    }
    case SYS_FORK:
    case SYS_SPAWN:
        if (r0 > 0) ctx.regs[0] = static_cast<uint32_t>(ns_pid(r0));
        break;
    case SYS_WAIT:
        if (t.state == ThreadState::Blocked && t.reason == BlockReason::WaitChild)
            pending_wait_.push_back(r.tid);
        else if (r0 > 0)
            ctx.regs[0] = static_cast<uint32_t>(ns_pid(r0));
        break;
    default: break;
    }
}

// A wait that blocked returns later, when a child exits: translate its result then.
void ContainerHost::finish_pending_waits() {
    std::erase_if(pending_wait_, [&](int tid) {
        const Thread& t = machine.thread(tid);
        if (t.state == ThreadState::Blocked) return false;
        if (t.state != ThreadState::Done) {
            Context& ctx = machine.context_of(tid);
            auto r0 = static_cast<int32_t>(ctx.regs[0]);
            if (r0 > 0) ctx.regs[0] = static_cast<uint32_t>(ns_pid(r0));
        }
        return true;
    });
}

// A thread in a container that has just arrived at `sys wait` with a pid in
// r1: that pid is in the container's numbering; give the kernel the host's.
void ContainerHost::translate_wait_argument(int tid) {
    const Thread& t = machine.thread(tid);
    int c = container_of(t.pid);
    if (!c || t.state == ThreadState::Done) return;
    Context& ctx = machine.context_of(tid);
    uint32_t word = 0;
    if (!machine.process(t.pid).mem.peek32(ctx.pc, word)) return;
    auto in = decode(word);
    if (!in || in->op != Op::Sys || in->imm != SYS_WAIT) return;
    auto want = static_cast<int32_t>(ctx.regs[1]);
    if (want <= 0) return; // 0: any child
    int host = host_pid(c, want);
    ctx.regs[1] =
        host ? static_cast<uint32_t>(host) : static_cast<uint32_t>(-1); // -1: no such child
}

// CPU quota: charge the instruction to its container; throttle it when the
// period's quota is used up.
void ContainerHost::charge_cpu(const StepResult& r) {
    int c = container_of(r.pid);
    if (!c) return;
    Container& con = mut(c);
    con.cpu_total += r.outcome.cycles;
    if (!con.spec.cpu_quota) return;
    uint64_t period = machine.now / con.spec.cpu_period;
    if (period != con.period) {
        con.period = period;
        con.cpu_used = 0;
    }
    con.cpu_used += r.outcome.cycles;
    if (con.cpu_used < con.spec.cpu_quota) return;
    uint64_t until = (period + 1) * con.spec.cpu_period;
    bool any = false;
    for (int pid : con.pids) {
        const Process& p = machine.process(pid);
        if (p.exited) continue;
        for (int tid : p.threads) {
            Thread& t = machine.thread(tid);
            if (t.state != ThreadState::Ready && t.state != ThreadState::Running) continue;
            t.wake_at = until;
            machine.block(tid, BlockReason::Sleep, 0);
            any = true;
        }
    }
    if (any) {
        ++con.throttles;
        machine.note(
            EventKind::Note, r.pid, 0,
            fmt::format(
                "container '{}' used its CPU quota ({} of {} cycles): throttled until cycle {}",
                con.spec.name, con.cpu_used, con.spec.cpu_period, until));
    }
}

// Memory quota: the OOM killer ends the process that took the container over it.
void ContainerHost::enforce_memory(const StepResult& r, const std::vector<int>& fresh) {
    std::vector<int> touched;
    if (int c = container_of(r.pid)) touched.push_back(c);
    for (int pid : fresh)
        if (int c = container_of(pid);
            c && std::find(touched.begin(), touched.end(), c) == touched.end())
            touched.push_back(c);
    for (int c : touched) {
        Container& con = mut(c);
        uint32_t used = memory_used(c);
        if (con.spec.memory_quota && used > con.spec.memory_quota) {
            // The request that broke the quota: a new child of this step, else the process that
            // ran.
            int victim = 0;
            for (int pid : fresh)
                if (container_of(pid) == c && !machine.process(pid).exited) victim = pid;
            if (!victim && container_of(r.pid) == c && !machine.process(r.pid).exited)
                victim = r.pid;
            while (used > con.spec.memory_quota) {
                if (!victim) { // still over: the biggest live process goes
                    uint32_t most = 0;
                    for (int pid : con.pids)
                        if (!machine.process(pid).exited &&
                            machine.process(pid).mem.mapped_bytes() > most) {
                            most = machine.process(pid).mem.mapped_bytes();
                            victim = pid;
                        }
                    if (!victim) break;
                }
                machine.note(
                    EventKind::Note, victim, 0,
                    fmt::format(
                        "container '{}' would hold {} bytes, over its memory quota of {}: the OOM "
                        "killer ends process {} (pid {} in the container) with exit code {}",
                        con.spec.name, used, con.spec.memory_quota, victim, ns_pid(victim),
                        kOomExitCode));
                machine.exit_process(victim, kOomExitCode);
                ++con.oom_kills;
                victim = 0;
                used = memory_used(c);
            }
        }
        con.memory_peak = std::max(con.memory_peak, used);
    }
}

StepResult ContainerHost::step() {
    std::vector<int> fresh;
    adopt_new_processes(fresh);
    StepResult r = machine.step();
    adopt_new_processes(fresh);
    if (r.executed) {
        translate_syscall(r);
        charge_cpu(r);
        enforce_memory(r, fresh);
    }
    finish_pending_waits();
    if (r.executed) translate_wait_argument(r.tid);
    return r;
}

RunResult ContainerHost::run(uint64_t budget) {
    RunResult rr;
    while (rr.steps < budget) {
        StepResult s = step();
        if (!s.executed) {
            if (s.stop == StopReason::Budget) continue;
            rr.reason = s.stop;
            return rr;
        }
        ++rr.steps;
        if (s.stop == StopReason::Fault || s.stop == StopReason::Paused) {
            rr.reason = s.stop;
            return rr;
        }
        if (!machine.breakpoints.empty()) {
            const Core& c = machine.cores[static_cast<size_t>(s.core)];
            if (c.tid && machine.breakpoints.count(c.ctx.pc)) {
                rr.reason = StopReason::Breakpoint;
                return rr;
            }
        }
    }
    rr.reason = StopReason::Budget;
    return rr;
}

bool build_lesson_host(const Lesson& lesson, const std::string& root, ContainerHost& out,
                       std::string& error) {
    ContainerHost host(lesson_config(lesson));
    bool loaders = false;
    for (const LessonContainer& lc : lesson.containers) {
        std::string path = (std::filesystem::path(root) / lc.program).string();
        AsmResult r = assemble_file(path, default_asm_options(path));
        if (!r.ok()) {
            error = fmt::format("container '{}': {} does not assemble:\n{}", lc.name, lc.program,
                                format_errors(r));
            return false;
        }
        if (!loaders) {
            install_file_loaders(host.machine, path);
            loaders = true;
        }
        int id = host.create({lc.name, lc.memory_quota, lc.cpu_quota, lc.cpu_period});
        std::string name = std::filesystem::path(lc.program).filename().string();
        if (!host.start(id, std::make_shared<const Image>(std::move(*r.image)), name)) {
            error = fmt::format("container '{}': cannot start {}: {}", lc.name, lc.program,
                                host.machine.stop_message);
            return false;
        }
    }
    out = std::move(host);
    return true;
}

} // namespace gb
