; counter_fadd.s — race.s made correct with one atomic instruction.
; `fadd rd, rb, [ra]` (fetch-and-add) reads the word at [ra], adds rb and
; writes it back in one indivisible step, so no update can be lost and no
; lock is needed. The total is always 2000.

        .data
count:  .word 0
.equ TIMES, 1000

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
        load r1, [count]
        sys  print_int          ; 2000
        li   r1, '\n'
        sys  print_char
        li   r0, 0
        ret

worker:
        li   r2, TIMES
        li   r4, count
        li   r5, 1
again:
        fadd  r3, r5, [r4]      ; count += 1 atomically (r3 ← the old value)
        sub   r2, r2, 1
        cmp   r2, 0
        bne   again
        li    r0, 0
        ret
