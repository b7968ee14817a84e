#include "teach/panels.h"

namespace gb {

const std::vector<PanelInfo>& panel_table() {
    static const std::vector<PanelInfo> table = {
        {"code", "Code"},
        {"cpu", "CPU"},
        {"address_space", "Address space"},
        {"memory", "Memory"},
        {"processes", "Processes"},
        {"scheduler", "Scheduler"},
        {"sync", "Sync"},
        {"io", "I/O"},
        {"console", "Console"},
        {"event_log", "Event log"},
        {"watches", "Watches"},
        {"timeline", "Timeline"},
        {"lesson", "Lesson"},
        {"history", "History"},
        {"races", "Races"},
        {"editor", "Editor"},
        // The lesson pictures.
        {"containers", "Containers", true},
        {"pool", "Pool", true},
        {"sizing", "Pool sizing", true},
        {"pipes", "Pipes", true},
        {"event_loop", "Event loop", true},
        {"coroutines", "Coroutines", true},
    };
    return table;
}

const PanelInfo* find_panel(std::string_view id) {
    for (const PanelInfo& p : panel_table())
        if (p.id == id) return &p;
    return nullptr;
}

} // namespace gb
