; expect: [0-9]+:[0-9]+: error: .*
; exit: 2
.equ X, 1
.equ X, 2
main:
        li   r1, 0
        sys  exit
