// One test per fault kind: a named trap with the PC, the address and the
// source line; the faulting process is killed, nothing crashes.
#include "helpers.h"
#include "sim/isa/memlayout.h"

using namespace gbtest;

namespace {

struct Expect {
    gb::Fault fault;
    std::string label;  // the faulting instruction's label
    int64_t addr;       // expected fault address, or -1 for "the PC"
    std::string source; // a piece of the source line
};

void expect_fault(const std::string& src, const Expect& e) {
    gb::Machine m = boot(src);
    auto r = m.run(100000);
    REQUIRE(r.reason == gb::StopReason::Fault);
    const gb::FaultReport& f = m.last_fault;
    CHECK(f.fault == e.fault);
    const gb::Symbol* at = m.process(1).image->find(e.label);
    REQUIRE(at != nullptr);
    CHECK(f.pc == static_cast<uint32_t>(at->value));
    CHECK(f.addr == (e.addr < 0 ? f.pc : static_cast<uint32_t>(e.addr)));
    CHECK(f.source.find(e.source) != std::string::npos);
    CHECK(f.pid == 1);
    CHECK(f.tid == 1);
    CHECK(m.process(1).exited);
    CHECK(m.process(1).fault.fault == e.fault);
    CHECK(m.thread(1).state == gb::ThreadState::Done);
    // The machine carries on: nothing is left to run.
    CHECK(m.run(10).reason == gb::StopReason::AllDone);
}

} // namespace

TEST_CASE("fault: null pointer is a bad address") {
    expect_fault(R"(
main:   li   r1, 0
bad:    load r2, [r1 + 8]
        halt
)",
                 {gb::Fault::BadAddress, "bad", 8, "load r2, [r1 + 8]"});
}

TEST_CASE("fault: an indexed load or store outside memory is a bad address") {
    expect_fault(R"(
main:   li   r1, 0
        li   r2, 3
bad:    load r3, [r1 + r2*4]
        halt
)",
                 {gb::Fault::BadAddress, "bad", 12, "load r3, [r1 + r2*4]"});
    expect_fault(R"(
main:   li    r1, 99
        li    r2, 0
bad:    store r1, [r2 + r1*4]
        halt
)",
                 {gb::Fault::BadAddress, "bad", 396, "[r2 + r1*4]"});
    expect_fault(R"(
main:   li    r1, main
        li    r2, 1
bad:    store r2, [r1 + r2*4]
        halt
)",
                 {gb::Fault::WriteToReadOnly, "bad", gb::layout::kCodeBase + 4, "[r1 + r2*4]"});
    expect_fault(R"(
        .data
x:      .word 1, 2
        .text
main:   li   r1, x
        add  r1, r1, 2
bad:    load r2, [r1 + r0*4]
)",
                 {gb::Fault::Misaligned, "bad", gb::layout::kDataBase + 2, "[r1 + r0*4]"});
}

TEST_CASE("fault: writing into the code segment") {
    expect_fault(R"(
main:   li    r1, 99
bad:    store r1, [main]
        halt
)",
                 {gb::Fault::WriteToReadOnly, "bad", gb::layout::kCodeBase, "store r1, [main]"});
}

TEST_CASE("fault: jumping into data") {
    expect_fault(R"(
        .data
table:  .word 0
        .text
main:   li   r1, table
bad0:   jr   r1
)",
                 {gb::Fault::ExecuteNonCode, "table", -1, ""});
}

TEST_CASE("fault: misaligned word access") {
    expect_fault(R"(
        .data
x:      .word 1, 2
        .text
main:   li   r1, x
bad:    load r2, [r1 + 2]
)",
                 {gb::Fault::Misaligned, "bad", gb::layout::kDataBase + 2, "[r1 + 2]"});
}

TEST_CASE("fault: divide by zero, register and immediate") {
    expect_fault(R"(
main:   li   r1, 5
        li   r2, 0
bad:    div  r3, r1, r2
)",
                 {gb::Fault::DivideByZero, "bad", -1, "r3, r1, r2"});
    expect_fault(R"(
main:   li   r1, 5
bad:    mod  r3, r1, 0
)",
                 {gb::Fault::DivideByZero, "bad", -1, "r3, r1, 0"});
}

TEST_CASE("fault: illegal instruction") {
    expect_fault(R"(
main:   nop
bad:    .word 0xff000000
)",
                 {gb::Fault::IllegalInstruction, "bad", -1, ".word"});
}

TEST_CASE("fault: endless recursion overflows the stack into the guard gap") {
    gb::Machine m = boot(R"(
main:   call main
)");
    auto r = m.run(100000);
    REQUIRE(r.reason == gb::StopReason::Fault);
    CHECK(m.last_fault.fault == gb::Fault::StackOverflow);
    // The failing push is one word below the stack's lowest address.
    CHECK(m.last_fault.addr == gb::layout::stack_base(0) - 4);
    CHECK(m.last_fault.source.find("call main") != std::string::npos);
}

TEST_CASE("fault: unknown system call") {
    expect_fault(R"(
main:   nop
bad:    sys 999
)",
                 {gb::Fault::BadSyscall, "bad", 999, "sys 999"});
}

TEST_CASE("fault: kills only the faulting process") {
    // Two processes from one image: the second one faults, the first finishes.
    auto img = assemble_ok(R"(
main:   sys  getpid
        cmp  r0, 2
        beq  crash
        li   r1, 42
        sys  print_int
        li   r0, 0
        ret
crash:  li   r1, 0
        store r1, [r1]
)");
    gb::Config cfg;
    cfg.timer_period = 2;
    gb::Machine m(cfg);
    REQUIRE(m.load(img, "a") == 1);
    REQUIRE(m.load(img, "b") == 2);
    auto r = m.run(1000);
    CHECK(r.reason == gb::StopReason::Fault);
    CHECK(m.last_fault.pid == 2);
    while (r.reason != gb::StopReason::AllDone)
        r = m.run(1000);
    CHECK(m.process(1).exit_code == 0);
    CHECK(m.process(1).output == "42");
    CHECK(m.process(2).fault.fault == gb::Fault::BadAddress);
}
