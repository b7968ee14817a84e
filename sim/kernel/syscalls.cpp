#include "sim/kernel/syscalls.h"

#include "sim/isa/memlayout.h"
#include "sim/kernel/container.h"
#include "sim/kernel/heap.h"
#include "sim/kernel/io/io_syscalls.h"
#include "sim/kernel/machine.h"
#include "sim/kernel/sync.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

namespace {

Context& ctx(Machine& m, int tid) {
    return m.context_of(tid);
}
uint32_t arg(Machine& m, int tid, int i) {
    return ctx(m, tid).regs[static_cast<size_t>(i)];
}
void ret(Machine& m, int tid, uint32_t v) {
    ctx(m, tid).regs[0] = v;
}

} // namespace

// A syscall given bad arguments kills the process, as a fault would.
void syscall_fault(Machine& m, int tid, uint32_t addr, const Reason& why) {
    const Thread& t = m.thread(tid);
    uint32_t pc = m.context_of(tid).pc - 4; // the `sys` instruction
    m.note_why(EventKind::Syscall, Msg::SyscallFailed, t.pid, tid, why);
    m.kill_process(t.pid, FaultReport{Fault::BadSyscall, t.pid, tid, pc, addr, m.now,
                                      m.source_line(t.pid, pc)});
}

namespace {

void bad_call(Machine& m, int tid, uint32_t addr, const Reason& why) {
    syscall_fault(m, tid, addr, why);
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
        bad_call(m, tid, addr, because(Why::NotString, m.name_arg("print_str"), addr));
        return;
    }
    m.print(pid, s);
}

void sys_sbrk(Machine& m, int tid) {
    int pid = m.thread(tid).pid;
    int32_t delta = static_cast<int32_t>(arg(m, tid, 1));
    Reason error;
    int64_t old = heap_sbrk(m, pid, delta, error);
    if (old < 0) {
        m.note_why(EventKind::Syscall, Msg::SyscallFailed, pid, tid, error);
        // Over the process limit: pause and say so. (Over a container's
        // memory quota the OOM killer has already ended the process.)
        if (delta > 0 && !m.process(pid).exited) m.request_stop(StopReason::Paused, error);
    }
    ret(m, tid, static_cast<uint32_t>(old)); // like sbrk: -1 when it cannot grow
}

// In a container, pids are the container's own (container.h).
void sys_getpid(Machine& m, int tid) {
    ret(m, tid, static_cast<uint32_t>(container_pid(m, m.thread(tid).pid)));
}
void sys_gettid(Machine& m, int tid) {
    ret(m, tid, static_cast<uint32_t>(tid));
}

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
    if (!nt && m.process(pid).exited) return; // the container's OOM killer ended it
    if (!nt) m.request_stop(StopReason::Paused, m.stop_why);
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

void sys_thread_exit(Machine& m, int tid) {
    m.finish_thread(tid, arg(m, tid, 1));
}

// --- processes ---------------------------------------------------------------

void sys_fork(Machine& m, int tid) {
    int child = m.fork_process(tid);
    if (!child && m.process(m.thread(tid).pid).exited)
        return; // the container's OOM killer ended it
    if (!child) {
        m.request_stop(StopReason::Paused, m.stop_why);
        ret(m, tid, static_cast<uint32_t>(-1));
        return;
    }
    ret(m, tid, static_cast<uint32_t>(container_pid(m, child)));
}

void sys_wait(Machine& m, int tid) {
    int pid = m.thread(tid).pid;
    int want = static_cast<int32_t>(arg(m, tid, 1));
    // In a container, `want` is in the container's numbering (none: -1).
    if (int cid = m.process(pid).container; cid && want > 0)
        want = container_host_pid(m, cid, want) ? container_host_pid(m, cid, want) : -1;
    bool any = false;
    // Only the children not yet collected: bounded work however many the
    // process has had.
    for (int cpid : std::vector<int>(m.process(pid).unreaped_children)) {
        Process& c = m.process(cpid);
        if (c.parent != pid || c.state == ProcessState::Reaped || (want && c.pid != want)) continue;
        any = true;
        if (c.state == ProcessState::Zombie) { // already ended: collect it now
            c.state = ProcessState::Reaped;
            std::erase(m.process(pid).unreaped_children, cpid);
            ctx(m, tid).regs[1] = static_cast<uint32_t>(c.exit_code);
            ret(m, tid, static_cast<uint32_t>(container_pid(m, c.pid)));
            return;
        }
    }
    if (!any) { // no such child: nothing to wait for
        ctx(m, tid).regs[1] = 0;
        ret(m, tid, static_cast<uint32_t>(-1));
        return;
    }
    m.block(tid, BlockReason::WaitChild, want);
}

void sys_spawn(Machine& m, int tid) {
    int pid = m.thread(tid).pid;
    std::string path;
    if (!m.process(pid).mem.read_string(arg(m, tid, 1), path)) {
        bad_call(m, tid, arg(m, tid, 1),
                 because(Why::NotString, m.name_arg("spawn"), arg(m, tid, 1)));
        return;
    }
    LoadError error;
    std::shared_ptr<const Image> img;
    if (m.loader) img = m.loader(path, error);
    if (!img) {
        Reason why =
            m.loader ? because(error.why, m.name_arg(error.text)) : because(Why::NoProgramLoader);
        m.note(EventKind::Syscall, Msg::SpawnFailed, pid, tid, 0, m.name_arg(path), why.why,
               why.args[0]);
        ret(m, tid, static_cast<uint32_t>(-1));
        return;
    }
    size_t slash = path.find_last_of('/');
    int child = m.load(img, slash == std::string::npos ? path : path.substr(slash + 1), pid);
    if (!child && m.process(pid).exited) return; // the container's OOM killer ended it
    if (!child) {
        m.request_stop(StopReason::Paused, m.stop_why);
        ret(m, tid, static_cast<uint32_t>(-1));
        return;
    }
    ret(m, tid, static_cast<uint32_t>(container_pid(m, child)));
}

// A parent outside the caller's container is invisible: 0 (as for a container's pid 1).
void sys_getppid(Machine& m, int tid) {
    const Process& p = m.process(m.thread(tid).pid);
    int parent = p.parent;
    if (parent && m.process(parent).container != p.container) parent = 0;
    ret(m, tid, static_cast<uint32_t>(container_pid(m, parent)));
}

void sys_set_priority(Machine& m, int tid) {
    int target = static_cast<int32_t>(arg(m, tid, 1));
    if (target == 0) target = tid;
    if (target < 1 || target > static_cast<int>(m.threads.size()) ||
        m.thread(target).pid != m.thread(tid).pid) {
        ret(m, tid, static_cast<uint32_t>(-1));
        return;
    }
    int old = m.thread(target).priority;
    m.thread(target).priority = static_cast<int32_t>(arg(m, tid, 2));
    ret(m, tid, static_cast<uint32_t>(old));
}

// --- synchronization ---------------------------------------------------------

// An optional name: r = 0 means none.
bool read_name(Machine& m, int tid, int r, std::string& out, const char* call) {
    uint32_t addr = arg(m, tid, r);
    out.clear();
    if (addr == 0) return true;
    if (m.process(m.thread(tid).pid).mem.read_string(addr, out, 64)) return true;
    bad_call(m, tid, addr, because(Why::NotString, m.name_arg(call), addr));
    return false;
}

// The object id in register r must name an object of the caller's process
// (or of a process of its fork family: objects are inherited across fork).
template <class T>
bool valid_id(Machine& m, int tid, const std::vector<T>& objs, int r, Why not_one,
              const char* call) {
    int32_t id = static_cast<int32_t>(arg(m, tid, r));
    int pid = m.thread(tid).pid;
    if (id >= 1 && id <= static_cast<int32_t>(objs.size()) &&
        m.process(objs[static_cast<size_t>(id - 1)].pid).family == m.process(pid).family)
        return true;
    bad_call(m, tid, static_cast<uint32_t>(id), because(not_one, m.name_arg(call), id, pid));
    return false;
}

int id_arg(Machine& m, int tid, int r) {
    return static_cast<int32_t>(arg(m, tid, r));
}

// Kernel objects live as long as the machine (their ids stay valid for the
// dashboard), so their number is bounded: past the limit, create returns -1
// and the machine pauses with a message naming the limit.
bool sync_object_room(Machine& m, int tid, std::string_view call) {
    size_t n = m.mutexes.size() + m.semaphores.size() + m.condvars.size();
    if (n < m.config.limits.max_sync_objects) return true;
    ret(m, tid, static_cast<uint32_t>(-1));
    m.request_stop(StopReason::Paused, because(Why::SyncObjectLimit, m.name_arg(call), n));
    return false;
}

void sys_mutex_create(Machine& m, int tid) {
    if (!sync_object_room(m, tid, "mutex_create")) return;
    std::string name;
    if (!read_name(m, tid, 1, name, "mutex_create")) return;
    ret(m, tid, static_cast<uint32_t>(mutex_create(m, tid, name)));
}

void sys_mutex_lock(Machine& m, int tid) {
    if (!valid_id(m, tid, m.mutexes, 1, Why::NotMutex, "mutex_lock")) return;
    ret(m, tid, 0);
    mutex_lock(m, tid, id_arg(m, tid, 1));
}

void sys_mutex_trylock(Machine& m, int tid) {
    if (!valid_id(m, tid, m.mutexes, 1, Why::NotMutex, "mutex_trylock")) return;
    ret(m, tid, static_cast<uint32_t>(mutex_trylock(m, tid, id_arg(m, tid, 1))));
}

void sys_mutex_unlock(Machine& m, int tid) {
    if (!valid_id(m, tid, m.mutexes, 1, Why::NotMutex, "mutex_unlock")) return;
    Reason error;
    int32_t r = mutex_unlock(m, tid, id_arg(m, tid, 1), error);
    if (r < 0) m.note_why(EventKind::Syscall, Msg::SyscallFailed, m.thread(tid).pid, tid, error);
    ret(m, tid, static_cast<uint32_t>(r));
}

void sys_sem_create(Machine& m, int tid) {
    if (!sync_object_room(m, tid, "sem_create")) return;
    std::string name;
    if (!read_name(m, tid, 2, name, "sem_create")) return;
    ret(m, tid,
        static_cast<uint32_t>(sem_create(m, tid, static_cast<int32_t>(arg(m, tid, 1)), name)));
}

void sys_sem_wait(Machine& m, int tid) {
    if (!valid_id(m, tid, m.semaphores, 1, Why::NotSemaphore, "sem_wait")) return;
    ret(m, tid, 0);
    sem_wait(m, tid, id_arg(m, tid, 1));
}

void sys_sem_post(Machine& m, int tid) {
    if (!valid_id(m, tid, m.semaphores, 1, Why::NotSemaphore, "sem_post")) return;
    ret(m, tid, 0);
    sem_post(m, tid, id_arg(m, tid, 1));
}

void sys_cond_create(Machine& m, int tid) {
    if (!sync_object_room(m, tid, "cond_create")) return;
    std::string name;
    if (!read_name(m, tid, 1, name, "cond_create")) return;
    ret(m, tid, static_cast<uint32_t>(cond_create(m, tid, name)));
}

void sys_cond_wait(Machine& m, int tid) {
    if (!valid_id(m, tid, m.condvars, 1, Why::NotCondVar, "cond_wait")) return;
    if (!valid_id(m, tid, m.mutexes, 2, Why::NotMutex, "cond_wait")) return;
    Reason error;
    ret(m, tid, 0);
    if (cond_wait(m, tid, id_arg(m, tid, 1), id_arg(m, tid, 2), error) < 0) {
        m.note_why(EventKind::Syscall, Msg::SyscallFailed, m.thread(tid).pid, tid, error);
        ret(m, tid, static_cast<uint32_t>(-1));
    }
}

void sys_cond_signal(Machine& m, int tid) {
    if (!valid_id(m, tid, m.condvars, 1, Why::NotCondVar, "cond_signal")) return;
    ret(m, tid, 0);
    cond_signal(m, tid, id_arg(m, tid, 1), false);
}

void sys_cond_broadcast(Machine& m, int tid) {
    if (!valid_id(m, tid, m.condvars, 1, Why::NotCondVar, "cond_broadcast")) return;
    ret(m, tid, 0);
    cond_signal(m, tid, id_arg(m, tid, 1), true);
}

// --- memory and libraries ----------------------------------------------------

void sys_malloc(Machine& m, int tid) {
    std::string label;
    Reason error;
    if (!read_name(m, tid, 2, label, "malloc")) return;
    uint32_t addr = heap_malloc(m, tid, arg(m, tid, 1), label, error);
    if (!addr && m.process(m.thread(tid).pid).exited) return; // the container's OOM killer ended it
    if (!addr) m.request_stop(StopReason::Paused, error);
    ret(m, tid, addr);
}

void sys_free(Machine& m, int tid) {
    Reason error;
    if (!heap_free(m, tid, arg(m, tid, 1), error)) {
        bad_call(m, tid, arg(m, tid, 1), error);
        return;
    }
    ret(m, tid, 0);
}

void sys_load_library(Machine& m, int tid) {
    int pid = m.thread(tid).pid;
    std::string path;
    Reason error;
    if (!m.process(pid).mem.read_string(arg(m, tid, 1), path)) {
        bad_call(m, tid, arg(m, tid, 1),
                 because(Why::NotString, m.name_arg("load_library"), arg(m, tid, 1)));
        return;
    }
    uint32_t base = m.map_library(pid, path, error);
    if (!base)
        m.note(EventKind::Syscall, Msg::LoadLibraryFailed, pid, tid, 0, m.name_arg(path), error.why,
               error.args[0], error.args[1], error.args[2], error.args[3]);
    ret(m, tid, base ? base : static_cast<uint32_t>(-1));
}

constexpr SyscallInfo kSyscalls[] = {
    {SYS_EXIT, "exit", "r1 = exit code", "end the whole process with an exit code",
     "종료 코드와 함께 프로세스 전체를 끝냄", sys_exit},
    {SYS_PRINT_INT, "print_int", "r1 = number", "print a signed number", "부호 있는 정수를 출력",
     sys_print_int},
    {SYS_PRINT_CHAR, "print_char", "r1 = character", "print one character", "문자 하나를 출력",
     sys_print_char},
    {SYS_PRINT_STR, "print_str", "r1 = address", "print the NUL-terminated string at an address",
     "주소에 있는 NUL 로 끝나는 문자열을 출력", sys_print_str},
    {SYS_SBRK, "sbrk", "r1 = bytes",
     "grow (or shrink) the heap; r0 ← the old end of the heap, or -1",
     "힙을 늘리거나 줄임; r0 ← 이전 힙 끝, 실패 시 -1", sys_sbrk},
    {SYS_GETPID, "getpid", "", "r0 ← this process's id", "r0 ← 이 프로세스의 id", sys_getpid},
    {SYS_GETTID, "gettid", "", "r0 ← this thread's id", "r0 ← 이 스레드의 id", sys_gettid},
    {SYS_YIELD, "yield", "", "give the CPU to another ready thread",
     "다른 준비된 스레드에게 CPU 를 양보", sys_yield},
    {SYS_SLEEP, "sleep", "r1 = cycles", "block this thread for a number of cycles",
     "이 스레드를 지정한 사이클 동안 블록", sys_sleep},
    {SYS_THREAD_CREATE, "thread_create", "r1 = entry, r2 = argument",
     "start a new thread at entry with r1 = argument; r0 ← its tid",
     "entry 에서 새 스레드 시작 (r1 = 인자); r0 ← 새 tid", sys_thread_create},
    {SYS_THREAD_JOIN, "thread_join", "r1 = tid", "wait until thread tid ends; r0 ← its exit value",
     "스레드 tid 가 끝날 때까지 기다림; r0 ← 그 반환값", sys_thread_join},
    {SYS_THREAD_EXIT, "thread_exit", "r1 = value", "end this thread with a value",
     "값과 함께 이 스레드를 끝냄", sys_thread_exit},
    {SYS_FORK, "fork", "", "copy this process; r0 ← the child's pid in the parent, 0 in the child",
     "이 프로세스를 복제; 부모에서 r0 ← 자식 pid, 자식에서 0", sys_fork},
    {SYS_WAIT, "wait", "r1 = child pid, or 0 for any",
     "wait until a child process ends; r0 ← its pid (-1 if none), r1 ← its exit code",
     "자식 프로세스가 끝날 때까지 기다림; r0 ← 그 pid (없으면 -1), r1 ← 종료 코드", sys_wait},
    {SYS_SPAWN, "spawn", "r1 = path of a program file",
     "start another program as a child process; r0 ← its pid, or -1",
     "다른 프로그램을 자식 프로세스로 시작; r0 ← pid, 실패 시 -1", sys_spawn},
    {SYS_MUTEX_CREATE, "mutex_create", "r1 = name or 0", "make a mutex; r0 ← its id",
     "뮤텍스 생성; r0 ← id", sys_mutex_create},
    {SYS_MUTEX_LOCK, "mutex_lock", "r1 = mutex id",
     "take the mutex, waiting while another thread holds it",
     "뮤텍스를 잠금; 다른 스레드가 쥐고 있으면 기다림", sys_mutex_lock},
    {SYS_MUTEX_UNLOCK, "mutex_unlock", "r1 = mutex id",
     "release the mutex (the first waiter gets it); -1 if not the owner",
     "뮤텍스 해제 (첫 대기자가 받음); 소유자가 아니면 -1", sys_mutex_unlock},
    {SYS_MUTEX_TRYLOCK, "mutex_trylock", "r1 = mutex id",
     "take the mutex if it is free; r0 ← 0, or -1 if it is held",
     "비어 있으면 뮤텍스를 잠금; r0 ← 0, 잠겨 있으면 -1", sys_mutex_trylock},
    {SYS_SEM_CREATE, "sem_create", "r1 = initial value, r2 = name or 0",
     "make a semaphore; r0 ← its id", "세마포어 생성; r0 ← id", sys_sem_create},
    {SYS_SEM_WAIT, "sem_wait", "r1 = semaphore id",
     "P: take one from the count, waiting while it is 0", "P: 값에서 하나를 가져감; 0이면 기다림",
     sys_sem_wait},
    {SYS_SEM_POST, "sem_post", "r1 = semaphore id",
     "V: add one to the count (or wake the first waiter)",
     "V: 값을 하나 더함 (또는 첫 대기자를 깨움)", sys_sem_post},
    {SYS_COND_CREATE, "cond_create", "r1 = name or 0", "make a condition variable; r0 ← its id",
     "조건 변수 생성; r0 ← id", sys_cond_create},
    {SYS_COND_WAIT, "cond_wait", "r1 = condition variable, r2 = mutex held",
     "release the mutex and sleep until signalled, then take the mutex back",
     "뮤텍스를 놓고 신호가 올 때까지 잠든 뒤 뮤텍스를 다시 잡음", sys_cond_wait},
    {SYS_COND_SIGNAL, "cond_signal", "r1 = condition variable",
     "wake the first thread waiting on it", "기다리는 첫 스레드를 깨움", sys_cond_signal},
    {SYS_COND_BROADCAST, "cond_broadcast", "r1 = condition variable",
     "wake every thread waiting on it", "기다리는 모든 스레드를 깨움", sys_cond_broadcast},
    {SYS_MALLOC, "malloc", "r1 = bytes, r2 = label or 0",
     "allocate a heap block; r0 ← its address, or 0", "힙 블록 할당; r0 ← 주소, 실패 시 0",
     sys_malloc},
    {SYS_FREE, "free", "r1 = address from malloc", "give a heap block back", "힙 블록을 반납",
     sys_free},
    {SYS_LOAD_LIBRARY, "load_library", "r1 = path of a library file",
     "map a shared library (read-only, shared); r0 ← its base address, or -1",
     "공유 라이브러리를 매핑 (읽기 전용, 공유); r0 ← 시작 주소, 실패 시 -1", sys_load_library},
    {SYS_SET_PRIORITY, "set_priority", "r1 = tid or 0 for this thread, r2 = priority",
     "set a thread's priority (lottery: its tickets); r0 ← the old one",
     "스레드 우선순위 설정 (로터리: 티켓 수); r0 ← 이전 값", sys_set_priority},
    {SYS_GETPPID, "getppid", "", "r0 ← the parent process's id (0 for none)",
     "r0 ← 부모 프로세스의 id (없으면 0)", sys_getppid},
    {SYS_OPEN, "open", "r1 = path, r2 = flags",
     "open a disk file (O_CREATE makes it, O_TRUNC empties it); r0 ← fd, or -1",
     "디스크 파일 열기 (O_CREATE 는 생성, O_TRUNC 는 비움); r0 ← fd, 실패 시 -1", io_sys::sys_open},
    {SYS_CLOSE, "close", "r1 = fd", "close a descriptor; r0 ← 0, or -1",
     "디스크립터 닫기; r0 ← 0, 실패 시 -1", io_sys::sys_close},
    {SYS_READ, "read", "r1 = fd, r2 = buffer, r3 = length",
     "blocking read: wait until there is data; r0 ← bytes read, 0 at the end",
     "블로킹 읽기: 데이터가 올 때까지 기다림; r0 ← 읽은 바이트 수, 끝이면 0", io_sys::sys_read},
    {SYS_WRITE, "write", "r1 = fd, r2 = buffer, r3 = length",
     "blocking write: wait until every byte is written; r0 ← bytes written",
     "블로킹 쓰기: 모든 바이트를 쓸 때까지 기다림; r0 ← 쓴 바이트 수", io_sys::sys_write},
    {SYS_READ_NB, "read_nb", "r1 = fd, r2 = buffer, r3 = length",
     "non-blocking read: r0 ← bytes read, 0 at the end, or WOULD_BLOCK (-11) at once",
     "논블로킹 읽기: r0 ← 읽은 바이트 수, 끝이면 0, 데이터가 없으면 즉시 WOULD_BLOCK (-11)",
     io_sys::sys_read_nb},
    {SYS_WRITE_NB, "write_nb", "r1 = fd, r2 = buffer, r3 = length",
     "non-blocking write: r0 ← bytes written (maybe fewer), or WOULD_BLOCK (-11)",
     "논블로킹 쓰기: r0 ← 쓴 바이트 수 (더 적을 수 있음), 또는 WOULD_BLOCK (-11)",
     io_sys::sys_write_nb},
    {SYS_READ_ASYNC, "read_async", "r1 = fd, r2 = buffer, r3 = length, r4 = handler or 0",
     "asynchronous read: r0 ← a request id at once; the completion comes later",
     "비동기 읽기: 즉시 r0 ← 요청 id; 완료는 나중에 옴", io_sys::sys_read_async},
    {SYS_WRITE_ASYNC, "write_async", "r1 = fd, r2 = buffer, r3 = length, r4 = handler or 0",
     "asynchronous write: r0 ← a request id at once; the completion comes later",
     "비동기 쓰기: 즉시 r0 ← 요청 id; 완료는 나중에 옴", io_sys::sys_write_async},
    {SYS_ASYNC_WAIT, "async_wait", "r1 = request id, or 0 for any",
     "wait for an asynchronous request: r0 ← its result, r1 ← its id; or run its handler",
     "비동기 요청을 기다림: r0 ← 결과, r1 ← id; 핸들러가 있으면 핸들러를 실행",
     io_sys::sys_async_wait},
    {SYS_ASYNC_COLLECT, "async_collect", "r1 = request id, or 0 for any",
     "like async_wait, but WOULD_BLOCK (-11) at once if none has finished",
     "async_wait 와 같지만 끝난 요청이 없으면 즉시 WOULD_BLOCK (-11)", io_sys::sys_async_collect},
    {SYS_PIPE, "pipe", "", "make a pipe; r0 ← the read end's fd, r1 ← the write end's fd",
     "파이프 생성; r0 ← 읽기 끝 fd, r1 ← 쓰기 끝 fd", io_sys::sys_pipe},
    {SYS_LISTEN, "listen", "r1 = port",
     "listen for the load generator's clients; r0 ← the listening socket's fd",
     "부하 생성기의 클라이언트를 기다리는 소켓; r0 ← 리스닝 소켓 fd", io_sys::sys_listen},
    {SYS_ACCEPT, "accept", "r1 = listening fd",
     "wait for a client; r0 ← the connection's fd, or -1 when no client will come",
     "클라이언트를 기다림; r0 ← 연결 fd, 더 올 클라이언트가 없으면 -1", io_sys::sys_accept},
    {SYS_POLL_CREATE, "poll_create", "", "make an interest set (the epoll idea); r0 ← its id",
     "관심 집합 생성 (epoll 의 개념); r0 ← id", io_sys::sys_poll_create},
    {SYS_POLL_ADD, "poll_add", "r1 = set, r2 = fd, r3 = events",
     "watch fd for POLL_IN and/or POLL_OUT; r0 ← 0, or -1",
     "fd 의 POLL_IN / POLL_OUT 을 지켜봄; r0 ← 0, 실패 시 -1", io_sys::sys_poll_add},
    {SYS_POLL_REMOVE, "poll_remove", "r1 = set, r2 = fd", "stop watching fd; r0 ← 0, or -1",
     "fd 를 더 이상 지켜보지 않음; r0 ← 0, 실패 시 -1", io_sys::sys_poll_remove},
    {SYS_POLL_WAIT, "poll_wait", "r1 = set, r2 = list, r3 = max, r4 = timeout",
     "wait until some are ready; the list gets (fd, events) pairs; r0 ← how many (0: timeout)",
     "몇 개가 준비될 때까지 기다림; 목록에 (fd, 이벤트) 쌍; r0 ← 개수 (0: 시간 초과)",
     io_sys::sys_poll_wait},
    {SYS_SEEK, "seek", "r1 = fd, r2 = offset", "move a disk file's offset; r0 ← 0, or -1",
     "디스크 파일의 위치를 옮김; r0 ← 0, 실패 시 -1", io_sys::sys_seek},
    {SYS_CLOCK, "clock", "", "r0 ← the machine's time in cycles", "r0 ← 기계의 현재 시각 (사이클)",
     io_sys::sys_clock},
};

} // namespace

std::span<const SyscallInfo> syscall_table() {
    return kSyscalls;
}

const SyscallInfo* syscall_info(int32_t number) {
    for (const SyscallInfo& s : kSyscalls)
        if (s.number == number) return &s;
    return nullptr;
}

void do_syscall(Machine& m, int tid, int32_t number) {
    const SyscallInfo* info = syscall_info(number);
    if (!info) {
        bad_call(m, tid, static_cast<uint32_t>(number), because(Why::UnknownSyscall, number));
        return;
    }
    m.note(EventKind::Syscall, Msg::SyscallCall, m.thread(tid).pid, tid, 0, number);
    info->handler(m, tid);
}

std::map<std::string, int32_t> syscall_constants() {
    std::map<std::string, int32_t> out;
    for (const SyscallInfo& s : kSyscalls)
        out[std::string(s.name)] = s.number;
    for (const auto& [name, value] : io_constants())
        out[name] = value;
    return out;
}

} // namespace gb
