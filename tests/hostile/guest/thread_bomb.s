; expect: threads
; exit: 4
main:
again:  li r1, spin
        li r2, 0
        sys thread_create
        jmp again
spin:   jmp spin
