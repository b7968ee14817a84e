#include "sim/kernel/watch.h"

#include "sim/kernel/machine.h"

namespace gb {

bool note_watched_write(Machine& m, int pid, int tid, uint64_t cycle, const StepOutcome& o) {
    const MemWrite& w = o.write;
    bool stop = false;
    for (Watch& watch : m.watches) {
        if (watch.pid && watch.pid != pid) continue;
        // A byte store touches the watched word when it lands in its 4 bytes.
        if (w.addr + w.width <= watch.addr || w.addr >= watch.addr + 4) continue;
        WriteRecord r{cycle, pid, tid, o.pc, w.old_value, w.new_value};
        if (w.width != 4 || w.addr != watch.addr) {
            // Report the whole word: read it back after the byte store.
            uint32_t now_value = 0;
            m.process(pid).mem.peek32(watch.addr, now_value);
            r.new_value = now_value;
            r.old_value = watch.writes ? watch.last.new_value : now_value;
        }
        ++watch.writes;
        watch.last = r;
        if (watch.keep_history) watch.history.push_back(r);
        stop = stop || watch.stop;
    }
    return stop;
}

} // namespace gb
