; 09_race.s — the racy counter: two threads add 1 to one global, TIMES each,
; and updates get lost.
; `count = count + 1` is three instructions: load, add, store. If the timer
; switches threads after one thread's load and before its store, the other
; thread's increments in between are overwritten when the first one stores
; its stale value + 1. Whether that happens depends on where the timer
; interrupts fall: try the timer periods 3, 7, 20 and 100.
; The fixes: 09_mutex.s, 09_spinlock.s, 09_fadd.s, 09_semaphore.s.

        .equ TIMES, 500

        .data
count:  .word 0                 ; shared by both threads
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
        load r1, [count]        ; 1000 only if no update was lost
        sys  print_int
        li   r1, m_want
        sys  print_str
        li   r1, '\n'
        sys  print_char
        li   r0, 0
        ret

worker:
        li   r2, TIMES
again:  load  r3, [count]       ; 1. read the shared counter into my register
        add   r3, r3, 1         ; 2. add one to my private copy
        store r3, [count]       ; 3. write it back: overwrites whatever was stored since step 1
        sub   r2, r2, 1
        cmp   r2, 0
        bne   again
        li    r0, 0
        ret
