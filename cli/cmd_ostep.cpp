// ostep: OSTEP's homework simulators (scheduler.py, mlfq.py, lottery.py)
// with their own flags, on Glassbox's kernel (teach/ostep.h, docs/ostep.md).
#include "cli.h"

#include "teach/ostep.h"

#include <cstdio>
#include <fmt/format.h>

namespace gbcli {

int cmd_ostep(const std::vector<std::string>& args) {
    if (args.empty()) {
        std::string names;
        for (const std::string& n : gb::ostep_simulators())
            names += (names.empty() ? "" : ", ") + n;
        fmt::print(stderr,
                   "usage: glassbox-cli ostep SIM [the simulator's own flags]; SIM is one of "
                   "{} (-h after SIM lists its flags)\n",
                   names);
        return kExitUsage;
    }
    std::vector<std::string> rest(args.begin() + 1, args.end());
    gb::OstepOutput o = gb::run_ostep(args[0], rest);
    fmt::print("{}", o.out);
    if (!o.error.empty())
        fmt::print(stderr, "glassbox-cli ostep {}: error: {}\n", args[0], o.error);
    std::fflush(stdout);
    return o.exit_code == 0 ? kExitOk : kExitUsage;
}

} // namespace gbcli
