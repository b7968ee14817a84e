; expect: (bad|address|-1|exited|read-only)
; exit: -1
main:
        li r1, 0
        li r2, main
        li r3, 16
        sys read
        mov r1, r0
        sys print_int
        li   r1, 0
        sys  exit
