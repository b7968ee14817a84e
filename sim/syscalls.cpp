#include "syscalls.h"

#include "machine.h"
#include "memlayout.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

namespace {

Context& ctx(Machine& m, int tid) { return m.context_of(tid); }
uint32_t arg(Machine& m, int tid, int i) { return ctx(m, tid).regs[static_cast<size_t>(i)]; }
void ret(Machine& m, int tid, uint32_t v) { ctx(m, tid).regs[0] = v; }

// A syscall given bad arguments kills the process, as a fault would.
void bad_call(Machine& m, int tid, uint32_t addr, const std::string& why) {
    const Thread& t = m.thread(tid);
    uint32_t pc = m.context_of(tid).pc - 4; // the `sys` instruction
    m.note(EventKind::Syscall, t.pid, tid, why);
    m.kill_process(t.pid, FaultReport{Fault::BadSyscall, t.pid, tid, pc, addr, m.now,
                                      m.source_line(t.pid, pc)});
}

void sys_exit(Machine& m, int tid) {
    m.exit_process(m.thread(tid).pid, static_cast<int32_t>(arg(m, tid, 1)));
}

void sys_print_int(Machine& m, int tid) {
    m.print(m.thread(tid).pid, fmt::format("{}", static_cast<int32_t>(arg(m, tid, 1))));
}

void sys_print_char(Machine& m, int tid) {
    m.print(m.thread(tid).pid, std::string(1, static_cast<char>(arg(m, tid, 1) & 0xFF)));
}

void sys_print_str(Machine& m, int tid) {
    int pid = m.thread(tid).pid;
    std::string s;
    uint32_t addr = arg(m, tid, 1);
    if (!m.process(pid).mem.read_string(addr, s)) {
        bad_call(m, tid, addr, fmt::format("print_str: address {:#x} is not a readable string", addr));
        return;
    }
    m.print(pid, s);
}

void sys_sbrk(Machine& m, int tid) {
    Process& p = m.process(m.thread(tid).pid);
    int32_t delta = static_cast<int32_t>(arg(m, tid, 1));
    uint32_t old = p.heap_end;
    int64_t want = static_cast<int64_t>(old) + delta;
    if (want < layout::kHeapBase || want > layout::kHeapLimit ||
        (delta > 0 && p.mem.mapped_bytes() + static_cast<uint32_t>(delta) > m.config.limits.max_memory_per_process)) {
        ret(m, tid, static_cast<uint32_t>(-1)); // like sbrk: -1 when it cannot grow
        return;
    }
    uint32_t end = static_cast<uint32_t>(want);
    // The heap region covers [kHeapBase, end) rounded up to 16 bytes.
    uint32_t size = (end - layout::kHeapBase + 15) / 16 * 16;
    Region* heap = p.mem.find(layout::kHeapBase);
    if (!heap && size) {
        p.mem.map({"heap", RegionKind::Heap, layout::kHeapBase, size, PermR | PermW, 0, false, {}});
    } else if (heap) {
        if (size == 0) p.mem.unmap(layout::kHeapBase);
        else {
            heap->size = size;
            heap->bytes.resize(size, 0);
        }
    }
    p.heap_end = end;
    ret(m, tid, old);
}

void sys_getpid(Machine& m, int tid) { ret(m, tid, static_cast<uint32_t>(m.thread(tid).pid)); }
void sys_gettid(Machine& m, int tid) { ret(m, tid, static_cast<uint32_t>(tid)); }

void sys_yield(Machine& m, int tid) {
    Thread& t = m.thread(tid);
    if (t.core < 0 || m.sched.empty()) return; // nobody else is ready: carry on
    // Give the core away; the thread goes to the back of the ready queue.
    m.switch_out(m.cores[static_cast<size_t>(t.core)], SwitchReason::Yield);
    m.make_ready(tid);
}

void sys_sleep(Machine& m, int tid) {
    Thread& t = m.thread(tid);
    t.wake_at = m.now + arg(m, tid, 1);
    m.block(tid, BlockReason::Sleep, 0);
}

void sys_thread_create(Machine& m, int tid) {
    uint32_t entry = arg(m, tid, 1), a = arg(m, tid, 2);
    int pid = m.thread(tid).pid;
    const Image& img = *m.process(pid).image;
    std::string name = img.label_at(entry);
    int nt = m.create_thread(pid, entry, a, name.empty() ? fmt::format("{:#x}", entry) : name);
    if (!nt) m.note(EventKind::Syscall, pid, tid, m.stop_message);
    ret(m, tid, nt ? static_cast<uint32_t>(nt) : static_cast<uint32_t>(-1));
}

void sys_thread_join(Machine& m, int tid) {
    int target = static_cast<int32_t>(arg(m, tid, 1));
    int pid = m.thread(tid).pid;
    if (target < 1 || target > static_cast<int>(m.threads.size()) || m.thread(target).pid != pid ||
        target == tid) {
        ret(m, tid, static_cast<uint32_t>(-1));
        return;
    }
    const Thread& t = m.thread(target);
    if (t.state == ThreadState::Done) {
        ret(m, tid, t.exit_value);
        return;
    }
    m.block(tid, BlockReason::Join, target);
}

void sys_thread_exit(Machine& m, int tid) { m.finish_thread(tid, arg(m, tid, 1)); }

constexpr SyscallInfo kSyscalls[] = {
    {SYS_EXIT, "exit", "r1 = exit code", "end the whole process with an exit code", "종료 코드와 함께 프로세스 전체를 끝냄", sys_exit},
    {SYS_PRINT_INT, "print_int", "r1 = number", "print a signed number", "부호 있는 정수를 출력", sys_print_int},
    {SYS_PRINT_CHAR, "print_char", "r1 = character", "print one character", "문자 하나를 출력", sys_print_char},
    {SYS_PRINT_STR, "print_str", "r1 = address", "print the NUL-terminated string at an address", "주소에 있는 NUL 로 끝나는 문자열을 출력", sys_print_str},
    {SYS_SBRK, "sbrk", "r1 = bytes", "grow (or shrink) the heap; r0 ← the old end of the heap, or -1", "힙을 늘리거나 줄임; r0 ← 이전 힙 끝, 실패 시 -1", sys_sbrk},
    {SYS_GETPID, "getpid", "", "r0 ← this process's id", "r0 ← 이 프로세스의 id", sys_getpid},
    {SYS_GETTID, "gettid", "", "r0 ← this thread's id", "r0 ← 이 스레드의 id", sys_gettid},
    {SYS_YIELD, "yield", "", "give the CPU to another ready thread", "다른 준비된 스레드에게 CPU 를 양보", sys_yield},
    {SYS_SLEEP, "sleep", "r1 = cycles", "block this thread for a number of cycles", "이 스레드를 지정한 사이클 동안 블록", sys_sleep},
    {SYS_THREAD_CREATE, "thread_create", "r1 = entry, r2 = argument", "start a new thread at entry with r1 = argument; r0 ← its tid", "entry 에서 새 스레드 시작 (r1 = 인자); r0 ← 새 tid", sys_thread_create},
    {SYS_THREAD_JOIN, "thread_join", "r1 = tid", "wait until thread tid ends; r0 ← its exit value", "스레드 tid 가 끝날 때까지 기다림; r0 ← 그 반환값", sys_thread_join},
    {SYS_THREAD_EXIT, "thread_exit", "r1 = value", "end this thread with a value", "값과 함께 이 스레드를 끝냄", sys_thread_exit},
};

} // namespace

std::span<const SyscallInfo> syscall_table() { return kSyscalls; }

const SyscallInfo* syscall_info(int32_t number) {
    for (const SyscallInfo& s : kSyscalls)
        if (s.number == number) return &s;
    return nullptr;
}

void do_syscall(Machine& m, int tid, int32_t number) {
    const SyscallInfo* info = syscall_info(number);
    if (!info) {
        bad_call(m, tid, static_cast<uint32_t>(number), fmt::format("unknown system call {}", number));
        return;
    }
    m.note(EventKind::Syscall, m.thread(tid).pid, tid, std::string(info->name));
    info->handler(m, tid);
}

std::map<std::string, int32_t> syscall_constants() {
    std::map<std::string, int32_t> out;
    for (const SyscallInfo& s : kSyscalls) out[std::string(s.name)] = s.number;
    return out;
}

} // namespace gb
