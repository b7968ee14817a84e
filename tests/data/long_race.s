; long_race.s — two threads add 1 to one counter 50,000 times each: a run
; of several hundred thousand cycles, a context switch every 100 cycles
; (thousands of stripes), for the density timeline's test.
        .data
count:  .word 0
        .text
main:   li   r1, worker
        li   r2, 0
        sys  thread_create
        mov  r5, r0
        li   r1, worker
        li   r2, 0
        sys  thread_create
        mov  r6, r0
        mov  r1, r5
        sys  thread_join
        mov  r1, r6
        sys  thread_join
        li   r0, 0
        ret
worker: li   r3, 50000
loop:   load r1, [count]
        add  r1, r1, 1
        store r1, [count]
        sub  r3, r3, 1
        cmp  r3, 0
        bne  loop
        ret
