; threads_share.s — what the threads of one process share, and what each
; keeps to itself.
; Shared: the code, the globals in .data, the heap. Private: each thread's
; registers, its stack, and its thread-local block (.tls, reached through
; the tp register). Two workers add their argument to a global and to a
; heap word (atomically, with fadd), and keep it in their own thread-local
; `mine`; main's `mine` stays 0.

        .data
total:  .word 0                 ; one copy for the whole process
block:  .word 0                 ; address of a heap block, shared as well
msg_total: .string "total (a global)     = "
msg_heap:  .string "heap word            = "
msg_mine:  .string "main's thread-local  = "
msg_t1:    .string "worker "
msg_t2:    .string ": its thread-local = "

        .tls
mine:   .word 0                 ; one copy per thread, at tp + mine

        .text
main:
        li   r1, 4
        li   r2, 0
        sys  malloc             ; r0 ← a 4-byte heap block
        store r0, [block]
        li   r1, worker
        li   r2, 10
        sys  thread_create      ; worker(10)
        mov  r5, r0
        li   r1, worker
        li   r2, 20
        sys  thread_create      ; worker(20)
        mov  r6, r0
        mov  r1, r5
        sys  thread_join
        mov  r1, r6
        sys  thread_join
        li   r1, msg_total
        sys  print_str
        load r1, [total]        ; 10 + 20: both threads wrote the same global
        call print_line
        li   r1, msg_heap
        sys  print_str
        load r2, [block]
        load r1, [r2]           ; 2: both threads added 1 to the same heap word
        call print_line
        li   r1, msg_mine
        sys  print_str
        load r1, [tp + mine]    ; 0: the workers changed their own copies
        call print_line
        li   r0, 0
        ret

; worker(r1 = amount)
worker:
        store r1, [tp + mine]   ; my thread-local copy
        li   r2, total
        fadd r3, r1, [r2]       ; total += amount, atomically
        load r2, [block]
        li   r4, 1
        fadd r3, r4, [r2]       ; heap word += 1
        sys  gettid
        mov  r5, r0
        li   r1, msg_t1
        sys  print_str
        mov  r1, r5
        sys  print_int
        li   r1, msg_t2
        sys  print_str
        load r1, [tp + mine]
        call print_line
        li   r0, 0
        ret                     ; returning from a thread's function ends the thread

; print_line(r1): print a number and a newline
print_line:
        sys  print_int
        li   r1, '\n'
        sys  print_char
        ret
