// A run written down as plain text, to keep or hand in: the program, the
// machine's settings, where the run stands, what it printed and its event
// log. The browser's "Download the run" saves it (a page has no files of
// its own); anything that can read text can read it.
#pragma once

#include "teach/session.h"

#include <string>

namespace gb {

std::string run_record(const Session& session);

} // namespace gb
