; 05_short_tasks.s — many short tasks: one thread per task, or one thread
; reused for all of them?
; A web server gets many small requests. Here each "request" is a short
; task: add up a row of 4 numbers. With PER_TASK = 1, main creates a new
; thread for every task and joins it; with PER_TASK = 0, one worker thread
; is created once and handles the tasks one after another.
; Compare the two runs: the threads created (the event log and `processes`
; panel), and the cycle counts. Here creating a thread costs only a system
; call and a switch or two; on a real OS it also allocates a stack and
; kernel records, tens of microseconds for a task of a few microseconds.
; That waste is why servers keep a pool of threads (lesson 6).

        .equ PER_TASK, 1        ; 1: a thread per task; 0: one reused worker
        .equ TASKS, 16

        .data
rows:   .word 1, 2, 3, 4        ; task i adds up row i % 4
        .word 5, 6, 7, 8
        .word 9, 10, 11, 12
        .word 13, 14, 15, 16
total:  .word 0
m_tot:  .string "sum of all tasks = "

        .text
main:
        li   r1, PER_TASK
        cmp  r1, 0
        beq  reuse
        li   r5, 0              ; a new thread for every task
each:   li   r1, task
        mov  r2, r5
        sys  thread_create      ; create...
        mov  r1, r0
        sys  thread_join        ; ...wait for it, and it is gone
        add  r5, r5, 1
        cmp  r5, TASKS
        blt  each
        jmp  report
reuse:  li   r1, worker         ; one thread, made once
        li   r2, 0
        sys  thread_create
        mov  r1, r0
        sys  thread_join
report: li   r1, m_tot
        load r2, [total]
        call print_labeled
        li   r0, 0
        ret

; worker: runs every task in turn on the same thread
worker:
        li   r5, 0
wnext:  mov  r1, r5
        call task
        add  r5, r5, 1
        cmp  r5, TASKS
        blt  wnext
        ret

; task(r1 = i): total += the sum of row i % 4
task:
        and  r1, r1, 3          ; i % 4
        shl  r1, r1, 4          ; 16 bytes per row
        li   r2, rows
        add  r1, r1, r2
        load r2, [r1]
        load r3, [r1 + 4]
        add  r2, r2, r3
        load r3, [r1 + 8]
        add  r2, r2, r3
        load r3, [r1 + 12]
        add  r2, r2, r3
        li   r3, total
        fadd r4, r2, [r3]       ; total += row sum
        ret

        .include "lesson_print.s"
