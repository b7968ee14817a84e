// The memory panel's own state: the region shown, the go-to box, and the
// word it jumped to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gui {

struct MemoryUi {
    int pid = 0;                    // the process the region belongs to
    int region = -1;                // index in its regions; -1: its data region
    char go_to[64] = {};            // the go-to box's text
    std::string error;              // what was wrong with it (translated)
    std::optional<uint32_t> target; // the word jumped to (highlighted)
    bool scroll = false;            // scroll to the target once
};

} // namespace gui
