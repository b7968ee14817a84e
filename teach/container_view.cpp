#include "teach/container_view.h"

#include "sim/kernel/container.h"

namespace gb::view {

std::vector<ContainerBox> container_boxes(const Machine& m) {
    std::vector<ContainerBox> out;
    for (const Container& c : m.containers) {
        ContainerBox b;
        b.id = c.id;
        b.name = c.spec.name;
        b.cpu_quota = c.spec.cpu_quota;
        b.cpu_period = c.spec.cpu_period;
        // cpu_used belongs to period `c.period`; a later period has used nothing yet.
        bool this_period = c.spec.cpu_period && c.period == m.now / c.spec.cpu_period;
        b.cpu_used = this_period ? c.cpu_used : 0;
        b.cpu_total = c.cpu_total;
        b.throttles = c.throttles;
        b.throttled = b.cpu_quota && b.cpu_used >= b.cpu_quota;
        b.memory_quota = c.spec.memory_quota;
        b.memory = container_memory(m, c.id);
        b.memory_peak = c.memory_peak;
        b.oom_kills = c.oom_kills;
        for (size_t i = 0; i < c.pids.size(); ++i) {
            const Process& p = m.process(c.pids[i]);
            ContainedProcess row;
            row.pid = p.pid;
            row.ns_pid = static_cast<int>(i) + 1;
            row.name = p.name;
            row.exited = p.exited;
            row.exit_code = p.exit_code;
            row.faulted = p.fault.fault != Fault::None;
            // The kernel ends an OOM victim with exit code 137 and counts it in
            // its container; a container without OOM kills has no such victim.
            row.oom_killed = p.exited && !row.faulted && p.exit_code == kOomExitCode &&
                             c.oom_kills > 0 && c.spec.memory_quota > 0;
            if (!p.exited) {
                ++b.live;
                row.memory = p.mem.mapped_bytes();
                bool any_live = false, all_asleep = true;
                for (int tid : p.threads) {
                    const Thread& t = m.thread(tid);
                    if (t.state == ThreadState::Done) continue;
                    any_live = true;
                    if (t.state == ThreadState::Running) row.running = true;
                    if (!(t.state == ThreadState::Blocked && t.reason == BlockReason::Sleep))
                        all_asleep = false;
                }
                row.throttled = b.throttled && any_live && all_asleep;
            }
            b.processes.push_back(std::move(row));
        }
        out.push_back(std::move(b));
    }
    return out;
}

} // namespace gb::view
