; 15_who_schedules.s — three levels of "taking turns", and who decides each.
;   hardware: the timer interrupts the core every `timer` cycles, whatever
;             is running (the program cannot refuse);
;   kernel:   on that interrupt the scheduler picks which *thread* runs
;             next, and saves/restores thread contexts (Switch events in the
;             event log);
;   user:     inside one thread, the program's own code picks which
;             *coroutine* runs next, at the points where a coroutine yields.
;             The kernel never hears of it: no event, no system call.
; Thread A counts (A1..A6). Thread B runs a tiny user-level scheduler with
; two coroutines, x and y, that take turns: x1 y1 x2 y2 x3 y3. Change the
; timer period: the places where A's lines fall among B's lines move (the
; kernel decides), but B's own order never changes (the program decides).

        .equ WORK, 25            ; busy-loop rounds between prints

        .data
cox:    .word 0                  ; coroutine records
coy:    .word 0
s_a:    .string "A1\n"              ; 4 bytes each, one after another
        .string "A2\n"
        .string "A3\n"
        .string "A4\n"
        .string "A5\n"
        .string "A6\n"
s_x:    .string "  x1\n"            ; 6 bytes each
        .string "  x2\n"
        .string "  x3\n"
s_y:    .string "  y1\n"
        .string "  y2\n"
        .string "  y3\n"
m_rx:   .string "B: resume x\n"
m_ry:   .string "B: resume y\n"

        .text
main:
        li   r1, thread_a
        li   r2, 0
        sys  thread_create      ; thread A: scheduled by the kernel
        mov  r5, r0
        li   r1, thread_b
        li   r2, 0
        sys  thread_create      ; thread B: also scheduled by the kernel...
        mov  r6, r0
        mov  r1, r5
        sys  thread_join
        mov  r1, r6
        sys  thread_join
        li   r0, 0
        ret

; thread A: six lines, some work between them
thread_a:
        li   r5, s_a
        li   r6, 6
a_next: mov  r1, r5
        sys  print_str
        add  r5, r5, 4          ; each string is 4 bytes: "A1\n" and its NUL
        call busy
        sub  r6, r6, 1
        cmp  r6, 0
        bne  a_next
        ret

; thread B: ...and it schedules its two coroutines itself
thread_b:
        li   r1, coroutine
        li   r2, s_x
        call co_create          ; coroutine x prints the s_x lines
        store r0, [cox]
        li   r1, coroutine
        li   r2, s_y
        call co_create          ; coroutine y, the same code with the s_y lines
        store r0, [coy]
b_loop: load r5, [cox]
        load r1, [r5 + CO_DONE]
        cmp  r1, 0
        bne  b_done
        li   r1, m_rx
        sys  print_str          ; a user-level switch: just a print, for us to see it
        mov  r1, r5
        call resume             ; run x until it yields
        li   r1, m_ry
        sys  print_str
        load r1, [coy]
        call resume             ; run y until it yields
        jmp  b_loop
b_done: ret

; coroutine(r1 = its record): three lines, yielding after each
coroutine:
        mov  r5, r1             ; my record
        load r6, [r5 + CO_ARG] ; my strings
        li   r7, 3
c_next: mov  r1, r6
        sys  print_str
        add  r6, r6, 6          ; "  x1\n" and its NUL
        call busy               ; the timer may take the core from thread B here
        sub  r7, r7, 1
        cmp  r7, 0
        beq  c_end
        mov  r1, r5
        call yield              ; give the turn to the other coroutine
        jmp  c_next
c_end:  ret

busy:   li   r1, WORK
b1:     sub  r1, r1, 1
        cmp  r1, 0
        bne  b1
        ret

        .include "coro.s"
