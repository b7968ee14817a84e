; expect: divide by zero
; exit: 3
main:
        li r1, 5
        li r2, 0
        div r3, r1, r2
        li   r1, 0
        sys  exit
