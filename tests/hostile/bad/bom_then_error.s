; expect: bom_then_error\.s:4:9: error: unknown instruction
; exit: 2
main:
        bogus r1
        li   r1, 0
        sys  exit
