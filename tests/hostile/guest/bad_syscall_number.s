; expect: bad system call
; exit: 3
main:
        sys 999
        li   r1, 0
        sys  exit
