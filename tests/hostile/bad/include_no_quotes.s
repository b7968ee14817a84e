; expect: [0-9]+:[0-9]+: error: .*double quotes
; exit: 2
.include print.s
main:
        li   r1, 0
        sys  exit
