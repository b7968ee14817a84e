; counter_mutex.s — race.s made correct with a kernel mutex.
; Two threads add 1 to the same global counter, 1000 times each, but every
; load-add-store happens while holding the mutex. A thread that finds the
; mutex taken blocks in the kernel (it does not spin) and gets the mutex
; handed over when the owner unlocks. The total is always 2000.

        .data
count:  .word 0
lock:   .word 0                 ; the mutex's id, from mutex_create
name:   .string "count_lock"
.equ TIMES, 1000

        .text
main:
        li   r1, name
        sys  mutex_create       ; r0 ← the new mutex's id
        store r0, [lock]
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
        sys  print_int          ; 2000, whatever the timer does
        li   r1, '\n'
        sys  print_char
        li   r0, 0
        ret

worker:
        li   r2, TIMES
again:
        load  r1, [lock]
        sys   mutex_lock        ; wait until this thread owns the mutex
        load  r3, [count]       ; the critical section: nobody else is in here
        add   r3, r3, 1
        store r3, [count]
        load  r1, [lock]
        sys   mutex_unlock      ; the first waiter (if any) gets it now
        sub   r2, r2, 1
        cmp   r2, 0
        bne   again
        li    r0, 0
        ret
