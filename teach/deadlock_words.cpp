// The deadlock report in words (declared in event_words.h): the machine
// keeps the wait-for cycle and every thread's wait as data; this words them.
#include "teach/event_words.h"

#include "sim/kernel/io/io.h"

#include <fmt/format.h>

#include <algorithm>

namespace gb {

namespace {

std::string_view pick(Lang lang, std::string_view en, std::string_view ko) {
    return lang == Lang::Ko ? ko : en;
}

template <typename... Args>
std::string say(Lang lang, std::string_view en, std::string_view ko, const Args&... args) {
    return fmt::format(fmt::runtime(pick(lang, en, ko)), args...);
}

bool live(const Machine& m, int tid) {
    return tid > 0 && tid <= static_cast<int>(m.threads.size()) &&
           m.thread(tid).state != ThreadState::Done;
}

// The processes that hold an end of pipe `id` of kind `end`: "1, 2".
std::string pipe_holders(const Machine& m, int id, FdKind end) {
    std::string out;
    for (const Process& p : m.processes) {
        if (p.exited) continue;
        if (std::any_of(p.fds.begin(), p.fds.end(),
                        [&](const Descriptor& d) { return d.kind == end && d.object == id; }))
            out += fmt::format("{}{}", out.empty() ? "" : ", ", p.pid);
    }
    return out;
}

// What a blocked thread waits on, and why nothing will end the wait.
std::string object_text(const Machine& m, const WaitStep& s, Lang lang) {
    switch (s.reason) {
    case BlockReason::Mutex: {
        std::string name;
        int owner = 0;
        if (s.object >= 1 && s.object <= static_cast<int>(m.mutexes.size())) {
            const Mutex& mx = m.mutexes[static_cast<size_t>(s.object - 1)];
            owner = mx.owner;
            if (!mx.name.empty()) name = fmt::format(" '{}'", mx.name);
        }
        if (!owner)
            return say(lang, "mutex {}{} (free)", "뮤텍스 {}{} (비어 있음)", s.object, name);
        if (!live(m, owner))
            return say(lang, "mutex {}{} (owned by thread {}, which has ended)",
                       "뮤텍스 {}{} (소유: 이미 끝난 스레드 {})", s.object, name, owner);
        return say(lang, "mutex {}{} (owned by thread {})", "뮤텍스 {}{} (소유: 스레드 {})",
                   s.object, name, owner);
    }
    case BlockReason::Semaphore: {
        int32_t v = s.object >= 1 && s.object <= static_cast<int>(m.semaphores.size())
                        ? m.semaphores[static_cast<size_t>(s.object - 1)].value
                        : 0;
        return say(lang, "semaphore {} (value {}; no running thread will post it)",
                   "세마포어 {} (값 {}; 실행 중인 스레드 중 올릴 스레드가 없음)", s.object, v);
    }
    case BlockReason::CondVar:
        return say(lang, "condition variable {} (no running thread will signal it)",
                   "조건 변수 {} (실행 중인 스레드 중 신호를 보낼 스레드가 없음)", s.object);
    case BlockReason::Join:
        return say(lang, "join (waits for thread {} to end)", "join (스레드 {}의 끝을 기다림)",
                   s.object);
    case BlockReason::PipeRead:
        return say(lang,
                   "pipe {} (empty; its write end is open in process {}, whose threads will not "
                   "write)",
                   "파이프 {} (비어 있음; 쓰기 끝이 프로세스 {}에 열려 있지만 그 스레드들은 "
                   "쓰지 않음)",
                   s.object, pipe_holders(m, s.object, FdKind::PipeWrite));
    case BlockReason::PipeWrite:
        return say(lang,
                   "pipe {} (full; its read end is open in process {}, whose threads will not "
                   "read)",
                   "파이프 {} (가득 참; 읽기 끝이 프로세스 {}에 열려 있지만 그 스레드들은 "
                   "읽지 않음)",
                   s.object, pipe_holders(m, s.object, FdKind::PipeRead));
    case BlockReason::Io: {
        const Thread& t = m.thread(s.tid);
        if (t.awaiting)
            return s.object
                       ? say(lang, "async_wait (request {}, which nothing will finish)",
                             "async_wait (요청 {}, 완료할 것이 없음)", s.object)
                       : std::string(pick(lang, "async_wait (for requests nothing will finish)",
                                          "async_wait (완료할 것이 없는 요청들)"));
        if (s.object >= 1 && s.object <= static_cast<int>(m.io.requests.size()))
            return say(lang, "I/O request {} ({}: nothing will complete it)",
                       "입출력 요청 {} ({}: 완료할 것이 없음)", s.object,
                       io_request_text(m, m.io.requests[static_cast<size_t>(s.object - 1)], lang));
        return say(lang, "I/O request {}", "입출력 요청 {}", s.object);
    }
    case BlockReason::Poll:
        return say(lang, "a readiness wait on interest set {} (nothing will become ready)",
                   "관심 집합 {}의 준비 대기 (준비될 것이 없음)", s.object);
    case BlockReason::WaitChild:
        return s.object
                   ? say(lang, "wait (for child process {})", "wait (자식 프로세스 {})", s.object)
                   : std::string(
                         pick(lang, "wait (for any child process)", "wait (아무 자식 프로세스)"));
    default:
        return s.object ? fmt::format("{} {}", block_reason_text(s.reason, lang), s.object)
                        : std::string(block_reason_text(s.reason, lang));
    }
}

} // namespace

std::string wait_cycle_text(const Machine& m, const std::vector<WaitStep>& cycle, Lang lang) {
    if (cycle.empty()) return "";
    std::string out;
    for (const WaitStep& s : cycle)
        out += say(lang, "thread {} → {} → ", "스레드 {} → {} → ", s.tid, object_text(m, s, lang));
    out += say(lang, "thread {}", "스레드 {}", cycle.front().tid);
    return out;
}

std::string deadlock_report(const Machine& m, Lang lang) {
    std::string out(pick(lang, "deadlock: every live thread is blocked and nothing can wake them\n",
                         "교착 상태: 살아 있는 모든 스레드가 막혔고 깨울 수 있는 것이 없음\n"));
    auto cycle = find_wait_cycle(m);
    if (!cycle.empty())
        out += say(lang, "  wait-for cycle: {}\n", "  대기 순환: {}\n",
                   wait_cycle_text(m, cycle, lang));
    for (const Thread& t : m.threads)
        if (t.state == ThreadState::Blocked)
            out += say(lang, "  thread {} (process {}) waits on {}\n",
                       "  스레드 {} (프로세스 {}) 대기: {}\n", t.tid, t.pid,
                       object_text(m, {t.tid, t.reason, t.wait_on, 0}, lang));
    return out;
}

} // namespace gb
