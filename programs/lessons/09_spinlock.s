; 09_spinlock.s — the racy counter fixed with a spinlock built on xchg.
; `xchg r1, [r4]` swaps a register with the lock word in one indivisible
; step: the thread writes 1 and gets back what was there. 0 means the lock
; was free and is now ours; 1 means someone holds it, so try again (spin).
; No kernel call at all, but a waiting thread burns its time slice spinning
; (watch the other thread's slices in the timeline). Always 1000.

        .equ TIMES, 500

        .data
count:  .word 0
lock:   .word 0                 ; 0 = free, 1 = held
m_count: .string "count = "
m_want:  .string " (expected 1000)"

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
        li   r1, m_count
        sys  print_str
        load r1, [count]        ; always 1000
        sys  print_int
        li   r1, m_want
        sys  print_str
        li   r1, '\n'
        sys  print_char
        li   r0, 0
        ret

worker:
        li   r2, TIMES
        li   r4, lock
again:
spin:   li    r1, 1
        xchg  r1, [r4]          ; r1 ← old lock, lock ← 1, as one step
        cmp   r1, 0
        bne   spin              ; it was held: try again
        load  r3, [count]       ; the critical section
        add   r3, r3, 1
        store r3, [count]
        li    r1, 0
        store r1, [lock]        ; release: a plain store of 0
        sub   r2, r2, 1
        cmp   r2, 0
        bne   again
        li    r0, 0
        ret
