#include "machine.h"

#include <fmt/format.h>

namespace gb {

std::string describe_deadlock(const Machine& m) {
    std::string out = "deadlock: every live thread is blocked and nothing can wake them\n";
    for (const Thread& t : m.threads)
        if (t.state == ThreadState::Blocked)
            out += fmt::format("  thread {} (process {}) waits on {} {}\n", t.tid, t.pid,
                               block_reason_name(t.reason), t.wait_on);
    return out;
}

} // namespace gb
