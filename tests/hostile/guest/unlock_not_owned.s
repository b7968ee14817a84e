; expect: (bad|owner|-1|exited)
; exit: -1
main:
        li r1, 0
        sys mutex_create
        mov r1, r0
        sys mutex_unlock
        mov r1, r0
        sys print_int
        li   r1, 0
        sys  exit
