// x86.py (OSTEP's threads homework) on Glassbox's kernel: the program is
// translated by the x86 front-end (sim/asm/x86_frontend.h), its threads run
// as one process under the instruction-counting timer with x86.py's rules
// (Config::instruction_timer), and `glassbox-cli ostep x86 ... -c` prints
// x86.py's table. The dashboard opens the same machine (glassbox --ostep x86).
#pragma once

#include "sim/asm/x86_frontend.h"
#include "sim/kernel/machine.h"

#include <memory>
#include <string>
#include <vector>

namespace gb {

struct OstepX86 {
    std::unique_ptr<Machine> machine; // threads loaded, ready to step
    X86Program program;
    int pid = 0;
    int threads = 0;
    int first_tid = 0;
};

// Builds the machine x86.py's flags describe (-p, -t, -i, -r, -s, -a, -L,
// -m; the rest only change the printing). False with `error` on a bad flag
// or program.
bool ostep_x86_machine(const std::vector<std::string>& args, OstepX86& out, std::string& error);

} // namespace gb
