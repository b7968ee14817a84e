// The thread-pool picture (lesson 06): the task queue — the tasks waiting
// between head and tail, the ones already taken — and every worker with
// the task it holds and what it is doing with it (computing, waiting for
// its I/O, waiting for a task, stopped). The guest's data structures are
// named by the lesson (LessonPool, lesson.h) and read from its memory.
#pragma once

#include "sim/kernel/machine.h"
#include "teach/lesson.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gb::view {

enum class WorkerDoing : uint8_t {
    Computing, // holds a task and runs (or is ready to)
    Waiting,   // holds a task and waits (its I/O, here a sleep)
    Idle,      // holds none: waits for a task or is on its way to take one
    Stopped,   // ended (took a stop marker)
};

struct PoolWorker {
    int tid = 0;
    WorkerDoing doing = WorkerDoing::Idle;
    std::optional<int32_t> task; // the task it holds
    ThreadState state = ThreadState::New;
};

struct PoolPicture {
    std::string error; // why there is no picture ("" when there is one)
    int pid = 0;
    uint32_t head = 0, tail = 0; // slots [0, head) taken, [head, tail) waiting
    int32_t done = 0;
    std::vector<int32_t> slots; // queue[0 .. tail): every task submitted so far, in order
    std::vector<PoolWorker> workers;
    int stops = 0; // stop markers (negative task numbers) among the slots
    size_t waiting() const { return tail > head ? tail - head : 0; }
};

// The picture for the first live (else the first) process whose program has
// the pool's symbols.
PoolPicture pool_picture(const Machine& m, const LessonPool& pool);

} // namespace gb::view
