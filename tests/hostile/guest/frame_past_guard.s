; expect: stack overflow
; exit: 3
main:
        enter 30000
        push r1
        li   r1, 0
        sys  exit
