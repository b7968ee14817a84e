#include "sim/kernel/container.h"

#include "sim/kernel/machine.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

namespace {
bool valid(const Machine& m, int id) {
    return id >= 1 && id <= static_cast<int>(m.containers.size());
}
} // namespace

void container_join(Machine& m, int pid, int id) {
    if (!valid(m, id)) return;
    Container& c = m.containers[static_cast<size_t>(id - 1)];
    m.process(pid).container = id;
    c.pids.push_back(pid);
    m.note(EventKind::Note, c.pids.size() == 1 ? Msg::ContainerStartsIn : Msg::ContainerJoins, pid,
           0, 0, pid, m.name_arg(c.spec.name), c.pids.size());
}

int container_pid(const Machine& m, int host_pid) {
    if (host_pid < 1 || host_pid > static_cast<int>(m.processes.size())) return host_pid;
    int id = m.process(host_pid).container;
    if (!valid(m, id)) return host_pid;
    const auto& pids = m.container(id).pids;
    auto it = std::find(pids.begin(), pids.end(), host_pid);
    return it == pids.end() ? host_pid : static_cast<int>(it - pids.begin()) + 1;
}

int container_host_pid(const Machine& m, int id, int ns) {
    if (!valid(m, id)) return 0;
    const auto& pids = m.container(id).pids;
    if (ns < 1 || ns > static_cast<int>(pids.size())) return 0;
    return pids[static_cast<size_t>(ns - 1)];
}

uint32_t container_memory(const Machine& m, int id) {
    if (!valid(m, id)) return 0;
    uint32_t n = 0;
    for (int pid : m.container(id).pids) {
        const Process& p = m.process(pid);
        if (!p.exited) n += p.mem.mapped_bytes();
    }
    return n;
}

bool container_grant_memory(Machine& m, int id, int requester, uint32_t extra, Need need,
                            std::string_view name, uint64_t number) {
    if (!valid(m, id)) return true;
    Container& c = m.containers[static_cast<size_t>(id - 1)];
    uint64_t would = uint64_t{container_memory(m, id)} + extra;
    if (!c.spec.memory_quota || would <= c.spec.memory_quota) {
        c.memory_peak =
            std::max(c.memory_peak, static_cast<uint32_t>(std::min<uint64_t>(would, UINT32_MAX)));
        return true;
    }
    const int64_t what = m.need_arg(need, name, number);
    if (!requester || m.process(requester).exited) {
        m.stop_why =
            because(Why::OverQuota, m.name_arg(c.spec.name), would, what, c.spec.memory_quota);
        m.note(EventKind::Note, Msg::ContainerOverQuota, requester, 0, 0, m.name_arg(c.spec.name),
               would, what, c.spec.memory_quota);
        return false;
    }
    m.note(EventKind::Note, Msg::ContainerOom, requester, 0, 0, m.name_arg(c.spec.name), would,
           what, c.spec.memory_quota, requester, container_pid(m, requester));
    ++c.oom_kills;
    m.exit_process(requester, kOomExitCode);
    return false;
}

void container_charge_cpu(Machine& m, int pid, uint64_t cycles) {
    int id = m.process(pid).container;
    if (!valid(m, id)) return;
    Container& c = m.containers[static_cast<size_t>(id - 1)];
    c.cpu_total += cycles;
    if (!c.spec.cpu_quota) return;
    uint64_t period = m.now / c.spec.cpu_period;
    if (period != c.period) {
        c.period = period;
        c.cpu_used = 0;
    }
    c.cpu_used += cycles;
    if (c.cpu_used < c.spec.cpu_quota) return;
    uint64_t until = (period + 1) * c.spec.cpu_period;
    bool any = false;
    for (int member : c.pids) {
        const Process& p = m.process(member);
        if (p.exited) continue;
        for (int tid : p.threads) {
            Thread& t = m.thread(tid);
            if (t.state != ThreadState::Ready && t.state != ThreadState::Running) continue;
            t.wake_at = until;
            m.block(tid, BlockReason::Sleep, 0);
            any = true;
        }
    }
    if (any) {
        ++c.throttles;
        m.note(EventKind::Note, Msg::ContainerThrottled, pid, 0, 0, m.name_arg(c.spec.name),
               c.cpu_used, c.spec.cpu_period, until);
    }
}

} // namespace gb
