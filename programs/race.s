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
        sys  print_int          ; 2000 if no update was lost
        li   r1, '\n'
        sys  print_char
        li   r0, 0
        ret

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
