; expect: stack overflow
; exit: 3
main:
        call main
        li   r1, 0
        sys  exit
