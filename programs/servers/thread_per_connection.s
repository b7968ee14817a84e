; thread_per_connection.s — one thread per client, blocking calls. The main
; thread waits in accept; each client gets a new thread that reads a
; request (read blocks: the thread sleeps, "blocked on I/O", until the
; request arrives), computes, writes the reply, and reads again. While one
; thread waits, the kernel runs the others. The code is the simplest of all
; the servers, but every client costs a thread (a stack, a context switch):
; a process may have at most 8, so try --clients 10 and watch it stop.
;
; A request is 8 bytes: [request number, work]; the reply is
; [request number, result]. accept returns -1 once the load generator has
; finished; main then joins the workers.

        .equ MAX_WORKERS, 16

        .data
lfd:      .word 0
nworkers: .word 0
tids:     .space MAX_WORKERS*4
served:   .word 0               ; requests served by all workers (fetch-and-add)
msg1:     .string "thread-per-connection: "
msg2:     .string " requests served by "
msg3:     .string " threads\n"

        .text
main:   li   r1, 80
        sys  listen
        store r0, [lfd]
accept_loop:
        load r1, [lfd]
        sys  accept             ; sleeps until a client connects; -1: no more will come
        cmp  r0, 0
        blt  no_more
        mov  r2, r0             ; the new thread's argument: the connection's fd
        li   r1, worker
        sys  thread_create
        cmp  r0, 0
        blt  no_more            ; the thread limit (the machine stops to say so)
        load r3, [nworkers]
        shl  r4, r3, 2
        li   r6, tids
        add  r4, r4, r6
        store r0, [r4]          ; tids[nworkers] = the new thread
        add  r3, r3, 1
        store r3, [nworkers]
        jmp  accept_loop

no_more:
        li   r5, 0              ; join every worker
join:   load r3, [nworkers]
        cmp  r5, r3
        bge  report
        shl  r4, r5, 2
        li   r6, tids
        add  r4, r4, r6
        load r1, [r4]
        sys  thread_join
        add  r5, r5, 1
        jmp  join
report: li   r1, msg1
        sys  print_str
        load r1, [served]
        sys  print_int
        li   r1, msg2
        sys  print_str
        load r1, [nworkers]
        sys  print_int
        li   r1, msg3
        sys  print_str
        li   r0, 0
        ret

; worker(fd): serves one connection until the client closes it.
worker: mov  r5, r1             ; r5 = the connection
        sub  sp, sp, 8          ; the request buffer, on this thread's stack
w_next: mov  r1, r5
        mov  r2, sp
        li   r3, 8
        sys  read               ; blocks until the next request (0: the client closed)
        cmp  r0, 0
        ble  w_done
        load r1, [sp + 4]
        call compute            ; the request's work
        store r0, [sp + 4]
        mov  r1, r5
        mov  r2, sp
        li   r3, 8
        sys  write              ; the reply
        li   r1, served
        li   r2, 1
        fadd r3, r2, [r1]       ; served += 1, atomically (the workers share it)
        jmp  w_next
w_done: mov  r1, r5
        sys  close
        add  sp, sp, 8
        ret

; compute(n): n rounds of pretend work (4 cycles each); returns n
compute:
        mov  r0, r1
c_loop: cmp  r1, 0
        ble  c_done
        sub  r1, r1, 1
        jmp  c_loop
c_done: ret
