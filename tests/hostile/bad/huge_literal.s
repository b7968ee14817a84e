; expect: [0-9]+:[0-9]+: error: .*.*(large|fit)
; exit: 2
main:
        li r1, 99999999999999999999999
        li   r1, 0
        sys  exit
