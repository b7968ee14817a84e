; 03_pingpong_processes.s — two processes take turns ROUNDS times.
; The parent and its child pass the turn back and forth with two semaphores
; (kernel objects that a forked child inherits). Every turn is a switch to
; another process, and a process switch costs process_switch_cost cycles
; (10 by default: the address space changes). Compare the cycle count at
; the end with 03_pingpong_threads.s, which does the same with two threads.
; The child also adds 1 to the global `ball` on every turn, but the parent
; never sees it: the child has its own copy. Processes share no memory.

        .equ ROUNDS, 20

        .data
ball:   .word 0                 ; the child's increments stay in the child
ping:   .word 0                 ; semaphore ids
pong:   .word 0
m_ball: .string "parent sees ball = "

        .text
main:
        li   r1, 0
        li   r2, 0
        sys  sem_create         ; ping: "your turn, child"
        store r0, [ping]
        li   r1, 0
        sys  sem_create         ; pong: "your turn, parent"
        store r0, [pong]
        sys  fork
        cmp  r0, 0
        beq  child

        li   r5, ROUNDS
serve:  load r1, [ping]
        sys  sem_post           ; hand the turn to the child
        load r1, [pong]
        sys  sem_wait           ; and wait until it hands it back
        sub  r5, r5, 1
        cmp  r5, 0
        bne  serve
        li   r1, 0
        sys  wait               ; collect the child
        li   r1, m_ball
        load r2, [ball]         ; 0: the parent's own copy was never touched
        call print_labeled
        li   r0, 0
        ret

child:  li   r5, ROUNDS
hit:    load r1, [ping]
        sys  sem_wait           ; wait for my turn
        load r6, [ball]
        add  r6, r6, 1
        store r6, [ball]        ; ball += 1, in the child's copy
        load r1, [pong]
        sys  sem_post           ; give the turn back
        sub  r5, r5, 1
        cmp  r5, 0
        bne  hit
        li   r0, 0
        ret

        .include "lesson_print.s"
