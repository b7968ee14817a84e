; expect: (-1|bad|exited)
; exit: -1
main:
        li r1, 12345
        sys thread_join
        mov r1, r0
        sys print_int
        li   r1, 0
        sys  exit
