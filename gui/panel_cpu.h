// The CPU panel's own state: when each register of each core last changed,
// so a change flashes and fades. Sized by the machine's cores, not fixed.
#pragma once

#include "sim/isa/isa.h"

#include <array>
#include <cstdint>
#include <vector>

namespace gui {

struct CpuUi {
    // Per core: the time (seconds) each register, then the flags, last changed.
    std::vector<std::array<double, gb::kNumRegs + 1>> reg_flash;
    std::vector<uint64_t> core_seen; // busy_cycles + 1 when the core's last step was seen

    void fit(size_t cores) {
        if (reg_flash.size() < cores) reg_flash.resize(cores, {});
        if (core_seen.size() < cores) core_seen.resize(cores, 0);
    }
};

} // namespace gui
