; expect: (bad|address|-1|exited)
; exit: -1
main:
        li r1, 1
        li r2, main
        li r3, 0x7fffffff
        sys write
        mov r1, r0
        sys print_int
        li   r1, 0
        sys  exit
