#include "sim/kernel/thread.h"

namespace gb {

std::string_view thread_state_name(ThreadState s) {
    switch (s) {
    case ThreadState::New: return "new";
    case ThreadState::Ready: return "ready";
    case ThreadState::Running: return "running";
    case ThreadState::Blocked: return "blocked";
    case ThreadState::Done: return "done";
    }
    return "?";
}

std::string_view block_reason_name(BlockReason r) {
    switch (r) {
    case BlockReason::None: return "";
    case BlockReason::Join: return "join";
    case BlockReason::WaitChild: return "wait";
    case BlockReason::Sleep: return "sleep";
    case BlockReason::Mutex: return "mutex";
    case BlockReason::Semaphore: return "semaphore";
    case BlockReason::CondVar: return "condition variable";
    case BlockReason::Io: return "I/O";
    case BlockReason::PipeRead: return "pipe read";
    case BlockReason::PipeWrite: return "pipe write";
    case BlockReason::Poll: return "readiness wait";
    }
    return "?";
}

} // namespace gb
