; 14_fork_server.s — multi-process: a process per connection (the oldest
; server design: Apache's prefork, inetd). The parent waits in accept; for
; each client it forks. fork copies the descriptor table, so the child holds
; the connection too: it serves it with blocking read and write until the
; client closes, then exits. The parent closes its own copy of the
; connection (the connection stays open while the child holds it) and
; accepts the next client. Processes share no memory, so the child reports
; how many requests it served through its exit code, and the parent adds
; them up with wait.
;
; A request is 8 bytes: [request number, work]; the reply is
; [request number, result]. accept returns -1 once the load generator has
; finished.

        .data
lfd:      .word 0
children: .word 0
served:   .word 0
msg1:     .string "process-per-connection: "
msg2:     .string " requests served by "
msg3:     .string " child processes\n"

        .text
main:   li   r1, 80
        sys  listen
        store r0, [lfd]
accept_loop:
        load r1, [lfd]
        sys  accept             ; sleeps until a client connects; -1: no more will come
        cmp  r0, 0
        blt  no_more
        mov  r5, r0             ; r5 = the connection
        sys  fork               ; the child gets a copy of every descriptor
        cmp  r0, 0
        beq  child
        mov  r1, r5             ; parent: the child serves it, close our copy
        sys  close
        load r1, [children]
        add  r1, r1, 1
        store r1, [children]
        jmp  accept_loop

no_more:
        load r5, [children]     ; reap every child, adding up what it served
reap:   cmp  r5, 0
        ble  report
        li   r1, 0
        sys  wait               ; r0 = the child's pid, r1 = its exit code
        load r2, [served]
        add  r2, r2, r1
        store r2, [served]
        sub  r5, r5, 1
        jmp  reap
report: li   r1, msg1
        sys  print_str
        load r1, [served]
        sys  print_int
        li   r1, msg2
        sys  print_str
        load r1, [children]
        sys  print_int
        li   r1, msg3
        sys  print_str
        li   r0, 0
        ret

; The child: a process of its own, with the connection in r5.
child:  load r1, [lfd]          ; it will never accept: close its listening copy
        sys  close
        li   r6, 0              ; requests served
        sub  sp, sp, 8          ; the request buffer
c_next: mov  r1, r5
        mov  r2, sp
        li   r3, 8
        sys  read               ; blocks until the next request (0: the client closed)
        cmp  r0, 0
        ble  c_done
        load r1, [sp + 4]
        call compute            ; the request's work
        store r0, [sp + 4]
        mov  r1, r5
        mov  r2, sp
        li   r3, 8
        sys  write              ; the reply
        add  r6, r6, 1
        jmp  c_next
c_done: mov  r1, r5
        sys  close
        mov  r1, r6
        sys  exit               ; the exit code carries the count to the parent

; compute(n): n rounds of pretend work (4 cycles each); returns n
compute:
        mov  r0, r1
k_loop: cmp  r1, 0
        ble  k_done
        sub  r1, r1, 1
        jmp  k_loop
k_done: ret
