; expect: (bad address|stack overflow)
; exit: 3
main:
        li sp, 0
        push r1
        li   r1, 0
        sys  exit
