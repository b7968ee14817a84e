; expect: [0-9]+:[0-9]+: error: .*.*(fit|large)
; exit: 2
.data
w: .word 0x1ffffffff
.text
main:
        li   r1, 0
        sys  exit
