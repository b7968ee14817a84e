#include "teach/event_words.h"

#include "sim/kernel/container.h"
#include "sim/kernel/io/fd.h"
#include "sim/kernel/io/io.h"
#include "sim/kernel/syscalls.h"
#include "teach/instr_words.h"

#include <fmt/format.h>

#include <algorithm>

namespace gb {

namespace {

struct Words {
    std::string_view en, ko;
};

// Every message in both languages. The compiler's switch warning names a
// message that has no words; the doctest checks that the Korean names
// every argument the English does.
Words msg_words(Msg m) {
    switch (m) {
    case Msg::Text: return {"{s0}", "알림: {s0}"};
    case Msg::Paused: return {"{w0}", "멈춤: {w0}"};
    case Msg::SwitchToIdle: return {"core {0}: thread {1} → idle", "코어 {0}: 스레드 {1} → 유휴"};
    case Msg::SwitchFromIdle: return {"core {0}: idle → thread {1}", "코어 {0}: 유휴 → 스레드 {1}"};
    case Msg::SwitchThread:
        return {"core {0}: thread {1} → thread {2}", "코어 {0}: 스레드 {1} → 스레드 {2}"};
    case Msg::BlockOn: return {"thread {0} blocks on {r1} {2}", "스레드 {0} 대기: {r1} {2}"};
    case Msg::BlockOnReason: return {"thread {0} blocks on {r1}", "스레드 {0} 대기: {r1}"};
    case Msg::BlockJoin:
        return {"thread {0} blocks on join (thread {1})", "스레드 {0} 대기: join (스레드 {1})"};
    case Msg::BlockWaitChild:
        return {"thread {0} blocks on wait (child process {1})",
                "스레드 {0} 대기: wait (자식 프로세스 {1})"};
    case Msg::BlockWaitAnyChild:
        return {"thread {0} blocks on wait (any child process)",
                "스레드 {0} 대기: wait (아무 자식 프로세스)"};
    case Msg::BlockSleep:
        return {"thread {0} blocks on sleep (until cycle {1})",
                "스레드 {0} 대기: sleep (사이클 {1}까지)"};
    case Msg::BlockAsyncWait:
        return {"thread {0} blocks on async_wait (request {1})",
                "스레드 {0} 대기: async_wait (요청 {1})"};
    case Msg::BlockAsyncWaitAny:
        return {"thread {0} blocks on async_wait (any request)",
                "스레드 {0} 대기: async_wait (아무 요청)"};
    case Msg::BlockIo:
        return {"thread {0} blocks on I/O (request {1}: {o2} {3} bytes, fd {4} ({d5}))",
                "스레드 {0} 대기: 입출력 (요청 {1}: {o2} {3}바이트, fd {4} ({d5}))"};
    case Msg::BlockIoAccept:
        return {"thread {0} blocks on I/O (request {1}: accept on fd {2} ({d3}))",
                "스레드 {0} 대기: 입출력 (요청 {1}: fd {2} ({d3})에서 accept)"};
    case Msg::BlockPipeRead:
        return {"thread {0} blocks on pipe {1} (empty: waits to read)",
                "스레드 {0} 대기: 파이프 {1} (비어 있음: 읽기를 기다림)"};
    case Msg::BlockPipeWrite:
        return {"thread {0} blocks on pipe {1} (full: waits to write)",
                "스레드 {0} 대기: 파이프 {1} (가득 참: 쓰기를 기다림)"};
    case Msg::BlockPoll:
        return {"thread {0} blocks on a readiness wait (interest set {1})",
                "스레드 {0} 대기: 준비 대기 (관심 집합 {1})"};
    case Msg::SignalledWaitsMutex:
        return {"thread {0} signalled, now waits for mutex {1}",
                "스레드 {0} 신호 받음, 이제 뮤텍스 {1} 대기"};
    case Msg::Wake: return {"thread {0} wakes ({r1})", "스레드 {0} 깨어남 ({r1})"};
    case Msg::ThreadEnds: return {"thread {0} ends with {1}", "스레드 {0} 종료, 값 {1}"};
    case Msg::ProcessExits:
        return {"process {0} exits with {1}", "프로세스 {0} 종료, 종료 코드 {1}"};
    case Msg::FaultKills:
        return {"{f0} at pc {x1}, address {x2}: process {3} killed",
                "{f0}: pc {x1}, 주소 {x2} — 프로세스 {3} 강제 종료"};
    case Msg::MlfqBoost:
        return {"MLFQ boost: every thread moves to the top level",
                "MLFQ 부스트: 모든 스레드가 최상위 단계로 올라감"};
    case Msg::MlfqBoostOstep:
        return {"MLFQ boost (OSTEP rules): every thread moves to the top level",
                "MLFQ 부스트 (OSTEP 규칙): 모든 스레드가 최상위 단계로 올라감"};
    case Msg::ThreadArrives: return {"thread {0} arrives", "스레드 {0} 도착"};
    case Msg::AllotmentUsed:
        return {"thread {0} used its allotment: down to level {1}",
                "스레드 {0} 할당량 소진: 단계 {1}(으)로 내려감"};
    case Msg::WaitsForConsole:
        return {"waiting for console input: thread {0} (process {1}) reads the console and "
                "nothing else can run; feed it input (Machine::feed_console, the console box, "
                "--input) and run on",
                "콘솔 입력 대기: 스레드 {0} (프로세스 {1})가 콘솔을 읽고 있고 실행할 수 있는 "
                "것이 없습니다. 입력을 넣고 (Machine::feed_console, 콘솔 입력 상자, --input) "
                "계속 실행하세요"};
    case Msg::Deadlock:
        return {"deadlock: every live thread is blocked and nothing can wake them ({0} blocked, "
                "{1} in the wait-for cycle)",
                "교착 상태: 살아 있는 모든 스레드가 막혔고 깨울 수 있는 것이 없음 (막힌 스레드 "
                "{0}개, 대기 순환에 {1}개)"};
    case Msg::ContainerStartsIn:
        return {"process {0} starts in container '{s1}' as its pid {2}",
                "프로세스 {0}: 컨테이너 '{s1}'에서 시작 (컨테이너 안의 pid {2})"};
    case Msg::ContainerJoins:
        return {"process {0} joins container '{s1}' as its pid {2}",
                "프로세스 {0}: 컨테이너 '{s1}'에 합류 (컨테이너 안의 pid {2})"};
    case Msg::ContainerOverQuota:
        return {"container '{s0}' would hold {1} bytes with {n2}, over its memory quota of {3}",
                "컨테이너 '{s0}': {n2}까지 더하면 {1}바이트로 메모리 할당량 {3}바이트를 넘음"};
    case Msg::ContainerOom:
        return {"container '{s0}' would hold {1} bytes with {n2}, over its memory quota of {3}: "
                "the OOM killer ends process {4} (pid {5} in the container) with exit code 137",
                "컨테이너 '{s0}': {n2}까지 더하면 {1}바이트로 메모리 할당량 {3}바이트를 넘음 — "
                "OOM 킬러가 프로세스 {4} (컨테이너 안의 pid {5})를 종료 코드 137로 끝냄"};
    case Msg::ContainerThrottled:
        return {
            "container '{s0}' used its CPU quota ({1} of {2} cycles): throttled until cycle {3}",
            "컨테이너 '{s0}' CPU 할당량 소진 ({2} 사이클 중 {1}): 사이클 {3}까지 멈춤"};
    case Msg::ContainerCreated:
        return {"container {0} '{s1}' created (memory quota {q2}, CPU quota {u3})",
                "컨테이너 {0} '{s1}' 생성 (메모리 할당량 {q2}, CPU 할당량 {u3})"};
    case Msg::SyscallCall: return {"{c0}", "시스템 호출 {c0}"};
    case Msg::SyscallFailed: return {"{w0}", "시스템 호출 실패: {w0}"};
    case Msg::SpawnFailed: return {"spawn '{s0}' failed: {w1}", "spawn '{s0}' 실패: {w1}"};
    case Msg::LoadLibraryFailed:
        return {"load_library '{s0}' failed: {w1}", "load_library '{s0}' 실패: {w1}"};
    case Msg::ProcessStarts: return {"process {0} '{s1}' starts", "프로세스 {0} '{s1}' 시작"};
    case Msg::ProcessStartsChild:
        return {"process {0} '{s1}' starts (parent {2})", "프로세스 {0} '{s1}' 시작 (부모 {2})"};
    case Msg::ThreadCreated: return {"thread {0} '{s1}' created", "스레드 {0} '{s1}' 생성"};
    case Msg::ProcessForked:
        return {"process {0} forked from process {1} (thread {2})",
                "프로세스 {0}: 프로세스 {1}에서 fork됨 (스레드 {2})"};
    case Msg::ForkThreadCopy:
        return {"thread {0} is the child's copy of thread {1}",
                "스레드 {0}: 스레드 {1}의 자식 쪽 복사본"};
    case Msg::LibraryAssembled:
        return {"library {0} '{s1}' assembled for {x2}",
                "라이브러리 {0} '{s1}' 어셈블 (주소 {x2})"};
    case Msg::LibraryMapped:
        return {"process {0} maps library '{s1}' at {x2} (shared, read-only)",
                "프로세스 {0}: 라이브러리 '{s1}'를 {x2}에 매핑 (공유, 읽기 전용)"};
    case Msg::IoFailed: return {"{w0}", "입출력 실패: {w0}"};
    case Msg::PipeReadAtOnce:
        return {"pipe {0}: {1} bytes read at once ({2} left)",
                "파이프 {0}: {1}바이트 바로 읽음 ({2}바이트 남음)"};
    case Msg::PipeReadAtOnceRoom:
        return {"pipe {0}: {1} bytes read at once ({2} left): room for a waiting writer",
                "파이프 {0}: {1}바이트 바로 읽음 ({2}바이트 남음): 기다리던 쓰기에 자리가 생김"};
    case Msg::BrokenPipe:
        return {"pipe {0}: nobody can read any more (broken pipe)",
                "파이프 {0}: 더 읽을 쪽이 없음 (깨진 파이프)"};
    case Msg::PipeWritten:
        return {"pipe {0}: {1} bytes written ({2} of {3} bytes in the pipe: readable)",
                "파이프 {0}: {1}바이트 씀 (파이프에 {3}바이트 중 {2}바이트: 읽기 가능)"};
    case Msg::WouldBlockDisk:
        return {"{s0} fd {1} ({d2}): would block (a disk file is never ready without the wait)",
                "{s0} fd {1} ({d2}): 블록됨 (디스크 파일은 기다리지 않으면 준비되지 않음)"};
    case Msg::WouldBlockRead:
        return {"{s0} fd {1} ({d2}): would block (nothing to read yet)",
                "{s0} fd {1} ({d2}): 블록됨 (아직 읽을 것이 없음)"};
    case Msg::WouldBlockWrite:
        return {"{s0} fd {1} ({d2}): would block (no room yet)",
                "{s0} fd {1} ({d2}): 블록됨 (아직 자리가 없음)"};
    case Msg::CollectNotYet:
        return {"async_collect: request {0} has not finished yet (would block)",
                "async_collect: 요청 {0} 아직 안 끝남 (블록됨)"};
    case Msg::CollectNoneYet:
        return {"async_collect: no request has finished yet (would block)",
                "async_collect: 아직 끝난 요청 없음 (블록됨)"};
    case Msg::FileOpened:
        return {"open '{s0}' ({1} bytes): fd {2}", "'{s0}' 열기 ({1}바이트): fd {2}"};
    case Msg::FdClosed: return {"close fd {0} ({d1})", "fd {0} 닫기 ({d1})"};
    case Msg::PipeCreated:
        return {"pipe {0} ({1} bytes): read end fd {2}, write end fd {3}",
                "파이프 {0} ({1}바이트): 읽기 끝 fd {2}, 쓰기 끝 fd {3}"};
    case Msg::Accepted:
        return {"accept: connection {0} (client {1}) is fd {2}",
                "accept: 연결 {0} (클라이언트 {1}) → fd {2}"};
    case Msg::AcceptFinished:
        return {"accept: -1, the load generator has finished (no client will come)",
                "accept: -1, 부하 생성기가 끝남 (더 올 클라이언트 없음)"};
    case Msg::InterestWatch:
        return {"interest set {0}: watch fd {1} ({d2}) for {e3}",
                "관심 집합 {0}: fd {1} ({d2})의 {e3} 감시"};
    case Msg::PollReadyAtOnce:
        return {"poll_wait on set {0}: {1} ready at once: {l2}",
                "집합 {0}의 poll_wait: 바로 {1}개 준비됨: {l2}"};
    case Msg::PollTimesOut:
        return {"thread {0}: the readiness wait on set {1} times out (0 ready)",
                "스레드 {0}: 집합 {1}의 준비 대기 시간 초과 (준비 0개)"};
    case Msg::PollReturns:
        return {"thread {0}: the readiness wait on set {1} returns {2} ready: {l3}",
                "스레드 {0}: 집합 {1}의 준비 대기가 돌아옴, {2}개 준비됨: {l3}"};
    case Msg::IoRequest:
        return {"request {0}: {o1} {2} bytes, fd {3} ({d4}) ({h5})",
                "요청 {0}: {o1} {2}바이트, fd {3} ({d4}) ({h5})"};
    case Msg::IoRequestAccept:
        return {"request {0}: accept on fd {1} ({d2}) ({h3})",
                "요청 {0}: fd {1} ({d2})에서 accept ({h3})"};
    case Msg::IoCompletes:
        return {"request {0} completes: result {1} (after {2} cycles)",
                "요청 {0} 완료: 결과 {1} ({2} 사이클 뒤)"};
    case Msg::IoCollects:
        return {"thread {0} collects request {1}: result {2}",
                "스레드 {0}: 요청 {1} 결과 받음: {2}"};
    case Msg::IoHandlerNamed:
        return {"thread {0} runs the handler {s1} for request {2} (result {3})",
                "스레드 {0}: 요청 {2}의 핸들러 {s1} 실행 (결과 {3})"};
    case Msg::IoHandlerAt:
        return {"thread {0} runs the handler {x1} for request {2} (result {3})",
                "스레드 {0}: 요청 {2}의 핸들러 {x1} 실행 (결과 {3})"};
    case Msg::LoadGenFinished:
        return {"load generator finished: {0} of {1} requests answered; the listening sockets "
                "shut down (accept now returns -1)",
                "부하 생성기 끝남: 요청 {1}개 중 {0}개 응답; 리슨 소켓이 닫힘 (이제 accept는 "
                "-1을 돌려줌)"};
    case Msg::ClientRefused:
        return {"client {0} gives up (connection refused): {1} requests lost",
                "클라이언트 {0} 포기 (연결 거부됨): 요청 {1}개 유실"};
    case Msg::ClientServerClosed:
        return {"client {0} gives up (the server closed connection {1}): {2} requests lost",
                "클라이언트 {0} 포기 (서버가 연결 {1}을 닫음): 요청 {2}개 유실"};
    case Msg::ClientClosedConn:
        return {"client {0} gives up (request {1} reached a closed connection): {2} requests lost",
                "클라이언트 {0} 포기 (요청 {1}이 닫힌 연결에 도착): 요청 {2}개 유실"};
    case Msg::Listens:
        return {"process {0} listens on port {1} (listening socket {2})",
                "프로세스 {0}: 포트 {1}에서 연결 대기 (리슨 소켓 {2})"};
    case Msg::LoadGenScripted:
        return {"load generator: {0} scripted requests from {1} clients, network latency {2} "
                "cycles",
                "부하 생성기: 클라이언트 {1}개의 스크립트 요청 {0}개, 네트워크 지연 {2} 사이클"};
    case Msg::LoadGen:
        return {"load generator: {0} clients x {1} requests (work {2}, think about {3} cycles), "
                "network latency {4} cycles",
                "부하 생성기: 클라이언트 {0}개 × 요청 {1}개 (작업 {2}, 생각 시간 약 {3} 사이클), "
                "네트워크 지연 {4} 사이클"};
    case Msg::ConnNoRequest:
        return {"connection {0}: {1} bytes written, but no request waits for a reply",
                "연결 {0}: {1}바이트를 썼지만 응답을 기다리는 요청이 없음"};
    case Msg::ConnReply:
        return {"connection {0}: the reply to request {1} ({2} bytes) is on its way to client {3}",
                "연결 {0}: 요청 {1}의 응답 ({2}바이트)을 클라이언트 {3}에게 보내는 중"};
    case Msg::ConnClosedByServer:
        return {"connection {0} closed by the server", "연결 {0}: 서버가 닫음"};
    case Msg::ClientConnects:
        return {"client {0} connects: connection {1} waits to be accepted (listening socket {2} "
                "readable)",
                "클라이언트 {0} 접속: 연결 {1}이 accept를 기다림 (리슨 소켓 {2} 읽기 가능)"};
    case Msg::ClientSends:
        return {"client {0} sends request {1} (work {2})",
                "클라이언트 {0}: 요청 {1} 보냄 (작업 {2})"};
    case Msg::RequestArrives:
        return {"request {0} from client {1} arrives on connection {2} (8 bytes: connection "
                "readable)",
                "요청 {0} 도착: 클라이언트 {1}, 연결 {2} (8바이트: 연결 읽기 가능)"};
    case Msg::ClientReceives:
        return {"client {0} receives the reply to request {1}: latency {2} cycles",
                "클라이언트 {0}: 요청 {1}의 응답 받음, 지연 {2} 사이클"};
    case Msg::ClientDone:
        return {"client {0} is done and closes connection {1}",
                "클라이언트 {0} 끝남, 연결 {1} 닫음"};
    case Msg::ClientClosed:
        return {"connection {0}: client {1} has closed (readable: the end of data)",
                "연결 {0}: 클라이언트 {1} 닫음 (읽기 가능: 데이터 끝)"};
    case Msg::DiskRead:
        return {"disk: request {0} (read of '{s1}' at offset {2}) will be done at cycle {3}",
                "디스크: 요청 {0} ('{s1}' 오프셋 {2} 읽기)는 사이클 {3}에 끝남"};
    case Msg::DiskWrite:
        return {"disk: request {0} (write to '{s1}' at offset {2}) will be done at cycle {3}",
                "디스크: 요청 {0} ('{s1}' 오프셋 {2} 쓰기)는 사이클 {3}에 끝남"};
    case Msg::ConsoleInputFor:
        return {"console input: {0} bytes for process {1} (console input readable)",
                "콘솔 입력: 프로세스 {1}에 {0}바이트 (콘솔 입력 읽기 가능)"};
    case Msg::ConsoleInputShared:
        return {"console input: {0} bytes on the shared terminal (console input readable)",
                "콘솔 입력: 공유 터미널에 {0}바이트 (콘솔 입력 읽기 가능)"};
    case Msg::PipeWriterPuts:
        return {"pipe {0}: request {1} puts in {2} more bytes ({3} of {4} bytes in the pipe)",
                "파이프 {0}: 요청 {1}, {2}바이트 더 넣음 (파이프에 {4}바이트 중 {3}바이트)"};
    case Msg::PipeLastWriterClosed:
        return {"pipe {0}: the last write end is closed (readers now see the end of data)",
                "파이프 {0}: 마지막 쓰기 끝이 닫힘 (이제 읽는 쪽은 데이터 끝을 봄)"};
    case Msg::PipeLastReaderClosed:
        return {"pipe {0}: the last read end is closed (writes now fail)",
                "파이프 {0}: 마지막 읽기 끝이 닫힘 (이제 쓰기는 실패함)"};
    case Msg::ListenClosed:
        return {"listening socket {0} (port {1}) closed", "리슨 소켓 {0} (포트 {1}) 닫힘"};
    case Msg::Count: break;
    }
    return {"?", "?"};
}
static_assert(kOomExitCode == 137, "the ContainerOom words name exit code 137");

std::string_view pick(Lang lang, std::string_view en, std::string_view ko) {
    return lang == Lang::Ko ? ko : en;
}

std::string hex(int64_t v) {
    return fmt::format("{:#x}", static_cast<uint64_t>(v));
}

std::string poll_events_text(int64_t ev, Lang lang, bool list) {
    if (!list) {
        if (ev == (kPollIn | kPollOut)) return std::string(pick(lang, "in and out", "입력과 출력"));
        return std::string(ev == kPollIn ? pick(lang, "in", "입력") : pick(lang, "out", "출력"));
    }
    std::string s;
    auto add = [&](std::string_view w) { s += (s.empty() ? "" : "+") + std::string(w); };
    if (ev & kPollIn) add(pick(lang, "in", "입력"));
    if (ev & kPollOut) add(pick(lang, "out", "출력"));
    if (ev & kPollHup) add(pick(lang, "hup", "끊김"));
    return s;
}

std::string fd_text(int64_t word, const EventLog& log, Lang lang) {
    int kind = static_cast<int>(word & 0xFF);
    int64_t object = (word >> 8) & 0xFFFFFF;
    int64_t detail = word >> 32;
    if (kind == kFdWordQueue)
        return std::string(
            pick(lang, "the queue of finished asynchronous requests", "끝난 비동기 요청의 큐"));
    if (kind == kFdWordClosed)
        return std::string(pick(lang, "a closed descriptor", "닫힌 디스크립터"));
    switch (static_cast<FdKind>(kind)) {
    case FdKind::ConsoleIn: return std::string(pick(lang, "console input", "콘솔 입력"));
    case FdKind::ConsoleOut: return std::string(pick(lang, "console output", "콘솔 출력"));
    case FdKind::File: return fmt::format("{} '{}'", pick(lang, "file", "파일"), log.str(detail));
    case FdKind::PipeRead:
        return fmt::format(fmt::runtime(pick(lang, "pipe {} (read end)", "파이프 {} (읽기 끝)")),
                           object);
    case FdKind::PipeWrite:
        return fmt::format(fmt::runtime(pick(lang, "pipe {} (write end)", "파이프 {} (쓰기 끝)")),
                           object);
    case FdKind::Listen:
        return fmt::format(
            fmt::runtime(pick(lang, "listening socket {} (port {})", "리슨 소켓 {} (포트 {})")),
            object, detail);
    case FdKind::Conn:
        return fmt::format(
            fmt::runtime(pick(lang, "connection {} (client {})", "연결 {} (클라이언트 {})")),
            object, detail);
    case FdKind::None: break;
    }
    return "?";
}

std::string io_op_text(int64_t op, Lang lang) {
    switch (static_cast<IoOp>(op)) {
    case IoOp::Read: return std::string(pick(lang, "read", "읽기"));
    case IoOp::Write: return std::string(pick(lang, "write", "쓰기"));
    case IoOp::Accept: return "accept";
    }
    return "?";
}

std::string io_mode_text(int64_t how, Lang lang) {
    if (how < 0) return std::string(pick(lang, "blocking", "블로킹"));
    if (how == 0) return std::string(pick(lang, "asynchronous", "비동기"));
    return fmt::format("{}, {} {}", pick(lang, "asynchronous", "비동기"),
                       pick(lang, "handler", "핸들러"), hex(how));
}

} // namespace

std::string_view msg_template(Msg m, Lang lang) {
    Words w = msg_words(m);
    return pick(lang, w.en, w.ko);
}

std::string_view msg_id(Msg m) {
    switch (m) {
#define GB_MSG_NAME(id)                                                                            \
    case Msg::id: return #id;
        GB_EVENT_MESSAGES(GB_MSG_NAME)
#undef GB_MSG_NAME
    case Msg::Count: break;
    }
    return "?";
}

std::string_view block_reason_text(BlockReason r, Lang lang) {
    if (lang == Lang::En) return block_reason_name(r);
    switch (r) {
    case BlockReason::None: return "";
    case BlockReason::Join: return "join (스레드 끝 기다림)";
    case BlockReason::WaitChild: return "wait (자식 기다림)";
    case BlockReason::Sleep: return "sleep (잠듦)";
    case BlockReason::Mutex: return "뮤텍스";
    case BlockReason::Semaphore: return "세마포어";
    case BlockReason::CondVar: return "조건 변수";
    case BlockReason::Io: return "입출력";
    case BlockReason::PipeRead: return "파이프 읽기";
    case BlockReason::PipeWrite: return "파이프 쓰기";
    case BlockReason::Poll: return "준비 대기";
    }
    return "?";
}

std::string_view fault_text(Fault f, Lang lang) {
    return lang == Lang::Ko ? fault_name_ko(f) : fault_name(f);
}

std::string_view event_kind_text(EventKind k, Lang lang) {
    if (lang == Lang::En) return event_kind_name(k);
    switch (k) {
    case EventKind::Switch: return "전환";
    case EventKind::Syscall: return "시스템 호출";
    case EventKind::Block: return "대기";
    case EventKind::Wake: return "깨어남";
    case EventKind::Fault: return "폴트";
    case EventKind::ThreadStart: return "스레드 시작";
    case EventKind::ThreadExit: return "스레드 종료";
    case EventKind::ProcessStart: return "프로세스 시작";
    case EventKind::ProcessExit: return "프로세스 종료";
    case EventKind::Timer: return "타이머";
    case EventKind::Io: return "입출력";
    case EventKind::Deadlock: return "교착 상태";
    case EventKind::Note: return "알림";
    }
    return "?";
}

std::string_view switch_reason_text(SwitchReason r, Lang lang) {
    if (lang == Lang::En) return switch_reason_name(r);
    switch (r) {
    case SwitchReason::Start: return "시작";
    case SwitchReason::Timer: return "타이머";
    case SwitchReason::Block: return "대기";
    case SwitchReason::Yield: return "양보";
    case SwitchReason::Exit: return "종료";
    case SwitchReason::Idle: return "유휴";
    case SwitchReason::Preempt: return "선점";
    }
    return "?";
}

std::string event_arg_text(const Event& e, const EventLog& log, char type, int index, Lang lang) {
    if (index < 0 || index >= static_cast<int>(kEventArgs)) return "?";
    const size_t i = static_cast<size_t>(index);
    const int64_t v = e.args[i];
    switch (type) {
    case 0: return std::to_string(v);
    case 'x': return hex(v);
    case 's': return std::string(log.str(v));
    case 'r': return std::string(block_reason_text(static_cast<BlockReason>(v), lang));
    case 'f': return std::string(fault_text(static_cast<Fault>(v), lang));
    case 'd': return fd_text(v, log, lang);
    case 'o': return io_op_text(v, lang);
    case 'h': return io_mode_text(v, lang);
    case 'e': return poll_events_text(v, lang, false);
    case 'c': {
        const SyscallInfo* sc = syscall_info(static_cast<int32_t>(v));
        return sc ? std::string(sc->name) : fmt::format("sys {}", v);
    }
    case 'q':
        return v ? fmt::format(fmt::runtime(pick(lang, "{} bytes", "{}바이트")), v)
                 : std::string(pick(lang, "none", "없음"));
    case 'n': return need_text(v, log, lang);
    case 'w': {
        if (v < 0 || v >= kWhyCount) return "?";
        Event r;
        for (size_t k = i + 1; k < kEventArgs; ++k)
            r.args[k - i - 1] = e.args[k];
        return format_template(why_template(static_cast<Why>(v), lang), r, log, lang);
    }
    case 'u':
        if (!v || i + 1 >= kEventArgs) return std::string(pick(lang, "none", "없음"));
        return fmt::format(fmt::runtime(pick(lang, "{} of every {} cycles", "{1} 사이클마다 {0}")),
                           v, e.args[i + 1]);
    case 'l': {
        std::string out;
        for (size_t k = i; k < kEventArgs && e.args[k]; ++k) {
            if (!out.empty()) out += ", ";
            if (e.args[k] < 0) {
                out += "…";
                break;
            }
            int64_t fd = (e.args[k] >> 8) - 1, ev = e.args[k] & 0xFF;
            out += fmt::format("fd {}", fd);
            if (ev) out += fmt::format(" ({})", poll_events_text(ev, lang, true));
        }
        return out;
    }
    }
    return "?";
}

std::string event_text(const Event& e, const EventLog& log, Lang lang) {
    return format_template(msg_template(e.msg, lang), e, log, lang);
}

std::string format_template(std::string_view t, const Event& e, const EventLog& log, Lang lang) {
    std::string out;
    out.reserve(t.size() + 16);
    for (size_t p = 0; p < t.size();) {
        if (t[p] == '{') {
            size_t close = t.find('}', p);
            if (close != std::string_view::npos && close > p + 1) {
                std::string_view ph = t.substr(p + 1, close - p - 1);
                char type = ph[0] >= '0' && ph[0] <= '9' ? 0 : ph[0];
                std::string_view digits = type ? ph.substr(1) : ph;
                if (!digits.empty() && std::all_of(digits.begin(), digits.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; })) {
                    out += event_arg_text(e, log, type, std::stoi(std::string(digits)), lang);
                    p = close + 1;
                    continue;
                }
            }
        }
        out += t[p++];
    }
    return out;
}

std::string event_text(const Machine& m, const Event& e, Lang lang) {
    return event_text(e, m.log, lang);
}

std::string fault_report_text(const FaultReport& f, Lang lang) {
    std::string s = fmt::format(
        fmt::runtime(pick(lang,
                          "process {0} killed by a fault: {1} in thread {2} at pc {3:#07x} "
                          "(address {4:#07x})",
                          "프로세스 {0}이(가) 폴트로 강제 종료됨: 스레드 {2}, pc {3:#07x}에서 "
                          "{1} (주소 {4:#07x})")),
        f.pid, fault_text(f.fault, lang), f.tid, f.pc, f.addr);
    if (std::string src = fault_source_text(f, lang); !src.empty())
        s += fmt::format("\n           {} {}", pick(lang, "at", "위치:"), src);
    return s;
}

std::string fault_source_text(const FaultReport& f, Lang lang) {
    if (f.code_end == CodeEnd::None) return f.source;
    std::string file =
        f.source.empty() ? std::string(pick(lang, "the program", "프로그램")) : f.source;
    if (f.code_end == CodeEnd::NoInstructions)
        return fmt::format(
            "{}: {}", file,
            pick(lang, "the program has no instructions", "프로그램에 명령어가 없음"));
    return fmt::format("{}: {}", file,
                       pick(lang,
                            "past the last instruction: the program ran off the end of its code "
                            "(end it with sys exit or halt)",
                            "마지막 명령어를 지남: 프로그램이 코드 끝을 넘어 실행됨 (sys exit나 "
                            "halt로 끝내세요)"));
}

std::string fault_banner_text(const Machine& m, const FaultReport& f, Lang lang) {
    std::string who = f.tid > 0 && f.tid <= static_cast<int>(m.threads.size())
                          ? fmt::format("t{} {}", f.tid, m.thread(f.tid).name)
                          : std::string("?");
    std::string s = fmt::format(
        fmt::runtime(pick(lang,
                          "Fault: {0} — thread {1} of process {2} at PC 0x{3:05x}, address "
                          "0x{4:05x}. The kernel killed the process.",
                          "폴트: {0} — 프로세스 {2}의 스레드 {1}, PC 0x{3:05x}, 주소 0x{4:05x}. "
                          "커널이 프로세스를 종료했습니다.")),
        fault_text(f.fault, lang), who, f.pid, f.pc, f.addr);
    if (std::string src = fault_source_text(f, lang); !src.empty())
        s += fmt::format("\n{} {}", pick(lang, "Source:", "소스:"), src);
    return s;
}

std::string io_request_text(const Machine& m, const IoRequest& r, Lang lang) {
    Event e;
    e.args[1] = r.fd_word;
    std::string fd = event_arg_text(e, m.log, 'd', 1, lang);
    if (r.op == IoOp::Accept)
        return fmt::format(
            fmt::runtime(pick(lang, "accept on fd {} ({})", "fd {} ({})에서 accept")), r.fd, fd);
    return fmt::format(
        fmt::runtime(pick(lang, "{} {} bytes, fd {} ({})", "{} {}바이트, fd {} ({})")),
        io_op_text(static_cast<int64_t>(r.op), lang), r.len, r.fd, fd);
}

std::string io_summary_text(int clients, int answered, int total, int lost, Lang lang) {
    return fmt::format(
        fmt::runtime(pick(lang, "{0} clients · {1} of {2} requests answered · {3} lost",
                          "클라이언트 {0}개 · 요청 {2}개 중 {1}개 응답 · {3}개 유실")),
        clients, answered, total, lost);
}

std::vector<std::string_view> event_words_korean() {
    std::vector<std::string_view> out;
    for (int i = 0; i < kMsgCount; ++i)
        out.push_back(msg_words(static_cast<Msg>(i)).ko);
    for (int r = 0; r <= static_cast<int>(BlockReason::Poll); ++r)
        out.push_back(block_reason_text(static_cast<BlockReason>(r), Lang::Ko));
    for (int k = 0; k <= static_cast<int>(EventKind::Note); ++k)
        out.push_back(event_kind_text(static_cast<EventKind>(k), Lang::Ko));
    for (int k = 0; k <= static_cast<int>(SwitchReason::Preempt); ++k)
        out.push_back(switch_reason_text(static_cast<SwitchReason>(k), Lang::Ko));
    // The small words of fd descriptions, modes, poll events and the reports.
    static const std::string_view extra[] = {
        "끝난 비동기 요청의 큐 닫힌 디스크립터 콘솔 입력 출력 파일 파이프 읽기 쓰기 끝 리슨 소켓 "
        "포트 연결 클라이언트 블로킹 비동기 핸들러 입력과 끊김 바이트 없음 사이클마다",
        "프로세스이(가) 폴트로 강제 종료됨: 스레드, 에서 주소 위치",
        "프로그램에 명령어가 없음 마지막 명령어를 지남: 프로그램이 코드 끝을 넘어 실행됨 (sys "
        "exit나 "
        "halt로 끝내세요)",
        "교착 상태: 살아 있는 모든 스레드가 막혔고 깨울 수 있는 것이 없음 대기 순환 기다림 "
        "뮤텍스 소유 끝난 비어 있음 세마포어 값 실행 중인 올리지 않음 조건 변수 신호를 보내지 "
        "않음 가득 참 자식 프로세스 아무 요청 준비 관심 집합 완료하지"};
    for (std::string_view s : extra)
        out.push_back(s);
    for (std::string_view s : stop_words_korean())
        out.push_back(s);
    for (std::string_view s : instruction_words_korean())
        out.push_back(s);
    return out;
}

} // namespace gb
