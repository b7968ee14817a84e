; counter_spin.s — race.s made correct with a spinlock built on xchg.
; `xchg r, [lock]` swaps a register with the lock word in one indivisible
; step. A thread writes 1 and looks at what was there: 0 means it got the
; lock; 1 means someone holds it, so it tries again (it spins, burning its
; time slice, where a mutex would block). The total is always 2000.

        .data
count:  .word 0
lock:   .word 0                 ; 0 = free, 1 = held
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
        li   r4, lock
again:
spin:   li    r1, 1
        xchg  r1, [r4]          ; r1 ← old lock, lock ← 1, atomically
        cmp   r1, 0
        bne   spin              ; it was held: spin
        load  r3, [count]       ; the critical section
        add   r3, r3, 1
        store r3, [count]
        li    r1, 0
        store r1, [lock]        ; release
        sub   r2, r2, 1
        cmp   r2, 0
        bne   again
        li    r0, 0
        ret
