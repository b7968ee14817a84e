; expect: [0-9]+:[0-9]+: error: .*.*operand
; exit: 2
main:
        add r1, r2
        li   r1, 0
        sys  exit
