#include "sim/kernel/heap.h"

#include "sim/kernel/container.h"

#include "sim/isa/memlayout.h"
#include "sim/kernel/machine.h"

#include <algorithm>
#include <fmt/format.h>

namespace gb {

namespace {
constexpr uint32_t kAlign = 8;
uint32_t align_up(uint32_t v, uint32_t a) {
    return (v + a - 1) / a * a;
}
} // namespace

int64_t heap_sbrk(Machine& m, int pid, int32_t delta, Reason& error) {
    Process& p = m.process(pid);
    uint32_t old = p.heap_end;
    int64_t want = static_cast<int64_t>(old) + delta;
    if (want < layout::kHeapBase || want > layout::kHeapLimit) {
        error = want < layout::kHeapBase ? because(Why::HeapBelowStart, layout::kHeapBase)
                                         : because(Why::HeapLimit, pid, want, layout::kHeapLimit);
        return -1;
    }
    uint32_t end = static_cast<uint32_t>(want);
    // The heap region covers [kHeapBase, end) rounded up to 16 bytes.
    uint32_t size = align_up(end - layout::kHeapBase, 16);
    Region* heap = p.mem.find(layout::kHeapBase);
    uint32_t now_size = heap ? heap->size : 0;
    if (size > now_size &&
        !m.within_memory_limit(pid, p.mem, size - now_size, Need::Heap, {}, size, error))
        return -1;
    // memory.max (container.h): over the container's quota, the OOM killer ends the process.
    if (size > now_size && p.container &&
        !container_grant_memory(m, p.container, pid, size - now_size, Need::Heap, {}, size)) {
        error = because(Why::SbrkOomKilled, pid);
        return -1;
    }
    if (!heap && size) {
        p.mem.map({"heap",
                   RegionKind::Heap,
                   layout::kHeapBase,
                   size,
                   PermR | PermW,
                   0,
                   false,
                   {},
                   nullptr});
    } else if (heap) {
        if (size == 0)
            p.mem.unmap(layout::kHeapBase);
        else
            p.mem.resize(layout::kHeapBase, size);
    }
    p.heap_end = end;
    return old;
}

uint32_t heap_malloc(Machine& m, int tid, uint32_t size, std::string label, Reason& error) {
    int pid = m.thread(tid).pid;
    Process& p = m.process(pid);
    if (size == 0) size = 1;
    if (size > layout::kHeapLimit - layout::kHeapBase) {
        error = because(Why::MallocTooBig, size);
        return 0;
    }
    size = align_up(size, kAlign);
    auto& blocks = p.heap_blocks;
    // First fit among freed blocks.
    for (size_t i = 0; i < blocks.size(); ++i) {
        HeapBlock& b = blocks[i];
        if (!b.free || b.size < size) continue;
        if (b.size - size >= kAlign) { // split: the rest stays free
            HeapBlock rest = b;
            rest.addr = b.addr + size;
            rest.size = b.size - size;
            b.size = size;
            blocks.insert(blocks.begin() + static_cast<long>(i) + 1, rest);
        }
        HeapBlock& got = blocks[i];
        got.free = false;
        got.tid = tid;
        got.label = std::move(label);
        got.cycle = m.now;
        // Fresh memory reads as zero, whoever used it before.
        for (uint32_t a = got.addr; a < got.addr + got.size; ++a)
            p.mem.poke8(a, 0);
        return got.addr;
    }
    // Otherwise grow the heap at its end.
    uint32_t start = align_up(std::max(p.heap_end, layout::kHeapBase), kAlign);
    int64_t grow = static_cast<int64_t>(start) + size - p.heap_end;
    if (heap_sbrk(m, pid, static_cast<int32_t>(grow), error) < 0) return 0;
    blocks.push_back({start, size, tid, std::move(label), false, m.now});
    return start;
}

bool heap_free(Machine& m, int tid, uint32_t addr, Reason& error) {
    if (addr == 0) return true;
    Process& p = m.process(m.thread(tid).pid);
    auto& blocks = p.heap_blocks;
    auto it = std::find_if(blocks.begin(), blocks.end(),
                           [&](const HeapBlock& b) { return b.addr == addr; });
    if (it == blocks.end()) {
        error = because(Why::FreeNotBlock, addr);
        return false;
    }
    if (it->free) {
        error = because(Why::FreeTwice, addr);
        return false;
    }
    it->free = true;
    it->cycle = m.now;
    it->tid = tid;
    // Merge with free neighbours so big blocks can be reused.
    size_t i = static_cast<size_t>(it - blocks.begin());
    if (i + 1 < blocks.size() && blocks[i + 1].free &&
        blocks[i].addr + blocks[i].size == blocks[i + 1].addr) {
        blocks[i].size += blocks[i + 1].size;
        blocks.erase(blocks.begin() + static_cast<long>(i) + 1);
    }
    if (i > 0 && blocks[i - 1].free && blocks[i - 1].addr + blocks[i - 1].size == blocks[i].addr) {
        blocks[i - 1].size += blocks[i].size;
        blocks.erase(blocks.begin() + static_cast<long>(i));
    }
    return true;
}

} // namespace gb
