; 09_mutex.s — the racy counter fixed with a kernel mutex.
; mutex_lock lets one thread at a time into the critical section (load,
; add, store); a thread that finds the mutex taken blocks (it sleeps in the
; mutex's wait queue, see the sync panel) until the owner unlocks it. The
; timer may still switch threads inside the critical section, but the other
; thread cannot get in, so no update is lost: always 1000.

        .equ TIMES, 500

        .data
count:  .word 0
lock:   .word 0                 ; the mutex id
m_count: .string "count = "
m_want:  .string " (expected 1000)"

        .text
main:
        li   r1, 0
        sys  mutex_create
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
        li   r5, TIMES
again:  load  r1, [lock]
        sys   mutex_lock        ; wait here while the other thread is inside
        load  r3, [count]       ; the critical section: one thread at a time
        add   r3, r3, 1
        store r3, [count]
        load  r1, [lock]
        sys   mutex_unlock      ; let the other one in
        sub   r5, r5, 1
        cmp   r5, 0
        bne   again
        li    r0, 0
        ret
