; expect: processes
; exit: 4
main:
again:  sys fork
        jmp again
