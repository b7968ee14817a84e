; expect: [0-9]+:[0-9]+: error: .*.*fit
; exit: 2
main:
        add r1, r1, 100000
        li   r1, 0
        sys  exit
