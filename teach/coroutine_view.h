// The coroutine picture (lesson 10): every coroutine's frame — its record
// on the heap with its own small stack, the registers it saved when it
// last yielded, and the address it will resume at — and which one runs
// now. Coroutines are user code (the kernel never sees them), so the
// lesson names their layout (LessonCoroutines, lesson.h) and the picture
// reads it from the process's memory.
#pragma once

#include "sim/kernel/machine.h"
#include "teach/lesson.h"
#include "teach/viewmodel.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gb::view {

enum class CoroutineState : uint8_t {
    NotStarted, // made, never resumed: it will start at its function's first line
    Running,    // a thread's SP is on its stack now
    Suspended,  // yielded: it will carry on at resume_pc
    Done,       // its function returned
};

struct SavedRegister {
    std::string name; // "r5", "fp"
    uint32_t value = 0;
};

struct CoroutineFrame {
    int number = 0; // 1, 2, ... in the order they were made
    int pid = 0;
    uint32_t record = 0; // the heap block's address
    uint32_t size = 0;   // its bytes (record and stack)
    CoroutineState state = CoroutineState::NotStarted;
    int tid = 0;           // Running: the thread running it
    uint32_t saved_sp = 0; // where its stack stopped (Suspended, NotStarted)
    uint32_t resume_pc = 0;
    std::string resume_at;            // "func+20"
    std::string resume_src;           // the source line there ("li r1, m_b"), trimmed
    int resume_line = 0;              // its line number in its file, 0 if unknown
    std::vector<SavedRegister> saved; // as saved on its stack (Suspended, NotStarted)
    uint32_t stack_used = 0;          // bytes between its saved (or live) SP and the block's end
};

// The coroutines of process `pid` (0: every live process).
std::vector<CoroutineFrame> coroutine_frames(const Machine& m, const LessonCoroutines& spec,
                                             int pid = 0);

// A resume (a thread's SP moves onto a coroutine's stack) or a suspend (it
// moves off: a yield, or the coroutine's end).
struct CoroutineSwitch {
    uint64_t cycle = 0;       // when the instruction that moved SP started
    uint64_t instruction = 0; // Machine::instructions before it
    int pid = 0, tid = 0;
    int number = 0; // the coroutine (CoroutineFrame::number)
    bool resume = false;
    // Where the coroutine carries on: a resume, the address it runs from now;
    // a suspend, the address it will resume at (the return address above its saved registers).
    uint32_t pc = 0;
    std::string at;     // "func+20"
    int line = 0;       // its source line, 0 if unknown
    std::string source; // that line's code, trimmed
};

// Every resume and suspend from `start` up to `instructions` instructions,
// found by replaying the run (coroutines are user code: the event log never
// sees them). Stops at `max_replay` instructions: the list is then the first part.
std::vector<CoroutineSwitch> coroutine_switches(const Machine& start, uint64_t instructions,
                                                const LessonCoroutines& spec,
                                                uint64_t max_replay = 200'000);

// The same replay kept between calls, so the dashboard carries it on as the
// run goes forward instead of replaying from the start every frame.
struct CoroutineReplay {
    std::optional<Machine> machine; // where the replay stands
    std::vector<CoroutineSwitch> switches;
};
// Carries `r` on from `start` to `instructions` (starting over when that lies
// before where it stands), never past start + `max_replay` instructions.
void coroutine_replay_to(CoroutineReplay& r, const Machine& start, uint64_t instructions,
                         const LessonCoroutines& spec, uint64_t max_replay = 200'000);

// A resume or suspend mark on the main timeline: on the lane of the thread
// that switched stacks, at the cycle it did.
struct CoroutineMark {
    int lane = 0; // the thread's tid (Timeline::thread_lanes)
    uint64_t cycle = 0;
    int number = 0; // the coroutine
    bool resume = false;
    std::string at; // as CoroutineSwitch
    int line = 0;
    std::string source;
};

// The marks of `switches` that fall on the timeline: a thread that has a lane,
// inside [tl.start, tl.end]; one mark per resume and per suspend, in order.
std::vector<CoroutineMark> coroutine_marks(const Timeline& tl,
                                           const std::vector<CoroutineSwitch>& switches);

} // namespace gb::view
