; 09_semaphore.s — the racy counter fixed with a semaphore used as a lock.
; A semaphore holds a count. sem_wait (P) takes one, or blocks while it is
; 0; sem_post (V) gives one back, waking a waiter. Starting at 1, it lets
; one thread at a time through: a binary semaphore. (Starting at k, it
; would let k through: a limit on concurrent users, like a pool of k
; database connections.) Always 1000.

        .equ TIMES, 500

        .data
count:  .word 0
sem:    .word 0                 ; the semaphore id
m_count: .string "count = "
m_want:  .string " (expected 1000)"

        .text
main:
        li   r1, 1              ; initial value 1: one thread may enter
        li   r2, 0
        sys  sem_create
        store r0, [sem]
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
again:  load  r1, [sem]
        sys   sem_wait          ; P: 1 → 0, or wait while the other thread is inside
        load  r3, [count]
        add   r3, r3, 1
        store r3, [count]
        load  r1, [sem]
        sys   sem_post          ; V: 0 → 1, or hand it to the waiting thread
        sub   r5, r5, 1
        cmp   r5, 0
        bne   again
        li    r0, 0
        ret
