// libFuzzer target: any bytes as a program. The assembler must return
// errors or an image; an image must run for a bounded number of steps
// without a host crash, and must survive the disassembly round trip.
// The program claims to live in programs/, with the usual options and file
// loaders, so .include, spawn and load_library reach real files — inside
// the file sandbox (docs/limits.md), which must hold.
// Build: CC=clang CXX=clang++ cmake -S . -B build-fuzz -DGLASSBOX_FUZZ=ON -DGLASSBOX_GUI=OFF
// Run:   build-fuzz/tests/fuzz/fuzz_program -max_len=1048576 -max_total_time=60 NEW_DIR programs
#include "sim/asm/assembler.h"
#include "sim/kernel/machine.h"
#include "teach/loader.h"
#include "teach/program.h"

#include "teach/event_words.h"
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string path = GLASSBOX_SOURCE_DIR "/programs/fuzz.s";
    std::string src(reinterpret_cast<const char*>(data), size);
    gb::AsmOptions opts = gb::default_asm_options(path);
    gb::AsmResult r = gb::assemble(src, path, opts);
    if (!r.ok()) {
        if (r.errors.empty()) std::abort(); // a failure must say why
        (void)gb::format_errors(r);
        return 0;
    }
    gb::AsmResult again = gb::assemble(gb::disassemble_image(*r.image), path, opts);
    if (!again.ok() || again.image->text.bytes != r.image->text.bytes ||
        again.image->data.bytes != r.image->data.bytes)
        std::abort();
    gb::Config cfg;
    cfg.cores = 2;
    cfg.timer_period = 7;
    gb::Machine m(cfg);
    gb::install_file_loaders(m, path);
    if (m.load(std::make_shared<const gb::Image>(std::move(*r.image)), "fuzz")) m.run(5000);
    // Nothing outside the sandbox was read: /etc/passwd's first line never
    // reaches the event log.
    for (const gb::Event& e : m.log.events)
        if (gb::event_text(m, e).find("root:x:0:0") != std::string::npos) std::abort();
    return 0;
}
