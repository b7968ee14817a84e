; expect: [0-9]+:[0-9]+: error: .*a string cannot be an operand
; exit: 2
main:
        li r1, "abc"
        li   r1, 0
        sys  exit
