; expect: [0-9]+:[0-9]+: error: .*
; exit: 2
main:
        load r1, [r2 + ]
        li   r1, 0
        sys  exit
