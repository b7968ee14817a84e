// The event-log panel's own state: the text filter, which kinds of event
// are shown, and whether the newest events stay in view.
#pragma once

#include "sim/kernel/event_log.h"
#include "teach/event_rows.h"

#include <imgui.h>

#include <array>

namespace gui {

// One checkbox per EventKind (Note is the last kind).
constexpr int kEventKinds = static_cast<int>(gb::EventKind::Note) + 1;

struct EventLogUi {
    ImGuiTextFilter filter;
    std::array<bool, kEventKinds> kinds = [] {
        std::array<bool, kEventKinds> all{};
        all.fill(true);
        return all;
    }();
    bool autoscroll = true;
    // The events that pass the filter, extended each frame by the new ones.
    gb::EventRows rows;
};

} // namespace gui
