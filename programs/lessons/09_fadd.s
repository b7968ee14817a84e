; 09_fadd.s — the racy counter fixed with one atomic instruction.
; `fadd r3, r1, [r4]` reads the counter, adds r1 and writes it back as one
; indivisible step (fetch-and-add; C's atomic_fetch_add, x86's lock xadd).
; There is no "between the load and the store" for the timer to fall into,
; so no lock is needed at all. Always 1000.

        .equ TIMES, 500

        .data
count:  .word 0
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
        li   r4, count
        li   r1, 1
again:  fadd  r3, r1, [r4]      ; count += 1 in one step (r3 ← the old value)
        sub   r2, r2, 1
        cmp   r2, 0
        bne   again
        li    r0, 0
        ret
