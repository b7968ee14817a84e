; expect: (memory|limit|-1|exited)
; exit: -1
main:
        li r1, 0x7fffffff
        sys sbrk
        mov r1, r0
        sys print_int
        li   r1, 0
        sys  exit
