; expect: [0-9]+:[0-9]+: error: .*.*operand
; exit: 2
main:
        mov r1, r2, r3, r4
        li   r1, 0
        sys  exit
