; 04_threads.s — one process, three threads: what they share and what each
; keeps to itself.
; main starts two threads at the same function, `worker`, with different
; arguments (10 and 20). Shared by all threads of the process: the code
; (both run the very same instructions), the globals (`total`) and the heap
; (the block at `block`). Private to each thread: its registers, PC and SP
; (the thread context, saved and restored at every switch) and its stack,
; so the local variable `mine` lives at a different address in each.
; The workers sleep for a while in the middle, so both are alive at once:
; stop there (about 35 steps) and look at the address space.

        .data
total:  .word 0                 ; one global: every thread sees the same word
block:  .word 0                 ; the address of a heap block, shared as well
lock:   .word 0                 ; a mutex id, so that lines print whole
m_t:    .string "thread "
m_loc:  .string ": my local `mine` is at "
m_glob: .string ", the global `total` at "
m_tot:  .string "main: total = "
m_heap: .string "main: the heap block holds "
m_and:  .string " and "
m_lbl:  .string "two slots"

        .text
main:
        li   r1, 0
        sys  mutex_create
        store r0, [lock]
        li   r1, 8
        li   r2, m_lbl
        sys  malloc             ; a heap block of two words
        store r0, [block]
        li   r1, worker
        li   r2, 10
        sys  thread_create      ; worker(10): a new thread, a new stack
        mov  r5, r0
        li   r1, worker
        li   r2, 20
        sys  thread_create      ; worker(20): the same code, another thread
        mov  r6, r0
        mov  r1, r5
        sys  thread_join
        mov  r1, r6
        sys  thread_join
        li   r1, m_tot
        load r2, [total]        ; 30: both threads added to the same global
        call print_labeled
        li   r1, m_heap
        sys  print_str
        load r7, [block]
        load r1, [r7]           ; 10, written by the first worker
        sys  print_int
        li   r1, m_and
        sys  print_str
        load r1, [r7 + 4]       ; 20, written by the second
        sys  print_int
        call print_newline
        li   r0, 0
        ret

; worker(r1 = amount): runs twice at once, once in each thread
worker:
        enter 4                 ; a local variable `mine`, on THIS thread's stack
        store r1, [fp - 4]      ; mine = amount
        mov  r5, r1             ; r5 is private too: every thread has its own registers
        li   r2, total
        fadd r3, r5, [r2]       ; total += amount (atomically: lesson 9 explains why)
        li   r1, 60
        sys  sleep              ; both workers are alive now: look at their stacks
        load r2, [block]        ; the shared heap block
        div  r3, r5, 10         ; slot 1 or 2
        sub  r3, r3, 1
        shl  r3, r3, 2
        add  r2, r2, r3
        store r5, [r2]          ; each worker fills its own slot of the shared block
        load r1, [lock]
        sys  mutex_lock         ; print one whole line at a time
        li   r1, m_t
        sys  print_str
        sys  gettid
        mov  r1, r0
        sys  print_int
        li   r1, m_loc
        sys  print_str
        sub  r1, fp, 4          ; the address of `mine`
        call print_hex
        li   r1, m_glob
        sys  print_str
        li   r1, total
        call print_hex
        call print_newline
        load r1, [lock]
        sys  mutex_unlock
        li   r0, 0
        leave
        ret                     ; the thread ends; its stack goes away

        .include "lesson_print.s"
