// Tiny inline programs, one per instruction group, stepped and asserted.
#include "helpers.h"
#include "sim/isa/memlayout.h"

using namespace gbtest;
using gb::Machine;

TEST_CASE("cpu: the PC walks through instructions stored in memory") {
    Machine m = boot(R"(
main:   nop               ; 0x1000
        li   r1, 5        ; 0x1004
        halt              ; 0x1008
)");
    CHECK(m.thread(1).ctx.pc == gb::layout::kCodeBase); // main is the entry point
    // The word at the PC really is the encoded instruction.
    uint32_t word = 0;
    REQUIRE(m.process(1).mem.peek32(0x1004, word));
    CHECK(word == gb::encode({gb::Op::Li, 1, 0, 0, 5}));
    m.step();
    CHECK(m.context_of(1).pc == 0x1004);
    m.step();
    CHECK(m.context_of(1).pc == 0x1008);
    CHECK(reg(m, 1) == 5);
    m.step();
    CHECK(m.thread(1).state == gb::ThreadState::Done);
}

TEST_CASE("cpu: moves and big constants") {
    Machine m = boot(R"(
main:   li   r1, -42          ; r1 = -42 (sign-extended 20-bit immediate)
        mov  r2, r1           ; r2 = r1
        lui  r3, 2            ; r3 = 2 << 16
        li   r4, 0x12345678   ; pseudo: lui + or
        li   r5, 524287       ; the largest one-word li
        halt
)");
    m.run(100);
    CHECK(reg(m, 1) == -42);
    CHECK(reg(m, 2) == -42);
    CHECK(reg(m, 3) == 0x20000);
    CHECK(reg(m, 4) == 0x12345678);
    CHECK(reg(m, 5) == 524287);
}

TEST_CASE("cpu: arithmetic and logic, register and immediate forms") {
    Machine m = boot(R"(
main:   li   r1, 7
        li   r2, -3
        add  r3, r1, r2       ; 4
        sub  r4, r1, r2       ; 10
        mul  r5, r1, r2       ; -21
        div  r6, r1, r2       ; -2 (rounds toward zero)
        mod  r7, r1, r2       ; 1
        and  r8, r1, 6        ; 6
        or   r9, r1, 8        ; 15
        xor  r10, r1, 5       ; 2
        shl  r11, r1, 4       ; 112
        sra  r12, r2, 1       ; -2 (sign kept)
        shr  r0, r2, 28       ; 15 (zeros in)
        halt
)");
    m.run(100);
    CHECK(reg(m, 3) == 4);
    CHECK(reg(m, 4) == 10);
    CHECK(reg(m, 5) == -21);
    CHECK(reg(m, 6) == -2);
    CHECK(reg(m, 7) == 1);
    CHECK(reg(m, 8) == 6);
    CHECK(reg(m, 9) == 15);
    CHECK(reg(m, 10) == 2);
    CHECK(reg(m, 11) == 112);
    CHECK(reg(m, 12) == -2);
    CHECK(reg(m, 0) == 15);
}

TEST_CASE("cpu: immediate arithmetic and register shifts") {
    Machine m = boot(R"(
main:   li   r1, 100
        sub  r2, r1, 1        ; 99
        mul  r3, r1, -2       ; -200
        div  r4, r1, 7        ; 14
        mod  r5, r1, 7        ; 2
        li   r6, 3
        shl  r7, r1, r6       ; 800
        shr  r8, r7, r6       ; 100
        li   r9, -64
        sra  r10, r9, r6      ; -8
        xor  r11, r1, r1      ; 0
        halt
)");
    m.run(100);
    CHECK(reg(m, 2) == 99);
    CHECK(reg(m, 3) == -200);
    CHECK(reg(m, 4) == 14);
    CHECK(reg(m, 5) == 2);
    CHECK(reg(m, 7) == 800);
    CHECK(reg(m, 8) == 100);
    CHECK(reg(m, 10) == -8);
    CHECK(reg(m, 11) == 0);
}

TEST_CASE("cpu: compare sets flags and branches follow them") {
    // Each taken branch adds a distinct bit to r1; untaken ones add to r2.
    Machine m = boot(R"(
main:   li   r1, 0
        li   r2, 0
        li   r3, -1
        li   r4, 1
        cmp  r3, r4           ; -1 vs 1: less (signed), but above (unsigned)
        blt  t1
        or   r2, r2, 1
t1:     or   r1, r1, 1
        bltu f1               ; not taken: 0xffffffff is not below 1
        or   r1, r1, 2
f1:     bge  f2               ; not taken
        or   r1, r1, 4
f2:     bgeu t2               ; taken
        or   r2, r2, 2
t2:     cmp  r4, 1            ; equal
        beq  t3
        or   r2, r2, 4
t3:     bne  f3               ; not taken
        or   r1, r1, 8
f3:     ble  t4               ; taken (equal)
        or   r2, r2, 8
t4:     bgt  f4               ; not taken
        or   r1, r1, 16
f4:     halt
)");
    m.run(100);
    CHECK(reg(m, 1) == 1 + 2 + 4 + 8 + 16);
    CHECK(reg(m, 2) == 0);
    const gb::Flags& f = m.context_of(1).flags;
    CHECK(f.z);
    CHECK_FALSE(f.n);
    CHECK_FALSE(f.c);
}

TEST_CASE("cpu: jumps, calls, callbacks and the stack") {
    Machine m = boot(R"(
main:   li   r1, 5
        call double           ; pushes the return address
        mov  r2, r0           ; 10
        li   r3, triple
        mov  r1, r2
        callr r3              ; a call through a register: 30
        mov  r4, r0
        li   r5, done
        jr   r5               ; jump to the address in r5
        li   r4, 0            ; skipped
done:   jmp  end
        li   r4, 0            ; skipped
end:    halt
double: add  r0, r1, r1
        ret
triple: mul  r0, r1, 3
        ret
)");
    uint32_t sp0 = m.thread(1).ctx.regs[gb::SP];
    m.step();
    m.step(); // call
    CHECK(m.context_of(1).regs[gb::SP] == sp0 - 4);
    uint32_t ra = 0;
    REQUIRE(m.process(1).mem.peek32(sp0 - 4, ra));
    CHECK(ra == gb::layout::kCodeBase + 8); // the instruction after the call
    m.run(100);
    CHECK(reg(m, 2) == 10);
    CHECK(reg(m, 4) == 30);
    CHECK(m.context_of(1).regs[gb::SP] == sp0); // balanced
}

TEST_CASE("cpu: push and pop") {
    Machine m = boot(R"(
main:   li   r1, 11
        li   r2, 22
        push r1
        push r2
        pop  r3               ; 22: last in, first out
        pop  r4               ; 11
        halt
)");
    m.run(100);
    CHECK(reg(m, 3) == 22);
    CHECK(reg(m, 4) == 11);
}

TEST_CASE("cpu: word and byte loads and stores, base+offset and absolute") {
    Machine m = boot(R"(
        .data
a:      .word 10, 20, 30
b:      .byte 1, 2, 255
        .text
main:   li    r1, a
        load  r2, [r1 + 4]    ; 20
        load  r3, [a]         ; 10, absolute
        store r2, [r1]        ; a[0] = 20
        store r3, [a + 8]     ; a[2] = 10
        li    r4, 77
        store r4, [r1 - 0]
        loadb r5, [b + 2]     ; 255, zero-extended
        li    r6, b
        loadb r7, [r6 + 1]    ; 2
        storeb r4, [r6]       ; b[0] = 77
        storeb r4, [b + 1]    ; b[1] = 77
        load  r8, [a + 8]
        halt
)");
    m.run(100);
    CHECK(reg(m, 2) == 20);
    CHECK(reg(m, 3) == 10);
    CHECK(reg(m, 5) == 255);
    CHECK(reg(m, 7) == 2);
    CHECK(reg(m, 8) == 10);
    CHECK(global(m, "a") == 77);
    uint8_t b0 = 0, b1 = 0;
    uint32_t baddr = static_cast<uint32_t>(m.process(1).image->find("b")->value);
    REQUIRE(m.process(1).mem.peek8(baddr, b0));
    REQUIRE(m.process(1).mem.peek8(baddr + 1, b1));
    CHECK(b0 == 77);
    CHECK(b1 == 77);
}

TEST_CASE("cpu: indexed loads and stores reach element rb of the array at ra") {
    Machine m = boot(R"(
        .data
a:      .word 10, 20, 30
        .text
main:   li    r1, a
        li    r2, 2
        load  r3, [r1 + r2*4]  ; a[2] = 30
        li    r4, 55
        li    r5, 1
        store r4, [r1 + r5*4]  ; a[1] = 55
        load  r6, [r1 + r5*4]
        load  r7, [r1 + r0*4]  ; a[0]
        halt
)");
    uint32_t word = 0;
    REQUIRE(m.process(1).mem.peek32(gb::layout::kCodeBase + 8, word));
    CHECK(word == gb::encode({gb::Op::LoadX, 3, 1, 2, 0}));
    REQUIRE(m.process(1).mem.peek32(gb::layout::kCodeBase + 20, word));
    CHECK(word == gb::encode({gb::Op::StoreX, 4, 1, 5, 0}));
    m.run(100);
    CHECK(reg(m, 3) == 30);
    CHECK(reg(m, 6) == 55);
    CHECK(reg(m, 7) == 10);
    uint32_t a = static_cast<uint32_t>(m.process(1).image->find("a")->value), a1 = 0;
    REQUIRE(m.process(1).mem.peek32(a + 4, a1));
    CHECK(a1 == 55);
    CHECK(gb::disassemble({gb::Op::LoadX, 3, 1, 2, 0}) == "load r3, [r1 + r2*4]");
    CHECK(gb::describe({gb::Op::StoreX, 4, 1, 5, 0}) == "store [r1 + r5 × 4] ← r4");
}

TEST_CASE("cpu: atomic exchange, compare-and-swap and fetch-and-add") {
    Machine m = boot(R"(
        .data
lock:   .word 0
ctr:    .word 5
        .text
main:   li   r1, lock
        li   r2, 1
        xchg r2, [r1]         ; r2 ← 0 (old), lock ← 1
        li   r3, ctr
        li   r4, 5            ; expected
        li   r5, 9            ; new
        cas  r4, r5, [r3]     ; ctr was 5: swap; r4 ← 5; Z
        mov  r6, r4
        li   r4, 5
        li   r5, 100
        cas  r4, r5, [r3]     ; ctr is 9, not 5: no swap; r4 ← 9
        li   r7, 3
        fadd r8, r7, [r3]     ; r8 ← 9, ctr ← 12
        halt
)");
    m.run(100);
    CHECK(reg(m, 2) == 0);
    CHECK(global(m, "lock") == 1);
    CHECK(reg(m, 6) == 5);
    CHECK(reg(m, 4) == 9);
    CHECK_FALSE(m.context_of(1).flags.z); // the second cas failed
    CHECK(reg(m, 8) == 9);
    CHECK(global(m, "ctr") == 12);
}

TEST_CASE("cpu: system calls print and return values") {
    Machine m = boot(R"(
        .data
msg:    .string "hi "
        .text
main:   li   r1, msg
        sys  print_str
        li   r1, -12
        sys  print_int
        li   r1, '!'
        sys  print_char
        sys  getpid
        mov  r5, r0
        li   r1, 3
        sys  exit
)");
    auto r = m.run(100);
    CHECK(r.reason == gb::StopReason::AllDone);
    CHECK(m.console == "hi -12!");
    CHECK(reg(m, 5) == 1);
    CHECK(m.process(1).exit_code == 3);
}

TEST_CASE("cpu: returning from main exits with r0") {
    Machine m = boot(R"(
main:   li   r0, 7
        ret
)");
    CHECK(m.run(100).reason == gb::StopReason::AllDone);
    CHECK(m.process(1).exited);
    CHECK(m.process(1).exit_code == 7);
}

TEST_CASE("cpu: cycles follow the ISA table") {
    Machine m = boot(R"(
main:   li   r1, 6        ; 1 cycle
        mul  r2, r1, r1   ; 3 cycles
        div  r3, r2, r1   ; 8 cycles
        halt              ; 1 cycle
)");
    m.run(100);
    CHECK(m.instructions == 4);
    CHECK(m.cores[0].busy_cycles == 1 + 3 + 8 + 1);
}

TEST_CASE("cpu: run stops at a breakpoint before the instruction") {
    Machine m = boot(R"(
main:   li   r1, 1
        li   r1, 2
here:   li   r1, 3
        halt
)");
    m.breakpoints.insert(static_cast<uint32_t>(m.process(1).image->find("here")->value));
    auto r = m.run(100);
    CHECK(r.reason == gb::StopReason::Breakpoint);
    CHECK(reg(m, 1) == 2);
    // Continuing goes past it.
    CHECK(m.run(100).reason == gb::StopReason::AllDone);
    CHECK(reg(m, 1) == 3);
}

TEST_CASE("cpu: a step budget stops a runaway program") {
    Machine m = boot(R"(
main:   jmp main
)");
    auto r = m.run(1000);
    CHECK(r.reason == gb::StopReason::Budget);
    CHECK(r.steps == 1000);
}

TEST_CASE("cpu: a breakpoint on a thread function's first instruction stops the run there") {
    Machine m = boot(R"(
main:   li   r1, worker
        sys  thread_create
        mov  r1, r0
        sys  thread_join
        halt
worker: li   r5, 1
        ret
)");
    uint32_t worker = static_cast<uint32_t>(m.process(1).image->find("worker")->value);
    m.breakpoints.insert(worker);
    auto r = m.run(1000);
    CHECK(r.reason == gb::StopReason::Breakpoint);
    const gb::Thread& t2 = m.thread(2);
    CHECK(t2.state == gb::ThreadState::Running);
    CHECK(m.context_of(2).pc == worker);
    CHECK(t2.instructions == 0); // stopped before its first instruction
    CHECK(m.run(1000).reason == gb::StopReason::AllDone);
    CHECK(reg(m, 5, 2) == 1);
}
