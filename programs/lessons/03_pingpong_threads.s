; 03_pingpong_threads.s — the same game as 03_pingpong_processes.s, played by
; two threads of one process.
; Every turn is still a switch, but between threads of the same process:
; the address space stays, so it costs only thread_switch_cost cycles (2 by
; default). And the ball really travels: both threads see the same global,
; so main finds ball = ROUNDS at the end without any extra mechanism.

        .equ ROUNDS, 20

        .data
ball:   .word 0                 ; one copy, shared by both threads
ping:   .word 0
pong:   .word 0
m_ball: .string "main sees ball = "

        .text
main:
        li   r1, 0
        li   r2, 0
        sys  sem_create
        store r0, [ping]
        li   r1, 0
        sys  sem_create
        store r0, [pong]
        li   r1, partner
        li   r2, 0
        sys  thread_create      ; the partner thread, instead of a child process
        mov  r7, r0

        li   r5, ROUNDS
serve:  load r1, [ping]
        sys  sem_post           ; hand the turn over
        load r1, [pong]
        sys  sem_wait           ; and wait for it to come back
        sub  r5, r5, 1
        cmp  r5, 0
        bne  serve
        mov  r1, r7
        sys  thread_join
        li   r1, m_ball
        load r2, [ball]         ; ROUNDS: the partner's writes are visible here
        call print_labeled
        li   r0, 0
        ret

partner:
        li   r5, ROUNDS
hit:    load r1, [ping]
        sys  sem_wait
        load r6, [ball]
        add  r6, r6, 1
        store r6, [ball]        ; the same word main reads
        load r1, [pong]
        sys  sem_post
        sub  r5, r5, 1
        cmp  r5, 0
        bne  hit
        li   r0, 0
        ret

        .include "lesson_print.s"
