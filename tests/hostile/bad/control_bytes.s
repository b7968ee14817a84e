; expect: [0-9]+:[0-9]+: error: .*
; exit: 2
main:
         r1
        li   r1, 0
        sys  exit
