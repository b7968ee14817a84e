; event_loop.s — one thread serves every client with a readiness wait (the
; epoll idea). The loop asks the kernel "which of my descriptors are ready?"
; (poll_wait), then handles exactly those: a new connection to accept, or a
; request to read, compute and answer. Nothing ever blocks except poll_wait
; itself, so a single thread keeps many connections going. Run it against
; more clients: glassbox-cli run programs/servers/event_loop.s --clients 8
;
; A request is 8 bytes: [request number, work]; the reply is
; [request number, result]. accept returns -1 once the load generator has
; finished, and the loop ends when the last connection has closed.

        .equ MAX_EVENTS, 16

        .data
lfd:      .word 0               ; the listening socket
set:      .word 0               ; the interest set
conns:    .word 0               ; connections still open
finished: .word 0               ; 1 once accept said no more clients will come
served:   .word 0
events:   .space MAX_EVENTS*8   ; poll_wait's list: (fd, events) pairs
request:  .space 8
msg1:     .string "event loop (1 thread): "
msg2:     .string " requests served, "
msg3:     .string " loop turns\n"
turns:    .word 0

        .text
main:   li   r1, 80
        sys  listen
        store r0, [lfd]
        sys  poll_create
        store r0, [set]
        load r1, [set]
        load r2, [lfd]
        li   r3, POLL_IN
        sys  poll_add           ; watch the listening socket for new clients

loop:   load r1, [finished]
        load r2, [conns]
        cmp  r1, 0
        beq  wait
        cmp  r2, 0
        beq  done               ; no more clients and every connection closed
wait:   load r1, [set]
        li   r2, events
        li   r3, MAX_EVENTS
        li   r4, FOREVER
        sys  poll_wait          ; sleep until something is ready; r0 = how many
        load r1, [turns]
        add  r1, r1, 1
        store r1, [turns]
        mov  r5, r0             ; r5 = ready count
        li   r6, events         ; r6 walks the list
next:   cmp  r5, 0
        ble  loop
        load r7, [r6]           ; the ready descriptor
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

done:   li   r1, msg1
        sys  print_str
        load r1, [served]
        sys  print_int
        li   r1, msg2
        sys  print_str
        load r1, [turns]
        sys  print_int
        li   r1, msg3
        sys  print_str
        li   r0, 0
        ret

; The listening socket is ready: a client waits to be accepted (or none will come).
on_accept:
        load r1, [lfd]
        sys  accept             ; does not wait: poll_wait said it is ready
        cmp  r0, 0
        blt  no_more
        mov  r2, r0
        load r1, [set]
        li   r3, POLL_IN
        sys  poll_add           ; watch the new connection for requests
        load r1, [conns]
        add  r1, r1, 1
        store r1, [conns]
        ret
no_more:
        li   r1, 1
        store r1, [finished]
        load r1, [set]
        load r2, [lfd]
        sys  poll_remove        ; stop watching the listening socket
        ret

; Connection r1 is readable: a request, or the client has closed (read gives 0).
on_readable:
        push r5
        mov  r5, r1
        li   r2, request
        li   r3, 8
        sys  read_nb            ; ready, so this does not wait
        cmp  r0, 0
        bgt  serve
        blt  out                ; WOULD_BLOCK: nothing after all
        load r1, [set]          ; 0: the client has closed
        mov  r2, r5
        sys  poll_remove
        mov  r1, r5
        sys  close
        load r1, [conns]
        sub  r1, r1, 1
        store r1, [conns]
        jmp  out
serve:  load r1, [request + 4]
        call compute            ; the request's work
        store r0, [request + 4]
        mov  r1, r5
        li   r2, request
        li   r3, 8
        sys  write              ; the reply
        load r1, [served]
        add  r1, r1, 1
        store r1, [served]
out:    pop  r5
        ret

; compute(n): n rounds of pretend work (4 cycles each); returns n
compute:
        mov  r0, r1
c_loop: cmp  r1, 0
        ble  c_done
        sub  r1, r1, 1
        jmp  c_loop
c_done: ret
