; reactor.s — one loop thread and a pool of worker threads. The loop thread
; waits on the readiness wait (poll_wait) and reads each request, but it
; does not compute: it puts the request in a queue and goes straight back to
; waiting. Three workers take requests from the queue (a bounded buffer: a
; mutex and two semaphores, as producer_consumer.s), compute and reply. The
; loop stays responsive however long a request takes, and with more cores
; the workers compute side by side: try --cores 2 or --work 200.
;
; A request is 8 bytes: [request number, work]; the reply is
; [request number, result]. accept returns -1 once the load generator has
; finished; when the last connection closes, the loop gives each worker a
; "stop" item (fd -1) and joins them.

        .equ WORKERS, 3
        .equ SLOTS, 8                 ; queue slots of 16 bytes: fd, number, work, -
        .equ MAX_EVENTS, 16

        .data
lfd:      .word 0
set:      .word 0
conns:    .word 0
finished: .word 0
events:   .space MAX_EVENTS*8
request:  .space 8
queue:    .space SLOTS*16
head:     .word 0                     ; the next slot to take
tail:     .word 0                     ; the next slot to fill
lock:     .word 0                     ; mutex id
free:     .word 0                     ; semaphore: free slots
items:    .word 0                     ; semaphore: queued requests
tids:     .space WORKERS*4
served:   .space WORKERS*4            ; requests served by each worker
msg1:     .string "reactor: 1 loop thread + "
msg2:     .string " workers served "
msg3:     .string " requests ("
msg4:     .string "worker "
msg5:     .string ": "
msg6:     .string ", "
msg7:     .string ")\n"

        .text
main:   li   r1, 0
        sys  mutex_create
        store r0, [lock]
        li   r1, SLOTS
        li   r2, 0
        sys  sem_create
        store r0, [free]
        li   r1, 0
        li   r2, 0
        sys  sem_create
        store r0, [items]
        li   r5, 0                    ; start the workers
start:  li   r1, worker
        mov  r2, r5
        sys  thread_create
        shl  r3, r5, 2
        li   r4, tids
        add  r3, r3, r4
        store r0, [r3]
        add  r5, r5, 1
        cmp  r5, WORKERS
        blt  start

        li   r1, 80
        sys  listen
        store r0, [lfd]
        sys  poll_create
        store r0, [set]
        load r1, [set]
        load r2, [lfd]
        li   r3, POLL_IN
        sys  poll_add

loop:   load r1, [finished]
        load r2, [conns]
        cmp  r1, 0
        beq  wait
        cmp  r2, 0
        beq  stop
wait:   load r1, [set]
        li   r2, events
        li   r3, MAX_EVENTS
        li   r4, FOREVER
        sys  poll_wait                ; sleep until something is ready
        mov  r5, r0
        li   r6, events
next:   cmp  r5, 0
        ble  loop
        load r7, [r6]
        load r8, [lfd]
        cmp  r7, r8
        bne  client
        call on_accept
        jmp  advance
client: mov  r1, r7
        call on_readable
advance:
        add  r6, r6, 8
        sub  r5, r5, 1
        jmp  next

stop:   li   r5, 0                    ; one stop item per worker, then join them
stop1:  li   r1, -1
        li   r2, 0
        li   r3, 0
        call enqueue
        add  r5, r5, 1
        cmp  r5, WORKERS
        blt  stop1
        li   r5, 0
join:   shl  r3, r5, 2
        li   r4, tids
        add  r3, r3, r4
        load r1, [r3]
        sys  thread_join
        add  r5, r5, 1
        cmp  r5, WORKERS
        blt  join
        call report
        li   r0, 0
        ret

on_accept:
        load r1, [lfd]
        sys  accept
        cmp  r0, 0
        blt  no_more
        mov  r2, r0
        load r1, [set]
        li   r3, POLL_IN
        sys  poll_add
        load r1, [conns]
        add  r1, r1, 1
        store r1, [conns]
        ret
no_more:
        li   r1, 1
        store r1, [finished]
        load r1, [set]
        load r2, [lfd]
        sys  poll_remove
        ret

; Connection r1 is readable: hand the request to the workers, or close.
on_readable:
        push r5
        mov  r5, r1
        li   r2, request
        li   r3, 8
        sys  read_nb
        cmp  r0, 0
        bgt  hand_off
        blt  out
        load r1, [set]                ; 0: the client has closed
        mov  r2, r5
        sys  poll_remove
        mov  r1, r5
        sys  close
        load r1, [conns]
        sub  r1, r1, 1
        store r1, [conns]
        jmp  out
hand_off:
        mov  r1, r5                   ; enqueue(fd, number, work)
        load r2, [request]
        load r3, [request + 4]
        call enqueue
out:    pop  r5
        ret

; enqueue(fd, number, work): waits while the queue is full.
enqueue:
        push r5
        push r6
        push r7
        mov  r5, r1
        mov  r6, r2
        mov  r7, r3
        load r1, [free]
        sys  sem_wait                 ; a free slot
        load r1, [lock]
        sys  mutex_lock
        load r2, [tail]
        shl  r3, r2, 4
        li   r4, queue
        add  r3, r3, r4
        store r5, [r3]
        store r6, [r3 + 4]
        store r7, [r3 + 8]
        add  r2, r2, 1
        mod  r2, r2, SLOTS
        store r2, [tail]
        load r1, [lock]
        sys  mutex_unlock
        load r1, [items]
        sys  sem_post                 ; one more request to take
        pop  r7
        pop  r6
        pop  r5
        ret

; worker(i): take a request, compute, reply; until a stop item (fd -1).
worker: mov  r9, r1
        sub  sp, sp, 8                ; the reply buffer
w_loop: load r1, [items]
        sys  sem_wait                 ; a queued request
        load r1, [lock]
        sys  mutex_lock
        load r2, [head]
        shl  r3, r2, 4
        li   r4, queue
        add  r3, r3, r4
        load r5, [r3]                 ; fd
        load r6, [r3 + 4]             ; request number
        load r7, [r3 + 8]             ; work
        add  r2, r2, 1
        mod  r2, r2, SLOTS
        store r2, [head]
        load r1, [lock]
        sys  mutex_unlock
        load r1, [free]
        sys  sem_post
        cmp  r5, 0
        blt  w_exit
        mov  r1, r7
        call compute
        store r6, [sp]
        store r0, [sp + 4]
        mov  r1, r5
        mov  r2, sp
        li   r3, 8
        sys  write                    ; the reply
        shl  r3, r9, 2                ; served[i] += 1 (each worker its own counter)
        li   r4, served
        add  r3, r3, r4
        load r2, [r3]
        add  r2, r2, 1
        store r2, [r3]
        jmp  w_loop
w_exit: add  sp, sp, 8
        ret

report: li   r1, msg1
        sys  print_str
        li   r1, WORKERS
        sys  print_int
        li   r1, msg2
        sys  print_str
        li   r5, 0                    ; the total
        li   r6, 0
total:  shl  r3, r6, 2
        li   r4, served
        add  r3, r3, r4
        load r2, [r3]
        add  r5, r5, r2
        add  r6, r6, 1
        cmp  r6, WORKERS
        blt  total
        mov  r1, r5
        sys  print_int
        li   r1, msg3
        sys  print_str
        li   r6, 0
each:   cmp  r6, 0
        beq  first
        li   r1, msg6
        sys  print_str
first:  li   r1, msg4
        sys  print_str
        mov  r1, r6
        sys  print_int
        li   r1, msg5
        sys  print_str
        shl  r3, r6, 2
        li   r4, served
        add  r3, r3, r4
        load r1, [r3]
        sys  print_int
        add  r6, r6, 1
        cmp  r6, WORKERS
        blt  each
        li   r1, msg7
        sys  print_str
        ret

; compute(n): n rounds of pretend work (4 cycles each); returns n
compute:
        mov  r0, r1
c_loop: cmp  r1, 0
        ble  c_done
        sub  r1, r1, 1
        jmp  c_loop
c_done: ret
