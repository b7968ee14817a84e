; deadlock.s — two threads take two mutexes in opposite orders.
; Thread A locks `first` then `second`; thread B locks `second` then
; `first`. A `yield` between the two locks lets the other thread run at the
; worst moment: A holds first and waits for second, B holds second and
; waits for first. Nobody can go on. The kernel notices that every live
; thread is blocked, stops the machine and reports the wait-for cycle.
; The cure: take locks in one agreed order everywhere.

        .data
first:  .word 0                 ; mutex ids
second: .word 0
name1:  .string "first"
name2:  .string "second"
msg_a:  .string "A has first, wants second\n"
msg_b:  .string "B has second, wants first\n"
done:   .string "both done (never printed)\n"

        .text
main:
        li   r1, name1
        sys  mutex_create
        store r0, [first]
        li   r1, name2
        sys  mutex_create
        store r0, [second]
        li   r1, thread_a
        li   r2, 0
        sys  thread_create
        mov  r5, r0
        li   r1, thread_b
        sys  thread_create
        mov  r6, r0
        mov  r1, r5
        sys  thread_join
        mov  r1, r6
        sys  thread_join
        li   r1, done
        sys  print_str
        li   r0, 0
        ret

thread_a:
        load r1, [first]
        sys  mutex_lock         ; A owns first
        li   r1, msg_a
        sys  print_str
        sys  yield              ; let B run now
        load r1, [second]
        sys  mutex_lock         ; blocks: B owns second
        load r1, [second]
        sys  mutex_unlock
        load r1, [first]
        sys  mutex_unlock
        ret

thread_b:
        load r1, [second]
        sys  mutex_lock         ; B owns second
        li   r1, msg_b
        sys  print_str
        sys  yield
        load r1, [first]
        sys  mutex_lock         ; blocks: A owns first
        load r1, [first]
        sys  mutex_unlock
        load r1, [second]
        sys  mutex_unlock
        ret
