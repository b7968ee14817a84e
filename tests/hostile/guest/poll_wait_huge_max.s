; expect: (bad|-1|exited|address)
; exit: -1
main:
        sys poll_create
        mov r1, r0
        li r2, 0
        li r3, 0x7fffffff
        li r4, 0
        sys poll_wait
        mov r1, r0
        sys print_int
        li   r1, 0
        sys  exit
