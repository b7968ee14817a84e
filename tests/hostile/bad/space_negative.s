; expect: [0-9]+:[0-9]+: error: .*
; exit: 2
.data
buf: .space -4
.text
main:
        li   r1, 0
        sys  exit
