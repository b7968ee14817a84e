; 05_long_task.s — a long task gets a thread of its own, so the rest of the
; program stays responsive.
; Think of a word processor: main is the user interface, printing a "tick"
; whenever it handles an event (here: every 300 cycles, TICKS times). The
; long task (adding up 1..N slowly) runs on its own thread, created once
; and alive exactly as long as the task. Both take turns on the one core,
; so the ticks keep coming while the task computes.
; Set DEDICATED to 0 and main does the long task itself first: no tick can
; happen until it is done, and the interface "freezes".

        .equ DEDICATED, 1       ; 1: the long task runs on its own thread; 0: main runs it
        .equ N, 150             ; the long task: 1 + 2 + ... + N, the slow way
        .equ TICKS, 12

        .data
result: .word 0
m_tick: .string "ui: tick "
m_done: .string "long task: done, sum = "

        .text
main:
        li   r5, 0              ; r5 = the long task's thread, if any
        li   r1, DEDICATED
        cmp  r1, 0
        beq  inline
        li   r1, long_task
        li   r2, 0
        sys  thread_create      ; a dedicated thread for the long task
        mov  r5, r0
        jmp  ui
inline: call long_task          ; main does it itself: nothing else happens meanwhile
ui:     li   r6, 1              ; the user interface loop
tick:   li   r1, m_tick
        mov  r2, r6
        call print_labeled      ; "handle an event"
        li   r1, 300
        sys  sleep              ; wait for the next event
        add  r6, r6, 1
        cmp  r6, TICKS
        ble  tick
        cmp  r5, 0
        beq  end
        mov  r1, r5
        sys  thread_join        ; the task's thread ends with the task
end:    li   r0, 0
        ret

; long_task: result = 1 + 2 + ... + N, adding one at a time with a slow loop
long_task:
        li   r1, 0              ; sum
        li   r2, 1              ; i
more:   add  r1, r1, r2
        li   r3, 5              ; some extra work per step, to make it long
slow:   sub  r3, r3, 1
        cmp  r3, 0
        bne  slow
        add  r2, r2, 1
        cmp  r2, N
        ble  more
        store r1, [result]
        li   r1, m_done
        load r2, [result]
        call print_labeled
        ret

        .include "lesson_print.s"
