// An instruction in words, in English or Korean: the CPU panel's "= ..."
// line and the instruction tooltip. The English is the ISA table's
// describe() (sim/isa/isa.h); a system call is named ("system call 3:
// print_str — print the NUL-terminated string at an address").
#pragma once

#include "sim/isa/isa.h"
#include "teach/event_words.h"

#include <string>
#include <string_view>
#include <vector>

namespace gb {

// With `explain`, a system call also says what it does (the tooltip); without,
// just its number and name (the CPU panel's one line: "system call 34: write").
std::string instruction_words(const Instr& in, Lang lang, bool explain = true);
// Every Korean word instruction_words can print (for the dashboard's font).
std::vector<std::string_view> instruction_words_korean();

} // namespace gb
