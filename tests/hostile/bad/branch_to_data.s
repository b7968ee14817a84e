; expect: [0-9]+:[0-9]+: error: .*
; exit: 2
.data
d: .word 1
.text
main:
        jmp d
        li   r1, 0
        sys  exit
