; expect: [0-9]+:[0-9]+: error: .*unknown instruction 'mvo'
; exit: 2
main:
        mvo r1, r2
        li   r1, 0
        sys  exit
