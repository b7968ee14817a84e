; expect: the step limit of 1000 instructions was reached
; exit: 4
; args: --switch-cost 10000000 --timer 1 --max-steps 1000
; Two threads take turns at timer 1 and every switch costs 10 million
; cycles: the timer fires on each of those cycles. The run must end in
; about the time 1000 instructions take, not one host step per tick.
        .data
count:  .word 0

        .text
main:
        li   r1, worker
        li   r2, 0
        sys  thread_create
        mov  r5, r0
        li   r1, worker
        sys  thread_create
        mov  r6, r0
        mov  r1, r5
        sys  thread_join
        mov  r1, r6
        sys  thread_join
        li   r0, 0
        ret

worker:
        li   r2, 100000
again:
        load  r3, [count]
        add   r3, r3, 1
        store r3, [count]
        sub   r2, r2, 1
        cmp   r2, 0
        bne   again
        li    r0, 0
        ret
