; expect: kernel object limit reached
; exit: 4
main:
again:  li r1, 0
        sys mutex_create
        jmp again
