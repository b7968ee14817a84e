; 08_stack_agreement.s — a thread's stack is private only because threads
; agree not to touch each other's. Nothing enforces it.
; main keeps a local variable x (= 1) on its stack and, unwisely, publishes
; its address in a global. The `intruder` thread stores 99 through that
; pointer: the store simply works, because all threads share one address
; space, and main's x changes under its feet.
; Worse: main's function returns, and its stack frame is gone, but the
; pointer still exists. main calls other functions, which reuse that
; memory; this time the slot holds a return address. The intruder stores
; 99 through the stale pointer again, and when that function returns, the
; CPU jumps to address 99: the process dies of a fault far away from the
; real bug. Semaphores only fix the order of events, so the story is the
; same on every run.

        .data
shared_ptr: .word 0             ; the address of main's local x (a bad idea)
ready:   .word 0                ; semaphore ids
written: .word 0
go:      .word 0
m_x1:    .string "main: my local x = "
m_x2:    .string "main: after the intruder ran, x = "
m_call:  .string "main: x's function has returned; calling another function..."
m_back:  .string "main: back safely (this line is never printed)"
m_int:   .string "intruder: writing 99 at "

        .text
main:
        li   r1, 0
        li   r2, 0
        sys  sem_create
        store r0, [ready]       ; "the pointer is published"
        li   r1, 0
        sys  sem_create
        store r0, [written]     ; "I have written"
        li   r1, 0
        sys  sem_create
        store r0, [go]          ; "write again"
        li   r1, intruder
        li   r2, 0
        sys  thread_create
        call part1              ; x lives in part1's frame
        call part2              ; part2 reuses the same stack memory
        li   r1, m_back
        sys  print_str
        li   r0, 0
        ret

; part1: a local x on main's stack, whose address escapes
part1:
        enter 4                 ; x at [fp - 4]
        li   r1, 1
        store r1, [fp - 4]      ; x = 1
        li   r1, m_x1
        load r2, [fp - 4]
        call print_labeled      ; 1
        sub  r1, fp, 4
        store r1, [shared_ptr]  ; publish &x: now any thread can write there
        load r1, [ready]
        sys  sem_post
        load r1, [written]
        sys  sem_wait           ; (the intruder runs now)
        li   r1, m_x2
        load r2, [fp - 4]       ; 99: main never wrote that
        call print_labeled
        leave
        ret                     ; the frame is gone; shared_ptr still points into it

; part2 → helper: their frames land where part1's was
part2:
        push r5                 ; one word on the stack, where part1 saved fp
        call helper             ; the return address lands exactly where x was
        pop  r5
        ret

helper:
        li   r1, m_call
        sys  print_str
        call print_newline
        load r1, [go]
        sys  sem_post           ; let the intruder write once more
        load r1, [written]
        sys  sem_wait
        ret                     ; pops 99 as the return address: PC ← 99, a fault

; intruder: writes into main's stack through the published pointer, twice
intruder:
        load r1, [ready]
        sys  sem_wait           ; wait until the pointer is published
        load r5, [shared_ptr]
        li   r1, m_int
        sys  print_str
        mov  r1, r5
        call print_hex          ; an address in main's stack, not in mine
        call print_newline
        li   r6, 99
        store r6, [r5]          ; x = 99, written by another thread
        load r1, [written]
        sys  sem_post
        load r1, [go]
        sys  sem_wait
        store r6, [r5]          ; the same store, too late: x no longer exists
        load r1, [written]
        sys  sem_post
        ret

        .include "lesson_print.s"
