// The event log: every context switch, syscall, block, wake-up, fault and
// exit, stamped with the cycle. The dashboard's timeline is drawn from it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gb {

enum class EventKind : uint8_t {
    Switch,  // a core changed threads: tid = incoming (0 = idle), other = outgoing
    Syscall, // text = the call
    Block,   // text = the reason
    Wake,
    Fault,
    ThreadStart,
    ThreadExit,
    ProcessStart, // other = parent pid
    ProcessExit,
    Timer, // a timer interrupt that preempted a thread
    Io,    // device requests and completions
    Deadlock,
    Note,
};
std::string_view event_kind_name(EventKind k);

// Why a core switched threads. Timer: the time slice (or the MLFQ allotment)
// ran out. Preempt: a thread the policy prefers became ready (STCF, priority, MLFQ).
enum class SwitchReason : uint8_t { Start, Timer, Block, Yield, Exit, Idle, Preempt };
std::string_view switch_reason_name(SwitchReason r);

struct Event {
    uint64_t cycle = 0;
    EventKind kind = EventKind::Note;
    int core = -1;
    int pid = 0;
    int tid = 0;
    int other = 0;
    SwitchReason reason = SwitchReason::Start; // for Switch
    std::string text;
};

struct EventLog {
    std::vector<Event> events;
    size_t limit = 200000; // oldest events are dropped past this (dropped counts them)
    uint64_t dropped = 0;
    void add(Event e);
};

} // namespace gb
