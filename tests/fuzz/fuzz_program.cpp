// libFuzzer target: any bytes as a program. The assembler must return
// errors or an image; an image must run for a bounded number of steps
// without a host crash, and must survive the disassembly round trip.
// Build: cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DGLASSBOX_FUZZ=ON
// -DGLASSBOX_GUI=OFF Run:   build-fuzz/tests/fuzz/fuzz_program -max_total_time=60 programs/
#include "sim/asm/assembler.h"
#include "sim/kernel/machine.h"
#include "sim/kernel/syscalls.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string src(reinterpret_cast<const char*>(data), size);
    gb::AsmOptions opts;
    opts.predefined = gb::syscall_constants();
    gb::AsmResult r = gb::assemble(src, "fuzz.s", opts);
    if (!r.ok()) {
        if (r.errors.empty()) std::abort(); // a failure must say why
        return 0;
    }
    gb::AsmResult again = gb::assemble(gb::disassemble_image(*r.image), "again.s", opts);
    if (!again.ok() || again.image->text.bytes != r.image->text.bytes ||
        again.image->data.bytes != r.image->data.bytes)
        std::abort();
    gb::Config cfg;
    cfg.cores = 2;
    cfg.timer_period = 7;
    gb::Machine m(cfg);
    if (m.load(std::make_shared<const gb::Image>(std::move(*r.image)), "fuzz")) m.run(5000);
    return 0;
}
