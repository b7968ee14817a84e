; expect: [0-9]+:[0-9]+: error: .*
; exit: 2
main:
        sys nosuch_call
        li   r1, 0
        sys  exit
