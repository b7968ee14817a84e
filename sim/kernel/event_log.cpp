#include "sim/kernel/event_log.h"

namespace gb {

std::string_view event_kind_name(EventKind k) {
    switch (k) {
    case EventKind::Switch: return "switch";
    case EventKind::Syscall: return "syscall";
    case EventKind::Block: return "block";
    case EventKind::Wake: return "wake";
    case EventKind::Fault: return "fault";
    case EventKind::ThreadStart: return "thread-start";
    case EventKind::ThreadExit: return "thread-exit";
    case EventKind::ProcessStart: return "process-start";
    case EventKind::ProcessExit: return "process-exit";
    case EventKind::Timer: return "timer";
    case EventKind::Io: return "io";
    case EventKind::Deadlock: return "deadlock";
    case EventKind::Note: return "note";
    }
    return "?";
}

std::string_view switch_reason_name(SwitchReason r) {
    switch (r) {
    case SwitchReason::Start: return "start";
    case SwitchReason::Timer: return "timer";
    case SwitchReason::Block: return "block";
    case SwitchReason::Yield: return "yield";
    case SwitchReason::Exit: return "exit";
    case SwitchReason::Idle: return "idle";
    case SwitchReason::Preempt: return "preempt";
    }
    return "?";
}

void EventLog::add(Event e) {
    if (events.size() >= limit) {
        // Drop the oldest half at once so adding stays cheap on average.
        size_t n = events.size() / 2;
        events.erase(events.begin(), events.begin() + static_cast<long>(n));
        dropped += n;
    }
    events.push_back(std::move(e));
}

} // namespace gb
