; db_sync.s — an event loop whose handler asks a slow "database" (a file
; on the disk) synchronously. Each request needs one record: the handler
; seeks to it and calls read, which blocks the whole thread for the disk's
; latency (300..400 cycles). While it waits, nobody else is served — the
; one loop thread is the only thread — so requests queue up behind the disk.
; Compare db_async.s on the same load (same seed): same work, same disk,
; a very different throughput.
;
; A request is 8 bytes: [request number, work]; the reply is
; [request number, record + result]. The database has 16 records; request
; n reads record n mod 16.

        .equ MAX_EVENTS, 16
        .equ RECORDS, 16

        .data
dbname:   .string "db"
table:    .word 100, 101, 102, 103, 104, 105, 106, 107
          .word 108, 109, 110, 111, 112, 113, 114, 115
dbfd:     .word 0
lfd:      .word 0
set:      .word 0
conns:    .word 0
finished: .word 0
served:   .word 0
waited:   .word 0               ; cycles the loop spent waiting for the disk
events:   .space MAX_EVENTS*8
request:  .space 8
record:   .word 0
msg1:     .string "database server, synchronous: "
msg2:     .string " requests served; the loop thread waited "
msg3:     .string " cycles for the disk\n"

        .text
main:   li   r1, dbname         ; make the database: 16 records, one disk write
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
        load r1, [waited]
        sys  print_int
        li   r1, msg3
        sys  print_str
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

on_readable:
        push r5
        mov  r5, r1
        li   r2, request
        li   r3, 8
        sys  read_nb
        cmp  r0, 0
        bgt  serve
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
serve:  load r2, [request]      ; ask the database for record (number mod 16)
        mod  r2, r2, RECORDS
        shl  r2, r2, 2
        load r1, [dbfd]
        sys  seek
        sys  clock
        mov  r9, r0
        load r1, [dbfd]
        li   r2, record
        li   r3, 4
        sys  read               ; blocks: the whole server waits for the disk
        sys  clock
        sub  r0, r0, r9
        load r1, [waited]
        add  r1, r1, r0
        store r1, [waited]
        load r1, [request + 4]
        call compute
        load r1, [record]
        add  r0, r0, r1
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
