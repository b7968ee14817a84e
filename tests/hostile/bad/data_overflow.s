; expect: [0-9]+:[0-9]+: error: .*
; exit: 2
.data
big: .space 0x2000000
.text
main:
        li   r1, 0
        sys  exit
