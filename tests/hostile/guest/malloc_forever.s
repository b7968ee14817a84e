; expect: heap limit reached
; exit: 4
main:
again:  li r1, 4096
        li r2, 0
        sys malloc
        jmp again
