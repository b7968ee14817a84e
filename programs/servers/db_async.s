; db_async.s — the same event loop and the same slow "database" as
; db_sync.s, but the handler asks asynchronously, with a callback: it
; starts the read (read_async, naming the function on_record to call when
; the record has come) and goes straight back to the loop, which serves
; other clients meanwhile. The loop also watches ASYNC_QUEUE, the queue of
; finished requests: when it is ready, async_collect runs on_record for
; each finished read — the callback — which computes and replies. Several
; database reads are in flight at once. Run both on the same load and
; compare throughput and latency:
;   glassbox-cli run programs/servers/db_sync.s --clients 6
;   glassbox-cli run programs/servers/db_async.s --clients 6
;
; A request is 8 bytes: [request number, work]; the reply is
; [request number, record + result]. Request n reads record n mod 16.
; Each connection has a context block (the callback's "closure"): fd,
; request number, work, and the 4-byte record the disk fills in. The
; callback gets the record's address (r3) and finds its context from it.

        .equ MAX_EVENTS, 16
        .equ RECORDS, 16
        .equ CTX, 16                    ; context block: fd, number, work, record

        .data
dbname:   .string "db"
table:    .word 100, 101, 102, 103, 104, 105, 106, 107
          .word 108, 109, 110, 111, 112, 113, 114, 115
dbfd:     .word 0
lfd:      .word 0
set:      .word 0
conns:    .word 0                       ; connections still open
finished: .word 0
served:   .word 0
inflight: .word 0                       ; database reads started, not yet called back
most:     .word 0                       ; the most in flight at once
events:   .space MAX_EVENTS*8
request:  .space 8
reply:    .space 8
contexts: .space 32*CTX                 ; one per descriptor number
msg1:     .string "database server, asynchronous: "
msg2:     .string " requests served; up to "
msg3:     .string " database reads in flight at once\n"

        .text
main:   li   r1, dbname                 ; make the database: 16 records, one disk write
        li   r2, O_CREATE + O_TRUNC
        sys  open
        store r0, [dbfd]
        mov  r1, r0
        li   r2, table
        li   r3, RECORDS*4
        sys  write
        li   r1, 80
        sys  listen
        store r0, [lfd]
        sys  poll_create
        store r0, [set]
        load r1, [set]
        load r2, [lfd]
        li   r3, POLL_IN
        sys  poll_add
        load r1, [set]
        li   r2, ASYNC_QUEUE
        li   r3, POLL_IN
        sys  poll_add                   ; also wake up when a database read has finished

loop:   load r1, [finished]
        load r2, [conns]
        cmp  r1, 0
        beq  wait
        cmp  r2, 0
        beq  done
wait:   load r1, [set]
        li   r2, events
        li   r3, MAX_EVENTS
        li   r4, FOREVER
        sys  poll_wait
        mov  r5, r0
        li   r6, events
next:   cmp  r5, 0
        ble  loop
        load r7, [r6]
        cmp  r7, ASYNC_QUEUE
        bne  not_q
        call run_callbacks
        jmp  advance
not_q:  load r8, [lfd]
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
        load r1, [most]
        sys  print_int
        li   r1, msg3
        sys  print_str
        li   r0, 0
        ret

; Finished database reads: each async_collect runs one callback (which
; returns 0), until none is left (WOULD_BLOCK).
run_callbacks:
        li   r1, 0
        sys  async_collect
        cmp  r0, 0
        beq  run_callbacks
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

on_readable:
        push r5
        mov  r5, r1
        li   r2, request
        li   r3, 8
        sys  read_nb
        cmp  r0, 0
        bgt  start
        blt  out
        load r1, [set]
        mov  r2, r5
        sys  poll_remove
        mov  r1, r5
        sys  close
        load r1, [conns]
        sub  r1, r1, 1
        store r1, [conns]
        jmp  out
start:  shl  r4, r5, 4                  ; r4 = this connection's context block
        li   r1, contexts
        add  r4, r4, r1
        store r5, [r4]                  ; remember what the callback will need
        load r1, [request]
        store r1, [r4 + 4]
        load r1, [request + 4]
        store r1, [r4 + 8]
        load r2, [request]              ; seek to record (number mod 16)
        mod  r2, r2, RECORDS
        shl  r2, r2, 2
        load r1, [dbfd]
        sys  seek
        load r1, [dbfd]
        add  r2, r4, 12                 ; the disk fills in the context's record
        li   r3, 4
        li   r4, on_record              ; call on_record when it is done
        sys  read_async                 ; returns at once: back to the loop
        load r1, [inflight]
        add  r1, r1, 1
        store r1, [inflight]
        load r2, [most]
        cmp  r1, r2
        ble  out
        store r1, [most]
out:    pop  r5
        ret

; on_record(request id, bytes read, address of the record): the callback.
; It runs on the loop thread, inside async_collect; it keeps r5..r8 for the
; loop and returns 0.
on_record:
        push r5
        push r6
        push r7
        push r8
        sub  r5, r3, 12                 ; the context block
        load r1, [r5 + 8]
        call compute                    ; the request's work
        load r1, [r5 + 12]
        add  r0, r0, r1                 ; record + result
        load r1, [r5 + 4]
        store r1, [reply]
        store r0, [reply + 4]
        load r1, [r5]
        li   r2, reply
        li   r3, 8
        sys  write                      ; the reply
        load r1, [served]
        add  r1, r1, 1
        store r1, [served]
        load r1, [inflight]
        sub  r1, r1, 1
        store r1, [inflight]
        pop  r8
        pop  r7
        pop  r6
        pop  r5
        li   r0, 0
        ret

; compute(n): n rounds of pretend work (4 cycles each); returns n
compute:
        mov  r0, r1
c_loop: cmp  r1, 0
        ble  c_done
        sub  r1, r1, 1
        jmp  c_loop
c_done: ret
