; expect: kernel object limit reached
; exit: 4
main:
again:  li r1, 0
        li r2, 0
        sys sem_create
        jmp again
