// The event-log panel's own state: the text filter, which kinds of event
// are shown, and whether the newest events stay in view.
#pragma once

#include "sim/kernel/event_log.h"

#include <imgui.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

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
    // The events that pass the filter, as numbers counted from the log's
    // first event ever (dropped ones included), extended each frame by the
    // new events only; read again when the filter, the language or the
    // machine (travel, reset) changes.
    struct Rows {
        std::vector<uint64_t> events;
        uint64_t generation = UINT64_MAX;
        uint64_t read = 0; // events of the log looked at, counted the same way
        std::string filter;
        std::array<bool, kEventKinds> kinds{};
        int lang = -1;
    } rows;
};

} // namespace gui
