// The desktop's platform hooks (platform.h): programs are opened and edited
// where they are on disk, so the File menu needs nothing more.
#include "platform.h"

namespace gui::platform {

void file_menu_items(const gb::Session&, UiState&, Commands&) {}

} // namespace gui::platform
