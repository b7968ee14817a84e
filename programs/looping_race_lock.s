; looping_race_lock.s — the same loop as looping_race_nolock.s, with the
; update inside a critical section guarded by a spinlock built on `xchg`.
; xchg swaps a register with a word in memory in one indivisible step, so
; exactly one thread sees the old value 0 and gets the lock; the others see
; 1 and spin until the holder stores 0 again. No update is ever lost, on any
; timer period and any number of cores.
; Try:  glassbox-cli run programs/looping_race_lock.s --threads 2 --regs "r1=3;r1=3" \
;         --timer 2 --quantum 1 --switch-cost 0 --show count,lock --trace

        .data
count:  .word 0
lock:   .word 0                 ; 0 = free, 1 = taken

        .text
main:
        li    r4, lock
acquire:
        li    r3, 1
        xchg  r3, [r4]          ; atomically: r3 ← lock, lock ← 1
        cmp   r3, 0
        bne   acquire           ; it was already taken: try again
        load  r2, [count]       ; the critical section
        add   r2, r2, 1
        store r2, [count]
        li    r3, 0
        store r3, [lock]        ; release the lock
        sub   r1, r1, 1
        cmp   r1, 0
        bgt   acquire
        halt
