; pizza_polling.s — the pizza analogy, form 2 of 3: non-blocking, polling.
; The same pizzeria as pizza_blocking.s. This time we never wait: between
; two chores we call the pizzeria (read_nb), which answers at once — the
; pizza, or WOULD_BLOCK ("not yet"). The chores get done while the pizza
; bakes, but every call costs a little, most calls are for nothing, and we
; only notice the pizza at our next call after it is ready.

        .equ BAKING, 400
        .equ CHORES, 8

        .data
rfd:     .word 0
wfd:     .word 0
called:  .word 0
got:     .word 0                        ; 1 once we have the pizza
calls:   .word 0
noticed: .word 0
m_order: .string "ordered a pizza at cycle "
m_poll:  .string "; between chores we call the pizzeria (read_nb)\n"
m_not:   .string "  call "
m_nyet:  .string ": not yet (WOULD_BLOCK)\n"
m_call:  .string "the pizzeria called at cycle "
m_ans:   .string "; we noticed at cycle "
m_on:    .string ", on call "
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
        li   r1, m_order
        sys  print_str
        sys  clock
        mov  r1, r0
        sys  print_int
        li   r1, m_poll
        sys  print_str

        li   r5, CHORES
again:  load r1, [got]
        cmp  r1, 0
        bne  work                       ; already have it: just the chores
        call phone                      ; "is my pizza ready?"
work:   cmp  r5, 0
        ble  left
        call do_chore
        sub  r5, r5, 1
left:   load r1, [got]
        cmp  r1, 0
        beq  again                      ; keep calling until it comes
        cmp  r5, 0
        bgt  again

        li   r1, m_call
        sys  print_str
        load r1, [called]
        sys  print_int
        li   r1, m_ans
        sys  print_str
        load r1, [noticed]
        sys  print_int
        li   r1, m_on
        sys  print_str
        load r1, [calls]
        sys  print_int
        li   r1, nl
        sys  print_str
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

; One call to the pizzeria: read_nb answers at once.
phone:  load r1, [calls]
        add  r1, r1, 1
        store r1, [calls]
        load r1, [rfd]
        li   r2, called
        li   r3, 4
        sys  read_nb
        cmp  r0, WOULD_BLOCK
        beq  not_yet
        sys  clock
        store r0, [noticed]
        li   r1, 1
        store r1, [got]
        ret
not_yet:
        li   r1, m_not
        sys  print_str
        load r1, [calls]
        sys  print_int
        li   r1, m_nyet
        sys  print_str
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
