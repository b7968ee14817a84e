; pizza_blocking.s — the pizza analogy, form 1 of 3: blocking. We order a
; pizza (a child process, the pizzeria, bakes it for 400 cycles and then
; "calls" by writing into a pipe), then wait by the phone: `read` blocks,
; and our thread sleeps in the state "blocked on I/O" until the call comes.
; Only then do we do our 8 chores. Nothing is wasted on calling, but the
; whole wait is lost. Compare pizza_polling.s and pizza_async.s, which do
; the same chores with the same pizzeria.

        .equ BAKING, 400                ; cycles the pizzeria needs
        .equ CHORES, 8

        .data
rfd:     .word 0
wfd:     .word 0
ordered: .word 0
called:  .word 0                        ; the pizzeria writes the cycle it called at
m_order: .string "ordered a pizza at cycle "
m_wait:  .string ", then waited by the phone (read blocks)\n"
m_call:  .string "the pizzeria called at cycle "
m_ans:   .string "; we answered at cycle "
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
        sys  close                      ; only the pizzeria writes
        sys  clock
        store r0, [ordered]
        li   r1, m_order
        sys  print_str
        load r1, [ordered]
        sys  print_int
        li   r1, m_wait
        sys  print_str

        load r1, [rfd]
        li   r2, called
        li   r3, 4
        sys  read                       ; wait by the phone: blocked until the call
        sys  clock
        mov  r5, r0
        li   r1, m_call
        sys  print_str
        load r1, [called]
        sys  print_int
        li   r1, m_ans
        sys  print_str
        mov  r1, r5
        sys  print_int
        li   r1, nl
        sys  print_str

        li   r5, CHORES                 ; now the chores
chore:  call do_chore
        sub  r5, r5, 1
        cmp  r5, 0
        bgt  chore
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
        sys  wait                       ; the pizzeria's process
        li   r0, 0
        ret

; The pizzeria (the child): bake, then call once.
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
        sys  write                      ; ring ring
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
