; expect: [0-9]+:[0-9]+: error: .*
; exit: 2
.equ X
main:
        li   r1, 0
        sys  exit
