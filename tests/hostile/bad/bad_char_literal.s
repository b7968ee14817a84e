; expect: [0-9]+:[0-9]+: error: .*
; exit: 2
main:
        li r1, 'ab'
        li   r1, 0
        sys  exit
