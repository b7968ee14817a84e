; pizza_async.s — the pizza analogy, form 3 of 3: asynchronous, with a
; callback. The same pizzeria as pizza_blocking.s. We place the order once
; with read_async, naming on_pizza as the function to call when the pizza
; comes, and go straight to the chores. The kernel takes the call while we
; work and puts the pizza in our buffer; we never wait by the phone and
; never call. When the chores are done, async_wait finds the order already
; complete and runs on_pizza at once.

        .equ BAKING, 400
        .equ CHORES, 8

        .data
rfd:     .word 0
wfd:     .word 0
called:  .word 0
request: .word 0
m_order: .string "ordered a pizza at cycle "
m_async: .string " with read_async (request "
m_then:  .string "), handler on_pizza; now the chores\n"
m_cb:    .string "on_pizza: the pizzeria called at cycle "
m_ran:   .string "; the handler runs at cycle "
m_done:  .string " chores done, all finished at cycle "
nl:      .string "\n"

        .text
main:   sys  pipe
        store r0, [rfd]
        store r1, [wfd]
        sys  fork
        cmp  r0, 0
        beq  pizzeria
        load r1, [wfd]
        sys  close
        sys  clock
        mov  r5, r0
        load r1, [rfd]
        li   r2, called
        li   r3, 4
        li   r4, on_pizza
        sys  read_async                 ; returns at once with a request id
        store r0, [request]
        li   r1, m_order
        sys  print_str
        mov  r1, r5
        sys  print_int
        li   r1, m_async
        sys  print_str
        load r1, [request]
        sys  print_int
        li   r1, m_then
        sys  print_str

        li   r5, CHORES
chore:  call do_chore
        sub  r5, r5, 1
        cmp  r5, 0
        bgt  chore

        load r1, [request]
        sys  async_wait                 ; already complete: on_pizza runs now
        li   r1, CHORES
        sys  print_int
        li   r1, m_done
        sys  print_str
        sys  clock
        mov  r1, r0
        sys  print_int
        li   r1, nl
        sys  print_str
        li   r1, 0
        sys  wait
        li   r0, 0
        ret

; on_pizza(request id, bytes read, buffer): the callback.
on_pizza:
        li   r1, m_cb
        sys  print_str
        load r1, [called]
        sys  print_int
        li   r1, m_ran
        sys  print_str
        sys  clock
        mov  r1, r0
        sys  print_int
        li   r1, nl
        sys  print_str
        li   r0, 0
        ret

pizzeria:
        load r1, [rfd]
        sys  close
        li   r1, BAKING
        sys  sleep
        sys  clock
        store r0, [called]
        load r1, [wfd]
        li   r2, called
        li   r3, 4
        sys  write
        li   r0, 0
        ret

; One chore: 25 rounds of work (about 100 cycles).
do_chore:
        li   r1, 25
ch_loop:
        sub  r1, r1, 1
        cmp  r1, 0
        bgt  ch_loop
        ret
