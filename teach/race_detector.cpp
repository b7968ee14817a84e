#include "teach/race_detector.h"

#include "sim/kernel/io/fd.h"
#include "sim/kernel/syscalls.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

namespace {

// Kernel objects and words that carry a clock, as one 64-bit key: the kind
// in the top byte, then the id (or pid and address).
enum ObjectKind : uint64_t {
    kMutex = 1,
    kSemaphore,
    kCondVar,
    kThreadEnd, // a thread's clock, acquired by whoever joins it
    kAtomicWord,
    kChannel, // a pipe, connection, listener or file: written then read
};

uint64_t key(ObjectKind kind, uint64_t id) {
    return (static_cast<uint64_t>(kind) << 56) | (id & 0x00FF'FFFF'FFFF'FFFFull);
}

uint64_t word_key(int pid, uint32_t addr) {
    return (static_cast<uint64_t>(pid) << 32) | addr;
}

bool is_atomic(Op op) {
    return op == Op::Xchg || op == Op::Cas || op == Op::Fadd;
}

void join_into(std::vector<uint32_t>& into, const std::vector<uint32_t>& from) {
    if (into.size() < from.size()) into.resize(from.size(), 0);
    for (size_t i = 0; i < from.size(); ++i)
        into[i] = std::max(into[i], from[i]);
}

int line_of(const Machine& m, int pid, uint32_t pc) {
    const Image* img = m.process(pid).image.get();
    if (!img) return 0;
    auto loc = img->line_of(pc);
    return loc ? loc->line : 0;
}

} // namespace

std::string describe_address(const Machine& m, int pid, uint32_t addr) {
    const Process& p = m.process(pid);
    const Region* r = p.mem.find(addr);
    if (r && r->kind == RegionKind::Data && p.image) {
        const Symbol* best = nullptr;
        for (const auto& [name, sym] : p.image->symbols)
            if (sym.kind == SymbolKind::Data && static_cast<uint32_t>(sym.value) <= addr &&
                (!best || sym.value > best->value))
                best = &sym;
        if (best) {
            uint32_t off = addr - static_cast<uint32_t>(best->value);
            return off ? fmt::format("{}+{}", best->name, off) : best->name;
        }
    }
    if (r && r->kind == RegionKind::Heap)
        for (const HeapBlock& b : p.heap_blocks)
            if (addr >= b.addr && addr < b.addr + b.size && !b.label.empty())
                return fmt::format("heap '{}'+{}", b.label, addr - b.addr);
    return r ? r->name : fmt::format("{:#x}", addr);
}

void RaceDetector::ensure_thread(int tid) {
    size_t need = static_cast<size_t>(tid) + 1;
    if (clocks_.size() < need) {
        clocks_.resize(need);
        started_.resize(need, false);
        pending_.resize(need);
        async_.resize(need);
    }
    if (!started_[static_cast<size_t>(tid)]) {
        // A thread nobody made (a loaded program's main, the race runner's
        // threads) starts ordered after nothing.
        started_[static_cast<size_t>(tid)] = true;
        VClock& c = clocks_[static_cast<size_t>(tid)];
        if (c.size() < need) c.resize(need, 0);
        c[static_cast<size_t>(tid)] = std::max<uint32_t>(c[static_cast<size_t>(tid)], 1);
    }
}

RaceDetector::VClock& RaceDetector::clock(int tid) {
    ensure_thread(tid);
    return clocks_[static_cast<size_t>(tid)];
}

void RaceDetector::acquire(int tid, uint64_t object) {
    auto it = objects_.find(object);
    if (it != objects_.end()) join_into(clock(tid), it->second);
}

void RaceDetector::release(int tid, uint64_t object) {
    VClock& c = clock(tid);
    join_into(objects_[object], c);
    ++c[static_cast<size_t>(tid)]; // later accesses of tid are not covered by this release
}

bool RaceDetector::ordered(const Access& a, int tid) const {
    const VClock& c = clocks_[static_cast<size_t>(tid)];
    size_t i = static_cast<size_t>(a.tid);
    return a.tid == tid || (i < c.size() && a.epoch <= c[i]);
}

// Memory handed out again (a new thread's stack, a malloc'd block) starts
// with no history: the previous user's accesses cannot race with the new one's.
void RaceDetector::forget(int pid, uint32_t base, uint32_t size) {
    if (shadow_.empty()) return;
    for (uint32_t a = base; a - base < size; ++a)
        shadow_.erase(word_key(pid, a));
}

// The clock of what descriptor `fd` of `pid` names: pipe ends share one.
uint64_t RaceDetector::channel(const Machine& m, int pid, int fd) const {
    const Descriptor* d = fd_get(m, pid, fd);
    if (!d) return 0;
    uint64_t cls = 0;
    switch (d->kind) {
    case FdKind::PipeRead:
    case FdKind::PipeWrite: cls = 1; break;
    case FdKind::Conn: cls = 2; break;
    case FdKind::Listen: cls = 3; break;
    case FdKind::File: cls = 4; break;
    default: return 0;
    }
    return key(kChannel, (cls << 32) | static_cast<uint32_t>(d->object));
}

void RaceDetector::observe(const Machine& m, const StepResult& s) {
    if (!s.executed || s.tid <= 0) return;
    const int tid = s.tid;
    ensure_thread(tid);
    // Acquires the thread issued before it blocked (or before this step).
    auto& pend = pending_[static_cast<size_t>(tid)];
    for (uint64_t obj : pend) {
        if ((obj >> 56) == kThreadEnd) {
            int joined = static_cast<int>(obj & 0xFFFF'FFFF);
            if (joined > 0 && static_cast<size_t>(joined) < clocks_.size())
                join_into(clock(tid), clocks_[static_cast<size_t>(joined)]);
        } else {
            acquire(tid, obj);
        }
    }
    pend.clear();

    const StepOutcome& o = s.outcome;
    if (o.kind == StepKind::Fault) return;
    if (o.kind == StepKind::Syscall) {
        on_syscall(m, s);
        return;
    }
    if (is_atomic(o.instr.op) && o.read.width) {
        // An atomic word synchronises; its earlier plain history is moot.
        uint64_t w = word_key(s.pid, o.read.addr & ~3u);
        if (sync_words_.insert(w).second) forget(s.pid, o.read.addr & ~3u, 4);
        acquire(tid, key(kAtomicWord, w));
        release(tid, key(kAtomicWord, w));
        return;
    }
    if (o.read.width) on_access(m, s, o.read.addr, o.read.width, false);
    if (o.write.width) on_access(m, s, o.write.addr, o.write.width, true);
}

void RaceDetector::on_access(const Machine& m, const StepResult& s, uint32_t addr, unsigned width,
                             bool write) {
    const int tid = s.tid;
    uint64_t w = word_key(s.pid, addr & ~3u);
    if (sync_words_.count(w)) {
        // A plain access to a synchronisation word: a store releases, a load acquires.
        if (write)
            release(tid, key(kAtomicWord, w));
        else
            acquire(tid, key(kAtomicWord, w));
        return;
    }
    const VClock& c = clock(tid);
    Access now{tid, c[static_cast<size_t>(tid)], s.outcome.pc, s.cycle, m.instructions - 1};
    bool reported = false; // one report per access, even for a 4-byte one
    for (unsigned i = 0; i < width; ++i) {
        Shadow& sh = shadow_[word_key(s.pid, addr + i)];
        if (sh.write.tid && !ordered(sh.write, tid) && !reported) {
            report(m, s, addr + i, sh.write, true, write);
            reported = true;
        }
        if (write) {
            for (const Access& r : sh.reads)
                if (!ordered(r, tid) && !reported) {
                    report(m, s, addr + i, r, false, true);
                    reported = true;
                }
            sh.reads.clear();
            sh.write = now;
        } else {
            auto it = std::find_if(sh.reads.begin(), sh.reads.end(),
                                   [&](const Access& r) { return r.tid == tid; });
            if (it != sh.reads.end())
                *it = now;
            else
                sh.reads.push_back(now);
        }
    }
}

void RaceDetector::report(const Machine& m, const StepResult& s, uint32_t addr,
                          const Access& earlier, bool earlier_write, bool write) {
    uint32_t a = std::min(earlier.pc, s.outcome.pc), b = std::max(earlier.pc, s.outcome.pc);
    auto [it, fresh] = seen_.try_emplace({s.pid, a, b}, races_.size());
    if (!fresh) {
        ++races_[it->second].times;
        return;
    }
    Race r;
    r.pid = s.pid;
    r.addr = addr;
    r.symbol = describe_address(m, s.pid, addr);
    r.first = {earlier.tid,
               earlier.pc,
               earlier_write,
               earlier.cycle,
               earlier.instruction,
               line_of(m, s.pid, earlier.pc),
               m.source_line(s.pid, earlier.pc)};
    r.second = {s.tid,
                s.outcome.pc,
                write,
                s.cycle,
                m.instructions - 1,
                line_of(m, s.pid, s.outcome.pc),
                m.source_line(s.pid, s.outcome.pc)};
    races_.push_back(std::move(r));
}

void RaceDetector::on_syscall(const Machine& m, const StepResult& s) {
    const int tid = s.tid, pid = s.pid;
    const auto arg = [&](int i) { return s.before.regs[static_cast<size_t>(i)]; };
    const auto id = [&](int i) { return static_cast<uint64_t>(static_cast<int32_t>(arg(i))); };
    auto& pend = pending_[static_cast<size_t>(tid)];
    switch (static_cast<int32_t>(s.outcome.instr.imm)) {
    case SYS_THREAD_CREATE:
    case SYS_FORK: {
        // The new thread starts with everything its creator did so far.
        int child = 0;
        if (s.outcome.instr.imm == SYS_THREAD_CREATE) {
            int32_t r0 = static_cast<int32_t>(s.after.regs[0]);
            if (r0 > 0 && r0 <= static_cast<int>(m.threads.size())) child = r0;
        } else if (static_cast<int32_t>(s.after.regs[0]) > 0) {
            child = static_cast<int>(m.threads.size()); // fork makes exactly one thread, the last
        }
        if (!child || child == tid) break;
        ensure_thread(child);
        VClock copy = clock(tid);
        join_into(clocks_[static_cast<size_t>(child)], copy);
        ++clock(tid)[static_cast<size_t>(tid)];
        // Its stack and thread-local block may be a finished thread's slot.
        for (const Region& r : m.process(m.thread(child).pid).mem.regions)
            if (r.tid == child) forget(m.thread(child).pid, r.base, r.size);
        break;
    }
    case SYS_THREAD_JOIN: pend.push_back(key(kThreadEnd, id(1))); break;
    case SYS_MUTEX_LOCK:
    case SYS_MUTEX_TRYLOCK: pend.push_back(key(kMutex, id(1))); break;
    case SYS_MUTEX_UNLOCK: release(tid, key(kMutex, id(1))); break;
    case SYS_SEM_WAIT: pend.push_back(key(kSemaphore, id(1))); break;
    case SYS_SEM_POST: release(tid, key(kSemaphore, id(1))); break;
    case SYS_COND_WAIT:
        release(tid, key(kMutex, id(2)));
        pend.push_back(key(kCondVar, id(1)));
        pend.push_back(key(kMutex, id(2)));
        break;
    case SYS_COND_SIGNAL:
    case SYS_COND_BROADCAST: release(tid, key(kCondVar, id(1))); break;
    case SYS_MALLOC: {
        uint32_t addr = s.after.regs[0];
        if (addr) forget(pid, addr, arg(1));
        break;
    }
    case SYS_WRITE:
    case SYS_WRITE_NB:
        if (uint64_t ch = channel(m, pid, static_cast<int32_t>(arg(1)))) release(tid, ch);
        break;
    case SYS_WRITE_ASYNC:
        if (uint64_t ch = channel(m, pid, static_cast<int32_t>(arg(1)))) {
            release(tid, ch);
            async_[static_cast<size_t>(tid)].push_back(ch);
        }
        break;
    case SYS_READ:
    case SYS_READ_NB:
    case SYS_ACCEPT:
        if (uint64_t ch = channel(m, pid, static_cast<int32_t>(arg(1)))) pend.push_back(ch);
        break;
    case SYS_READ_ASYNC:
        if (uint64_t ch = channel(m, pid, static_cast<int32_t>(arg(1))))
            async_[static_cast<size_t>(tid)].push_back(ch);
        break;
    case SYS_ASYNC_WAIT:
    case SYS_ASYNC_COLLECT:
        for (uint64_t ch : async_[static_cast<size_t>(tid)])
            pend.push_back(ch);
        break;
    case SYS_POLL_WAIT:
        // Whatever made a descriptor ready came before the wait returned.
        for (int fd = 0; fd < static_cast<int>(m.process(pid).fds.size()); ++fd)
            if (uint64_t ch = channel(m, pid, fd)) pend.push_back(ch);
        break;
    default: break;
    }
}

std::vector<Race> find_races(Machine m, uint64_t max_instructions) {
    RaceDetector d;
    uint64_t idle = 0;
    while (m.instructions < max_instructions) {
        StepResult s = m.step();
        if (!s.executed) {
            if (s.stop == StopReason::Budget && ++idle < 1000) continue;
            break;
        }
        idle = 0;
        d.observe(m, s);
        if (s.stop == StopReason::Paused) break;
    }
    return d.races();
}

} // namespace gb
