// The watch panel's state (its own, as chips' ui_z80_t) and the layout
// records the screenshot tests read: where each watch row and the result
// banner were drawn, and the visible part of the panel that holds them.
#pragma once

#include "teach/lesson_watch.h"
#include "teach/watchpoint.h"

#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

namespace gui {

struct UiState;
struct Commands;

struct WatchesUi {
    std::vector<gb::LessonWatch> watches; // the session's, when the rows were made
    std::vector<gb::WatchRow> rows;
    std::string result; // the lesson's result sentence ("" while the program runs)
    uint64_t key = UINT64_MAX;
    float content_h = 0;  // the height the rows took last frame (the layout sizes the panel by it)
    float max_h = 0;      // the most the layout can give them
    bool compact = false; // one line per row, the last writer on hover
    char condition[48] = {}; // the "Stop when the new value …" field ("== 0", "> 100")
};

// One thing drawn this frame, with the visible rectangle of the panel it is in.
struct LayoutItem {
    std::string kind; // "watch", "result", "panel"
    std::string id;
    std::string panel;
    ImVec2 min, max;           // the item
    ImVec2 clip_min, clip_max; // what of its panel is visible
};

// Records the last item drawn (ImGui's item rectangle) in ui.layout_items.
void record_item(UiState& ui, const char* kind, const std::string& id);
// Recomputes the rows (and the result) when the machine has changed.
void update_watches(const gb::Machine& m, UiState& ui);
void draw_watches(const gb::Machine& m, UiState& ui, Commands& out);
// The watchpoint items of a right-click menu on the global `symbol` (the
// watches panel, the code panel): stop when written, when read or written,
// when the new value meets a condition. Each sends Cmd::ToggleWatch.
void watch_menu(const std::string& symbol, UiState& ui, Commands& out);
// "count: stop when written and the new value == 0", in the current language.
std::string watchpoint_description(const gb::Watchpoint& w);
// The result banner (in the top strip, under the controls) once the lesson's program has ended.
void draw_result_banner(const gb::Machine& m, UiState& ui);

} // namespace gui
