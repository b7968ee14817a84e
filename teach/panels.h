// The dashboard's panels, by id, in one table: the lessons name them in
// their "panels" list (lesson.h checks the names) and the dashboard draws
// them (gui/ maps each id to its draw function). The order is the order
// the lesson layout places them in: code first, the timeline last.
#pragma once

#include <string_view>
#include <vector>

namespace gb {

struct PanelInfo {
    std::string_view id;       // "address_space"
    std::string_view label_en; // "Address space" (the dashboard translates it)
    // A lesson picture (containers, pool, ...): shown only by the lessons that list it.
    bool picture = false;
};

const std::vector<PanelInfo>& panel_table();
// The table's entry for `id`, or nullptr.
const PanelInfo* find_panel(std::string_view id);

} // namespace gb
