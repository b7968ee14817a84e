; 07_tls.s — thread-local storage: one variable name, one copy per thread.
; `calls` is declared in .tls, so every thread gets its own copy (in its
; thread-local block, at the top of its stack slot) and reaches it as
; [tp + calls]: tp holds the address of *this* thread's block. Like C's
; `__thread int calls;` or `thread_local`, and like errno.
; Three threads each call note_call a different number of times (3, 5, 7),
; taking turns after every call (yield). Each counts in its own `calls`,
; with a plain load-add-store and no lock: no other thread can see that
; copy, so nothing can go wrong. The global `all_calls` is shared, so it
; is updated atomically (fadd). main never calls note_call: its copy stays 0.

        .data
all_calls: .word 0              ; one copy for the whole process
m_t:    .string "thread "
m_mine: .string ": my calls = "
m_main: .string "main: my calls = "
m_all:  .string "main: all_calls = "

        .tls
calls:  .word 0                 ; one copy per thread, at [tp + calls]

        .text
main:
        li   r1, work
        li   r2, 3
        sys  thread_create      ; work(3)
        mov  r5, r0
        li   r1, work
        li   r2, 5
        sys  thread_create      ; work(5)
        mov  r6, r0
        li   r1, work
        li   r2, 7
        sys  thread_create      ; work(7)
        mov  r7, r0
        mov  r1, r5
        sys  thread_join
        mov  r1, r6
        sys  thread_join
        mov  r1, r7
        sys  thread_join
        li   r1, m_main
        load r2, [tp + calls]   ; main's own copy: 0
        call print_labeled
        li   r1, m_all
        load r2, [all_calls]    ; 3 + 5 + 7 = 15
        call print_labeled
        li   r0, 0
        ret

; work(r1 = n): call note_call n times, letting the others run in between
work:
        mov  r5, r1
again:  call note_call
        sys  yield              ; let another thread run: they interleave
        sub  r5, r5, 1
        cmp  r5, 0
        bne  again
        li   r1, m_t
        sys  print_str
        sys  gettid
        mov  r1, r0
        sys  print_int
        li   r1, m_mine
        load r2, [tp + calls]   ; n: only this thread ever touched this copy
        call print_labeled
        ret

; note_call: count a call, per thread and in total
note_call:
        load r1, [tp + calls]   ; my copy (tp differs from thread to thread)
        add  r1, r1, 1
        store r1, [tp + calls]  ; no lock needed: nobody else can reach it by this name
        li   r2, all_calls
        li   r3, 1
        fadd r4, r3, [r2]       ; the shared total: atomic
        ret

        .include "lesson_print.s"
