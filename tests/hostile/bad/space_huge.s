; expect: [0-9]+:[0-9]+: error: .*
; exit: 2
.data
buf: .space 0x40000000
.text
main:
        li   r1, 0
        sys  exit
