// Small helpers shared by the tests: assemble inline programs, boot a
// machine on them, read registers and globals.
#pragma once

#include "sim/asm/assembler.h"
#include "sim/kernel/machine.h"
#include "sim/kernel/syscalls.h"
#include "teach/program.h"

#include <doctest/doctest.h>
#include <memory>
#include <string>

namespace gbtest {

inline gb::AsmOptions test_asm_options() {
    gb::AsmOptions o = gb::default_asm_options(GLASSBOX_SOURCE_DIR "/programs/test.s");
    return o;
}

// Assembles `src` and fails the test (printing every error) if it does not assemble.
inline std::shared_ptr<const gb::Image> assemble_ok(const std::string& src,
                                                    const std::string& name = "test.s") {
    gb::AsmResult r = gb::assemble(src, name, test_asm_options());
    std::string errors;
    for (const auto& e : r.errors)
        errors += e.to_string() + "\n";
    INFO(errors);
    REQUIRE(r.ok());
    return std::make_shared<const gb::Image>(std::move(*r.image));
}

inline gb::Machine boot(const std::string& src, gb::Config cfg = {}) {
    gb::Machine m(cfg);
    REQUIRE(m.load(assemble_ok(src), "test") == 1);
    return m;
}

inline gb::Machine boot_file(const std::string& rel_path, gb::Config cfg = {}) {
    std::string path = std::string(GLASSBOX_SOURCE_DIR "/") + rel_path;
    gb::AsmResult r = gb::assemble_file(path, gb::default_asm_options(path));
    std::string errors;
    for (const auto& e : r.errors)
        errors += e.to_string() + "\n";
    INFO(errors);
    REQUIRE(r.ok());
    gb::Machine m(cfg);
    REQUIRE(m.load(std::make_shared<const gb::Image>(std::move(*r.image)), rel_path) == 1);
    return m;
}

// Register r of thread tid as it is now (live or saved).
inline int32_t reg(const gb::Machine& m, int r, int tid = 1) {
    return static_cast<int32_t>(m.context_of(tid).regs[static_cast<size_t>(r)]);
}

// The word at a symbol's address in process pid.
inline int32_t global(const gb::Machine& m, const std::string& symbol, int pid = 1) {
    const gb::Process& p = m.process(pid);
    const gb::Symbol* s = p.image->find(symbol);
    REQUIRE(s != nullptr);
    uint32_t v = 0;
    REQUIRE(p.mem.peek32(static_cast<uint32_t>(s->value), v));
    return static_cast<int32_t>(v);
}

} // namespace gbtest
