// State changes of threads and processes: ready, block, wake, finish,
// exit, kill. Each one keeps the scheduler's queues and the counts in step.
#include "sim/kernel/machine.h"

#include "sim/isa/memlayout.h"
#include "sim/kernel/container.h"
#include "sim/kernel/io/io.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

void Machine::set_state(Thread& t, ThreadState s) {
    uint64_t spent = now > t.state_since ? now - t.state_since : 0;
    if (t.state == ThreadState::Ready) t.cycles_ready += spent;
    if (t.state == ThreadState::Blocked) {
        t.cycles_blocked += spent;
        if (is_io_wait(t.reason)) t.cycles_blocked_io += spent;
    }
    if ((t.state == ThreadState::Done) != (s == ThreadState::Done))
        process(t.pid).done_threads += s == ThreadState::Done ? 1 : -1;
    t.state = s;
    t.state_since = now;
}

void Machine::make_ready(int tid) {
    Thread& t = thread(tid);
    if (t.state == ThreadState::New) t.arrival = now;
    bool was_running = t.state == ThreadState::Running;
    set_state(t, ThreadState::Ready);
    t.reason = BlockReason::None;
    t.wait_on = 0;
    t.io_request = 0;
    t.awaiting = false;
    // A thread preempted by a higher-priority one keeps its place (the front
    // of its queue) and the rest of its slice; every other thread queues at the back.
    sched.make_ready(threads, tid, t.preempted);
    // An idle core wakes up to run it (the inter-processor interrupt).
    for (Core& c : cores)
        if (c.parked) {
            c.parked = false;
            if (now > c.clock) c.idle_cycles += now - c.clock;
            c.clock = std::max(c.clock, now);
            c.next_timer = (c.clock / config.timer_period + 1) * config.timer_period;
            return;
        }
    if (!was_running) preempt_for(tid);
}

// A thread became ready and no core is idle: STCF, priority and MLFQ may
// take a core from a thread they like less.
void Machine::preempt_for(int ready_tid) {
    for (Core& c : cores)
        if (c.tid && sched.should_preempt(threads, thread(c.tid), ready_tid)) {
            // A tick that fell due with the instruction just run belongs to
            // the running thread: charge it before the thread leaves (the
            // timer would find the core empty and the thread would get one
            // tick more than its slice). If its slice ends there, it queues
            // behind the newcomer as any slice's end does.
            take_timer_ticks(c, true);
            if (!c.tid) return;
            int tid = c.tid;
            switch_out(c, SwitchReason::Preempt);
            thread(tid).preempted = true;
            make_ready(tid);
            return;
        }
}

void Machine::block(int tid, BlockReason reason, int wait_on) {
    Thread& t = thread(tid);
    if (t.core >= 0) switch_out(cores[static_cast<size_t>(t.core)], SwitchReason::Block);
    sched.remove(tid);
    set_state(t, ThreadState::Blocked);
    t.reason = reason;
    t.wait_on = wait_on;
    if (reason == BlockReason::Join && wait_on > 0 && wait_on <= static_cast<int>(threads.size()))
        thread(wait_on).joiners.push_back(tid);
    if (reason == BlockReason::Sleep) next_wake = std::min(next_wake, t.wake_at);
    // What the thread waits on, as a message and its numbers.
    auto says = [&](Msg msg, auto... args) {
        note(EventKind::Block, msg, t.pid, tid, wait_on, tid, args...);
    };
    switch (reason) {
    case BlockReason::Join: says(Msg::BlockJoin, wait_on); break;
    case BlockReason::WaitChild:
        wait_on ? says(Msg::BlockWaitChild, wait_on) : says(Msg::BlockWaitAnyChild);
        break;
    case BlockReason::Sleep: says(Msg::BlockSleep, t.wake_at); break;
    case BlockReason::Io:
        if (t.awaiting) {
            wait_on ? says(Msg::BlockAsyncWait, wait_on) : says(Msg::BlockAsyncWaitAny);
        } else {
            const IoRequest& r = io_request(*this, wait_on);
            if (r.op == IoOp::Accept)
                says(Msg::BlockIoAccept, wait_on, r.fd, r.fd_word);
            else
                says(Msg::BlockIo, wait_on, r.op, r.len, r.fd, r.fd_word);
        }
        break;
    case BlockReason::PipeRead: says(Msg::BlockPipeRead, wait_on); break;
    case BlockReason::PipeWrite: says(Msg::BlockPipeWrite, wait_on); break;
    case BlockReason::Poll: says(Msg::BlockPoll, wait_on); break;
    default:
        wait_on ? says(Msg::BlockOn, reason, wait_on) : says(Msg::BlockOnReason, reason);
        break;
    }
}

void Machine::wake(int tid) {
    Thread& t = thread(tid);
    if (t.state != ThreadState::Blocked) return;
    note(EventKind::Wake, Msg::Wake, t.pid, tid, 0, tid, t.reason);
    make_ready(tid);
}

void Machine::finish_thread(int tid, uint32_t value) {
    Thread& t = thread(tid);
    if (t.state == ThreadState::Done) return;
    if (t.core >= 0) switch_out(cores[static_cast<size_t>(t.core)], SwitchReason::Exit);
    sched.remove(tid);
    set_state(t, ThreadState::Done);
    --live_threads_;
    t.reason = BlockReason::None;
    t.exit_value = value;
    t.finished = now;
    int pid = t.pid;
    Process& p = process(pid);
    // Its stack, guard and thread-local block go away with it.
    for (uint32_t base :
         {layout::guard_base(t.slot), layout::stack_base(t.slot), layout::tls_base(t.slot)})
        p.mem.unmap(base);
    note(EventKind::ThreadExit, Msg::ThreadEnds, pid, tid, 0, tid, static_cast<int32_t>(value));
    std::vector<int> joiners = std::move(thread(tid).joiners);
    for (int j : joiners) {
        Thread& o = thread(j);
        if (o.state == ThreadState::Blocked && o.reason == BlockReason::Join && o.wait_on == tid) {
            o.ctx.regs[0] = value;
            wake(o.tid);
        }
    }
    bool any_live = static_cast<int>(p.threads.size()) > p.done_threads;
    if (!any_live && !p.exited) exit_process(pid, static_cast<int32_t>(value));
}

void Machine::exit_process(int pid, int code) {
    Process& p = process(pid);
    if (p.exited) return;
    p.exited = true;
    ++exited_processes;
    p.exit_code = code;
    p.state = ProcessState::Zombie;
    for (int tid : std::vector<int>(p.threads))
        finish_thread(tid, static_cast<uint32_t>(code));
    // Its requests are cancelled and its descriptors closed: a pipe's
    // reader sees the end of data once the last writer is gone.
    io_process_exit(*this, pid);
    fd_close_all(*this, pid);
    note(EventKind::ProcessExit, Msg::ProcessExits, pid, 0, 0, pid, code);
    release_exited_memory(pid);
    int parent = process(pid).parent;
    if (parent)
        for (int otid : process(parent).threads)
            if (Thread& o = thread(otid); o.pid == parent && o.state == ThreadState::Blocked &&
                                          o.reason == BlockReason::WaitChild &&
                                          (o.wait_on == 0 || o.wait_on == pid)) {
                o.ctx.regs[0] =
                    static_cast<uint32_t>(container_pid(*this, pid)); // as the parent numbers it
                o.ctx.regs[1] = static_cast<uint32_t>(code);
                process(pid).state = ProcessState::Reaped;
                std::erase(process(parent).unreaped_children, pid);
                wake(o.tid);
                break;
            }
}

void Machine::release_exited_memory(int pid) {
    exited_holding.push_back(pid);
    exited_holding_bytes += process(pid).mem.mapped_bytes();
    while (exited_holding_bytes > config.limits.max_exited_memory && !exited_holding.empty()) {
        Process& old = process(exited_holding.front());
        exited_holding.pop_front();
        exited_holding_bytes -= std::min<uint64_t>(exited_holding_bytes, old.mem.mapped_bytes());
        old.mem = AddressSpace{};
        old.memory_released = true;
    }
}

void Machine::kill_process(int pid, const FaultReport& fault) {
    FaultReport why = fault;
    // A frame larger than the guard gap (enter 30000) jumps past it, so the
    // access misses the guard: with SP below its own stack, it is a stack
    // overflow all the same.
    if (why.fault == Fault::BadAddress && why.tid > 0 &&
        why.tid <= static_cast<int>(threads.size())) {
        uint32_t bottom = layout::stack_base(thread(why.tid).slot);
        if (context_of(why.tid).regs[SP] < bottom && why.addr < bottom)
            why.fault = Fault::StackOverflow;
    }
    // The PC past the last instruction (and the zero padding of the code
    // region): say so rather than leave the student with a bare address.
    if (const Image* img = process(pid).image.get();
        img && why.source.empty() && why.pc == why.addr) {
        uint32_t end = layout::kCodeBase + static_cast<uint32_t>(img->text.bytes.size());
        if (why.pc >= end && why.pc <= ((end + 15) & ~15u) + 16) { // the padding, rounded to 16
            why.source = img->files.empty() ? "" : img->files[0].path;
            why.code_end = img->text.bytes.empty() ? CodeEnd::NoInstructions : CodeEnd::PastEnd;
        }
    }
    last_fault = why;
    ++faults;
    note(EventKind::Fault, Msg::FaultKills, pid, why.tid, 0, why.fault, why.pc, why.addr, pid);
    process(pid).fault = why;
    exit_process(pid, -1);
}

} // namespace gb
