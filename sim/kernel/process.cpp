#include "sim/kernel/process.h"

namespace gb {

std::string_view process_state_name(ProcessState s) {
    switch (s) {
    case ProcessState::Running: return "running";
    case ProcessState::Zombie: return "zombie";
    case ProcessState::Reaped: return "reaped";
    }
    return "?";
}

} // namespace gb
