; race.s — two threads add 1 to the same global counter, 1000 times each.
; `count = count + 1` takes three instructions: load, add, store. When the
; timer switches threads between a thread's load and its store, the other
; thread's updates in between are overwritten: the total ends below 2000.
; Try: glassbox-cli run programs/race.s --timer 7    (and other periods)

        .data
count:  .word 0
.equ TIMES, 1000

        .text
main:
        li   r1, worker
        li   r2, 0
        sys  thread_create      ; r0 ← the tid of thread A
        mov  r5, r0
        li   r1, worker
        sys  thread_create      ; r0 ← the tid of thread B
        mov  r6, r0
        mov  r1, r5
        sys  thread_join        ; wait for A
        mov  r1, r6
        sys  thread_join        ; wait for B
        load r1, [count]
        call report             ; "count = 1355, expected 2000": what it got, what it expected
        li   r0, 0
        ret
        ; (what it got beside what it expected: the difference is the lost updates)


; worker: count ← count + 1, TIMES times
worker:
        li   r2, TIMES
again:
        load  r3, [count]       ; read the shared counter into a register
        add   r3, r3, 1         ; add one to the private copy
        store r3, [count]       ; write it back (another thread may have written meanwhile)
        sub   r2, r2, 1
        cmp   r2, 0
        bne   again
        li    r0, 0
        ret

; report: prints "count = N, expected 2000" for N in r1.
report:
        mov  r4, r1
        li   r1, got_text
        sys  print_str
        mov  r1, r4
        sys  print_int
        li   r1, expected_text
        sys  print_str
        li   r1, TIMES * 2
        sys  print_int
        li   r1, '\n'
        sys  print_char
        ret

        .data
got_text:      .string "count = "
expected_text: .string ", expected "
