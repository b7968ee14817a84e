; 12_db_coroutine.s — the web server of lesson 12, a third way: the same
; event loop and the same slow "database" as db_sync.s and db_async.s, but
; each connection is served by a coroutine (lib/coro.s) whose handler
; reads top to bottom like the synchronous one:
;     loop: await a request; work ABC; record = await db.read(); work DEF; reply
; "await" starts the operation and yields back to the loop; the loop
; resumes the coroutine when the connection is readable or when its
; database read has completed. Like db_async, several reads are in flight
; at once and the one thread never sleeps on the disk; like db_sync, there
; is no callback and no hand-made context block: the request and the
; record live on the coroutine's own stack. This is async/await.
;
; A request is 8 bytes: [request number, work]; the reply is
; [request number, record + result]. Request n reads record n mod 16.

        .equ MAX_EVENTS, 16
        .equ RECORDS, 16
        .equ MAX_FDS, 32
        .equ IDS, 64                    ; request ids in flight, by id mod 64

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
inflight: .word 0                       ; database reads awaited right now
most:     .word 0                       ; the most at once
events:   .space MAX_EVENTS*8
co_of:    .space MAX_FDS*4              ; the coroutine serving each descriptor
wait_id:  .space MAX_FDS*4              ; the database read it awaits (0: none)
awaiter:  .space IDS*4                  ; the connection awaiting each read
msg1:     .string "database server, coroutines: "
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

; The event loop: the only code that waits.
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
        call on_completions
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

; A new client: a coroutine for it, run up to its first await.
on_accept:
        load r1, [lfd]
        sys  accept
        cmp  r0, 0
        blt  no_more
        push r0
        mov  r2, r0
        load r1, [set]
        li   r3, POLL_IN
        sys  poll_add
        load r1, [conns]
        add  r1, r1, 1
        store r1, [conns]
        pop  r2                         ; the coroutine's argument: the connection
        push r2
        li   r1, handler
        call co_create
        pop  r2
        shl  r2, r2, 2
        li   r1, co_of
        add  r2, r2, r1
        store r0, [r2]
        mov  r1, r0
        call resume
        ret
no_more:
        li   r1, 1
        store r1, [finished]
        load r1, [set]
        load r2, [lfd]
        sys  poll_remove
        ret

; A connection is readable: resume its coroutine (unless it awaits the disk).
on_readable:
        shl  r2, r1, 2
        li   r3, wait_id
        add  r3, r3, r2
        load r3, [r3]
        cmp  r3, 0
        bne  r_out
        li   r3, co_of
        add  r3, r3, r2
        load r1, [r3]
        call resume
r_out:  ret

; Finished database reads: collect each one and resume the coroutine that
; awaits it, until none is left.
on_completions:
        li   r1, 0
        sys  async_collect              ; r0 = bytes read, r1 = the request id
        cmp  r0, 0
        blt  oc_out                     ; WOULD_BLOCK: none left (-1: none in flight)
        and  r1, r1, IDS - 1
        shl  r1, r1, 2
        li   r2, awaiter
        add  r1, r1, r2
        load r2, [r1]                   ; the connection whose coroutine awaits it
        li   r3, 0
        store r3, [r1]
        shl  r2, r2, 2
        li   r3, wait_id
        add  r3, r3, r2
        li   r4, 0
        store r4, [r3]                  ; no longer awaited
        li   r3, co_of
        add  r3, r3, r2
        load r1, [r3]
        call resume
        jmp  on_completions
oc_out: ret

; handler(record): one connection, written as if every call were
; synchronous. r5 = the connection, r7 = this coroutine (kept across yields);
; the request and the record are on the coroutine's own stack.
handler:
        mov  r7, r1
        load r5, [r7 + CO_ARG]
        sub  sp, sp, 12                 ; [number, work, record]
h_next: mov  r1, r7
        call yield                      ; await the next request
        mov  r1, r5
        mov  r2, sp
        li   r3, 8
        sys  read_nb
        cmp  r0, 0
        blt  h_next                     ; nothing after all: await again
        beq  h_end                      ; the client closed
        load r2, [sp]                   ; work ABC: find the record's place
        mod  r2, r2, RECORDS
        shl  r2, r2, 2
        load r1, [dbfd]
        sys  seek
        load r1, [dbfd]
        add  r2, sp, 8
        li   r3, 4
        li   r4, 0
        sys  read_async                 ; start the database read: r0 = request id
        shl  r1, r5, 2
        li   r2, wait_id
        add  r1, r1, r2
        store r0, [r1]                  ; what we await
        and  r0, r0, IDS - 1
        shl  r0, r0, 2
        li   r1, awaiter
        add  r1, r1, r0
        store r5, [r1]                  ; and who awaits it
        load r1, [inflight]
        add  r1, r1, 1
        store r1, [inflight]
        load r2, [most]
        cmp  r1, r2
        ble  h_await
        store r1, [most]
h_await:
        mov  r1, r7
        call yield                      ; record = await db.read(): the loop serves others
        load r1, [inflight]
        sub  r1, r1, 1
        store r1, [inflight]
        load r1, [sp + 4]               ; work DEF: compute with the record
        call compute
        load r1, [sp + 8]
        add  r0, r0, r1
        store r0, [sp + 4]
        mov  r1, r5
        mov  r2, sp
        li   r3, 8
        sys  write                      ; the reply
        load r1, [served]
        add  r1, r1, 1
        store r1, [served]
        jmp  h_next
h_end:  load r1, [set]
        mov  r2, r5
        sys  poll_remove
        mov  r1, r5
        sys  close
        load r1, [conns]
        sub  r1, r1, 1
        store r1, [conns]
        add  sp, sp, 12
        ret                             ; the coroutine ends (co_finish)

; compute(n): n rounds of pretend work (4 cycles each); returns n
compute:
        mov  r0, r1
c_loop: cmp  r1, 0
        ble  c_done
        sub  r1, r1, 1
        jmp  c_loop
c_done: ret

        .include "coro.s"
