; expect: ^-1$
; exit: 0
main:
        li r1, 0
        sys wait
        mov r1, r0
        sys print_int
        li   r1, 0
        sys  exit
