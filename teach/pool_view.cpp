#include "teach/pool_view.h"

#include "sim/isa/isa.h"

#include <fmt/format.h>

namespace gb::view {

namespace {

std::optional<uint32_t> word(const Process& p, const std::string& symbol, uint32_t index = 0) {
    const Symbol* s = p.image->find(symbol);
    uint32_t v = 0;
    if (!s || !p.mem.peek32(static_cast<uint32_t>(s->value) + 4 * index, v)) return std::nullopt;
    return v;
}

bool has_all(const Process& p, const LessonPool& pool) {
    if (!p.image) return false;
    for (const std::string* s :
         {&pool.queue, &pool.head, &pool.tail, &pool.done, &pool.holds_from, &pool.holds_to})
        if (!p.image->find(*s)) return false;
    return true;
}

} // namespace

PoolPicture pool_picture(const Machine& m, const LessonPool& pool) {
    PoolPicture pic;
    for (const Process& p : m.processes)
        if (has_all(p, pool) && (!pic.pid || !p.exited)) {
            pic.pid = p.pid;
            if (!p.exited) break;
        }
    if (!pic.pid) {
        pic.error =
            fmt::format("no process has the pool's symbols ({}, {}, {}, {}, {}, {})", pool.queue,
                        pool.head, pool.tail, pool.done, pool.holds_from, pool.holds_to);
        return pic;
    }
    std::optional<int> reg = parse_reg(pool.task_register);
    if (!reg) {
        pic.error = fmt::format("'{}' is not a register", pool.task_register);
        return pic;
    }
    const Process& p = m.process(pic.pid);
    if (p.memory_released) {
        pic.error = "the pool's process has ended and its memory is gone";
        return pic;
    }
    pic.head = word(p, pool.head).value_or(0);
    pic.tail = word(p, pool.tail).value_or(0);
    pic.done = static_cast<int32_t>(word(p, pool.done).value_or(0));
    // At most 4096 slots: the queue is the program's own array, its tail written by main.
    for (uint32_t i = 0; i < std::min<uint32_t>(pic.tail, 4096); ++i) {
        std::optional<uint32_t> v = word(p, pool.queue, i);
        if (!v) break;
        pic.slots.push_back(static_cast<int32_t>(*v));
        pic.stops += static_cast<int32_t>(*v) < 0;
    }
    uint32_t from = static_cast<uint32_t>(p.image->find(pool.holds_from)->value);
    uint32_t to = static_cast<uint32_t>(p.image->find(pool.holds_to)->value);
    for (int tid : p.threads) {
        const Thread& t = m.thread(tid);
        if (t.name != pool.worker) continue;
        PoolWorker w;
        w.tid = tid;
        w.state = t.state;
        const Context& ctx = m.context_of(tid);
        if (t.state == ThreadState::Done) {
            w.doing = WorkerDoing::Stopped;
        } else if (ctx.pc >= from && ctx.pc < to) {
            w.task = static_cast<int32_t>(ctx.regs[static_cast<size_t>(*reg)]);
            w.doing =
                t.state == ThreadState::Blocked ? WorkerDoing::Waiting : WorkerDoing::Computing;
        }
        pic.workers.push_back(w);
    }
    return pic;
}

} // namespace gb::view
