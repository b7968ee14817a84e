// The words for reasons (sim/kernel/why.h): why a system call failed and
// why the machine paused, in English and Korean. The English is what the
// CLI has always printed; event_words.cpp formats the placeholders.
#include "teach/event_words.h"

#include <fmt/format.h>

namespace gb {

namespace {

struct Words {
    std::string_view en, ko;
};

// Every reason in both languages. The compiler's switch warning names a
// reason that has no words; tests/test_stop_words.cpp checks the Korean.
Words why_words(Why w) {
    switch (w) {
    case Why::None: return {"", ""};
    case Why::Text: return {"{s0}", "{s0}"};
    case Why::InstructionLimit:
        return {"instruction limit reached: {0} instructions have run, the most allowed "
                "(Config::limits.max_instructions); the program may be in an endless loop",
                "명령어 한도 도달: 명령어 {0}개를 실행해 허용된 최대치에 이름 "
                "(Config::limits.max_instructions). 프로그램이 끝없는 반복에 빠졌을 수 있음"};
    case Why::WaitsForConsole:
        return {"waiting for console input: thread {0} (process {1}) reads the console and "
                "nothing else can run; feed it input (Machine::feed_console, the console box, "
                "--input) and run on",
                "콘솔 입력 대기: 스레드 {0} (프로세스 {1})가 콘솔을 읽고 있고 실행할 수 있는 "
                "것이 없습니다. 입력을 넣고 (Machine::feed_console, 콘솔 입력 상자, --input) "
                "계속 실행하세요"};
    case Why::Deadlock:
        return {"deadlock: every live thread is blocked and nothing can wake them",
                "교착 상태: 살아 있는 모든 스레드가 막혔고 깨울 수 있는 것이 없음"};
    case Why::ProcessLimit:
        return {"process limit reached: {0} processes are alive, the most allowed at once "
                "(Config::limits.max_processes)",
                "프로세스 한도 도달: 살아 있는 프로세스 {0}개로 동시에 허용된 최대치 "
                "(Config::limits.max_processes)"};
    case Why::ForkLimit:
        return {"process limit reached: {0} processes are alive, the most allowed at once "
                "(Config::limits.max_processes); process {1} (thread {2}) could not fork",
                "프로세스 한도 도달: 살아 있는 프로세스 {0}개로 동시에 허용된 최대치 "
                "(Config::limits.max_processes). 프로세스 {1} (스레드 {2})는 fork하지 못함"};
    case Why::NoContainer: return {"there is no container {0}", "컨테이너 {0}이(가) 없음"};
    case Why::ThreadLimit:
        return {"thread limit reached: process {0} already has {1} live threads, the most one "
                "process may have (Config::limits.max_threads_per_process)",
                "스레드 한도 도달: 프로세스 {0}에 살아 있는 스레드가 이미 {1}개로 한 프로세스에 "
                "허용된 최대치 (Config::limits.max_threads_per_process)"};
    case Why::MemoryLimit:
        return {"memory limit reached: process {0} would use {1} bytes with {n3}, but a process "
                "may use at most {2} (Config::limits.max_memory_per_process)",
                "메모리 한도 도달: 프로세스 {0}이(가) {n3}까지 더하면 {1}바이트를 쓰게 되지만 "
                "한 프로세스는 최대 {2}바이트까지 쓸 수 있음 "
                "(Config::limits.max_memory_per_process)"};
    case Why::OverQuota:
        return {"container '{s0}' would hold {1} bytes with {n2}, over its memory quota of {3}",
                "컨테이너 '{s0}': {n2}까지 더하면 {1}바이트로 메모리 할당량 {3}바이트를 넘음"};
    case Why::SyncObjectLimit:
        return {"kernel object limit reached: {s0} found {1} mutexes, semaphores and condition "
                "variables, the most allowed (Config::limits.max_sync_objects)",
                "커널 객체 한도 도달: {s0} 호출 때 뮤텍스·세마포어·조건 변수가 이미 {1}개로 "
                "허용된 최대치 (Config::limits.max_sync_objects)"};
    case Why::IoObjectLimit:
        return {"kernel object limit reached: {s0} found {1} pipes, interest sets and listening "
                "sockets, the most allowed (Config::limits.max_io_objects)",
                "커널 객체 한도 도달: {s0} 호출 때 파이프·관심 집합·리슨 소켓이 이미 {1}개로 "
                "허용된 최대치 (Config::limits.max_io_objects)"};
    case Why::IoRequestLimit:
        return {"I/O request limit reached: {s0} found {1} requests made, the most allowed "
                "(Config::limits.max_io_requests)",
                "입출력 요청 한도 도달: {s0} 호출 때 만든 요청이 이미 {1}개로 허용된 최대치 "
                "(Config::limits.max_io_requests)"};
    case Why::AsyncBytesLimit:
        return {"asynchronous I/O limit reached: {s0} of {1} bytes would make {2} bytes in "
                "requests not yet collected, more than allowed (Config::limits.max_async_bytes "
                "= {3})",
                "비동기 입출력 한도 도달: {1}바이트 {s0} 호출로 아직 결과를 받지 않은 요청이 "
                "{2}바이트가 되어 허용량을 넘음 (Config::limits.max_async_bytes = {3})"};
    case Why::FileBytesLimit:
        return {"disk limit reached: {s0} would make '{s1}' {2} bytes, more than a file may hold "
                "(Config::limits.max_file_bytes = {3})",
                "디스크 한도 도달: {s0} 호출로 '{s1}'이(가) {2}바이트가 되어 파일 하나에 담을 수 "
                "있는 양을 넘음 (Config::limits.max_file_bytes = {3})"};
    case Why::DiskBytesLimit:
        return {"disk limit reached: {s0} would make the disk hold {1} bytes, more than all files "
                "may hold together (Config::limits.max_disk_bytes = {2})",
                "디스크 한도 도달: {s0} 호출로 디스크가 {1}바이트를 담게 되어 모든 파일을 합친 "
                "허용량을 넘음 (Config::limits.max_disk_bytes = {2})"};
    case Why::DiskFilesLimit:
        return {"disk limit reached: open of '{s0}' found {1} files on the disk, the most allowed "
                "(Config::limits.max_disk_files)",
                "디스크 한도 도달: '{s0}'을(를) 열 때 디스크의 파일이 이미 {1}개로 허용된 최대치 "
                "(Config::limits.max_disk_files)"};
    case Why::HeapBelowStart:
        return {"sbrk: the heap cannot shrink below its start {x0}",
                "sbrk: 힙은 시작 주소 {x0} 아래로 줄어들 수 없음"};
    case Why::HeapLimit:
        return {"heap limit reached: process {0} asked for a heap up to {x1}, but the heap ends "
                "at {x2} (memlayout.h)",
                "힙 한도 도달: 프로세스 {0}이(가) {x1}까지 힙을 요청했지만 힙은 {x2}에서 끝남 "
                "(memlayout.h)"};
    case Why::SbrkOomKilled:
        return {"sbrk: process {0} was ended by its container's OOM killer",
                "sbrk: 컨테이너의 OOM 킬러가 프로세스 {0}을(를) 끝냄"};
    case Why::MallocTooBig:
        return {"malloc: {0} bytes is more than the whole heap",
                "malloc: {0}바이트는 힙 전체보다 큼"};
    case Why::FreeNotBlock:
        return {"free: {x0} is not the start of a block that malloc returned",
                "free: {x0}은(는) malloc이 돌려준 블록의 시작이 아님"};
    case Why::FreeTwice:
        return {"free: the block at {x0} was already freed (a double free)",
                "free: {x0}의 블록은 이미 반납됨 (이중 해제)"};
    case Why::NotString:
        return {"{s0}: address {x1} is not a readable string",
                "{s0}: 주소 {x1}은(는) 읽을 수 있는 문자열이 아님"};
    case Why::NoProgramLoader:
        return {"spawn: this machine has no program loader (Machine::loader)",
                "spawn: 이 머신에는 프로그램 로더가 없음 (Machine::loader)"};
    case Why::NoLibraryLoader:
        return {"load_library: this machine has no library loader (Machine::lib_loader)",
                "load_library: 이 머신에는 라이브러리 로더가 없음 (Machine::lib_loader)"};
    case Why::NoProgramFile: return {"no program file '{s0}'", "프로그램 파일 '{s0}'이(가) 없음"};
    case Why::NoLibraryFile: return {"no library file '{s0}'", "라이브러리 파일 '{s0}'이(가) 없음"};
    case Why::OutsideRoots:
        return {"'{s0}' is outside the folders a program may read (its own folder, programs/ and "
                "the lessons; GLASSBOX_ROOTS adds more)",
                "'{s0}'은(는) 프로그램이 읽을 수 있는 폴더 밖에 있음 (자기 폴더, programs/, "
                "수업 폴더; GLASSBOX_ROOTS로 더할 수 있음)"};
    case Why::LibraryHasData:
        return {"{s0}: a shared library holds only code and constants (.text); move its .data and "
                ".tls into the programs that use it",
                "{s0}: 공유 라이브러리에는 코드와 상수(.text)만 둘 수 있음. .data와 .tls는 "
                "라이브러리를 쓰는 프로그램으로 옮기세요"};
    case Why::LibraryAreaFull:
        return {"load_library: the shared library area {x0}-{x1} is full",
                "load_library: 공유 라이브러리 영역 {x0}-{x1}이(가) 가득 참"};
    case Why::LibraryTooBig:
        return {"load_library: {s0} ({1} bytes) does not fit in the shared library area",
                "load_library: {s0} ({1}바이트)이(가) 공유 라이브러리 영역에 들어가지 않음"};
    case Why::LibraryQuota:
        return {"load_library: container memory quota",
                "load_library: 컨테이너 메모리 할당량을 넘음"};
    case Why::NotMutex:
        return {"{s0}: {1} is not a mutex of process {2} (create one first)",
                "{s0}: {1}은(는) 프로세스 {2}의 뮤텍스가 아님 (먼저 만드세요)"};
    case Why::NotSemaphore:
        return {"{s0}: {1} is not a semaphore of process {2} (create one first)",
                "{s0}: {1}은(는) 프로세스 {2}의 세마포어가 아님 (먼저 만드세요)"};
    case Why::NotCondVar:
        return {"{s0}: {1} is not a condition variable of process {2} (create one first)",
                "{s0}: {1}은(는) 프로세스 {2}의 조건 변수가 아님 (먼저 만드세요)"};
    case Why::NotPollSet:
        return {"{s0}: {1} is not an interest set of process {2} (poll_create one first)",
                "{s0}: {1}은(는) 프로세스 {2}의 관심 집합이 아님 (먼저 poll_create로 만드세요)"};
    case Why::UnknownSyscall: return {"unknown system call {0}", "알 수 없는 시스템 호출 {0}"};
    case Why::UnlockNotOwner:
        return {"mutex_unlock: thread {0} does not own mutex {1} (thread {2} does)",
                "mutex_unlock: 스레드 {0}은(는) 뮤텍스 {1}의 주인이 아님 (주인은 스레드 {2})"};
    case Why::UnlockNotLocked:
        return {"mutex_unlock: mutex {0} is not locked",
                "mutex_unlock: 뮤텍스 {0}은(는) 잠겨 있지 않음"};
    case Why::CondWaitNoMutex:
        return {"cond_wait: thread {0} must hold mutex {1} to wait on condition variable {2}",
                "cond_wait: 스레드 {0}이(가) 조건 변수 {2}를 기다리려면 뮤텍스 {1}을(를) 쥐고 "
                "있어야 함"};
    case Why::FdNotOpen: return {"{s0}: fd {1} is not open", "{s0}: fd {1}은(는) 열려 있지 않음"};
    case Why::IoTooLong:
        return {"{s0}: {1} bytes is more than one call moves ({2})",
                "{s0}: {1}바이트는 호출 한 번에 옮길 수 있는 양({2})보다 많음"};
    case Why::BufferNotWritable:
        return {"{s0}: the buffer {x1}..{x2} is not writable memory",
                "{s0}: 버퍼 {x1}..{x2}은(는) 쓸 수 있는 메모리가 아님"};
    case Why::BufferNotReadable:
        return {"{s0}: the buffer {x1}..{x2} is not readable memory",
                "{s0}: 버퍼 {x1}..{x2}은(는) 읽을 수 있는 메모리가 아님"};
    case Why::HandlerNotCode:
        return {"{s0}: the handler {x1} is not code", "{s0}: 핸들러 {x1}은(는) 코드가 아님"};
    case Why::FdIsListening:
        return {"{s0}: fd {1} is a listening socket: use accept",
                "{s0}: fd {1}은(는) 리슨 소켓임: accept를 쓰세요"};
    case Why::FdNotForReading:
        return {"{s0}: fd {1} ({d2}) is not for reading",
                "{s0}: fd {1} ({d2})은(는) 읽기용이 아님"};
    case Why::FdNotForWriting:
        return {"{s0}: fd {1} ({d2}) is not for writing",
                "{s0}: fd {1} ({d2})은(는) 쓰기용이 아님"};
    case Why::NotAsyncRequest:
        return {"{s0}: {1} is not an asynchronous request of process {2}",
                "{s0}: {1}은(는) 프로세스 {2}의 비동기 요청이 아님"};
    case Why::RequestCollected:
        return {"{s0}: request {1} was already collected", "{s0}: 요청 {1}의 결과는 이미 받았음"};
    case Why::RequestCancelled:
        return {"{s0}: request {1} was already cancelled", "{s0}: 요청 {1}은(는) 이미 취소됨"};
    case Why::NoRequestInFlight:
        return {"{s0}: process {1} has no asynchronous request in flight",
                "{s0}: 프로세스 {1}에 진행 중인 비동기 요청이 없음"};
    case Why::NoSuchFile:
        return {"open: there is no file '{s0}' on the disk (O_CREATE makes one)",
                "open: 디스크에 파일 '{s0}'이(가) 없음 (O_CREATE로 만들 수 있음)"};
    case Why::TooManyFds:
        return {"{s0}: process {1} has {2} descriptors open, the most allowed",
                "{s0}: 프로세스 {1}이(가) 이미 디스크립터 {2}개를 열어 허용된 최대치임"};
    case Why::NotListening:
        return {"accept: fd {0} is not a listening socket",
                "accept: fd {0}은(는) 리슨 소켓이 아님"};
    case Why::PollDiskFile:
        return {"poll_add: fd {0} is a disk file, which is never ready without the wait: use "
                "read_async",
                "poll_add: fd {0}은(는) 디스크 파일이라 기다리지 않으면 준비되지 않음: "
                "read_async를 쓰세요"};
    case Why::PollNoEvents:
        return {"poll_add: ask for POLL_IN, POLL_OUT or both",
                "poll_add: POLL_IN이나 POLL_OUT, 또는 둘 다를 요청하세요"};
    case Why::PollNotInSet:
        return {"poll_remove: fd {0} is not in interest set {1}",
                "poll_remove: fd {0}은(는) 관심 집합 {1}에 없음"};
    case Why::PollListSize:
        return {"poll_wait: the list must hold 1 to 64 entries, not {0}",
                "poll_wait: 목록은 항목 1~64개여야 함 ({0}개는 안 됨)"};
    case Why::PollListNotWritable:
        return {"poll_wait: the list {x0} ({1} entries of 8 bytes) is not writable memory",
                "poll_wait: 목록 {x0} (8바이트 항목 {1}개)은(는) 쓸 수 있는 메모리가 아님"};
    case Why::SeekNotFile:
        return {"seek: fd {0} is not an open disk file",
                "seek: fd {0}은(는) 열린 디스크 파일이 아님"};
    case Why::SeekPastLimit:
        return {"seek: {0} is past the largest file ({1} bytes, Config::limits.max_file_bytes)",
                "seek: {0}은(는) 가장 큰 파일 크기({1}바이트, Config::limits.max_file_bytes)를 "
                "넘음"};
    case Why::Count: break;
    }
    return {"?", "?"};
}

// What needed the memory: {0} is its name or number.
Words need_words(Need n) {
    switch (n) {
    case Need::CodeAndData: return {"the code and data of '{s0}'", "'{s0}'의 코드와 데이터"};
    case Need::NewProcess: return {"a new process '{s0}'", "새 프로세스 '{s0}'"};
    case Need::Stack: return {"another thread's stack", "스레드 하나의 스택"};
    case Need::ThreadStack: return {"a stack for thread '{s0}'", "스레드 '{s0}'의 스택"};
    case Need::Library: return {"library '{s0}'", "라이브러리 '{s0}'"};
    case Need::Heap: return {"a heap of {0} bytes", "{0}바이트 크기의 힙"};
    case Need::ForkCopy: return {"fork's copy", "fork가 만든 주소 공간 복사본"};
    }
    return {"?", "?"};
}

} // namespace

std::string_view why_template(Why w, Lang lang) {
    Words t = why_words(w);
    return lang == Lang::Ko ? t.ko : t.en;
}

std::string_view why_id(Why w) {
    switch (w) {
#define GB_WHY_NAME(id)                                                                            \
    case Why::id: return #id;
        GB_WHY_REASONS(GB_WHY_NAME)
#undef GB_WHY_NAME
    case Why::Count: break;
    }
    return "?";
}

std::string_view need_template(Need n, Lang lang) {
    Words t = need_words(n);
    return lang == Lang::Ko ? t.ko : t.en;
}

std::string need_text(int64_t word, const EventLog& log, Lang lang) {
    auto n = static_cast<int>(word >> 48);
    if (n < 0 || n >= kNeedCount) return "?";
    Event e;
    e.args[0] = word & ((int64_t{1} << 48) - 1);
    return format_template(need_template(static_cast<Need>(n), lang), e, log, lang);
}

std::string reason_text(const Reason& r, const EventLog& log, Lang lang) {
    Event e;
    for (size_t i = 0; i < kWhyArgs; ++i)
        e.args[i] = r.args[i];
    return format_template(why_template(r.why, lang), e, log, lang);
}

std::string reason_text(const Machine& m, const Reason& r, Lang lang) {
    return reason_text(r, m.log, lang);
}

std::string stop_text(const Machine& m, Lang lang) {
    return reason_text(m.stop_why, m.log, lang);
}

std::vector<std::string_view> stop_words_korean() {
    std::vector<std::string_view> out;
    for (int i = 0; i < kWhyCount; ++i)
        out.push_back(why_words(static_cast<Why>(i)).ko);
    for (int i = 0; i < kNeedCount; ++i)
        out.push_back(need_words(static_cast<Need>(i)).ko);
    return out;
}

} // namespace gb
