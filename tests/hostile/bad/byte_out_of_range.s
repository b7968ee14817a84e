; expect: [0-9]+:[0-9]+: error: .*.*(fit|byte)
; exit: 2
.data
b: .byte 300
.text
main:
        li   r1, 0
        sys  exit
