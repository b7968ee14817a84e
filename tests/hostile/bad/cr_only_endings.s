; expect: cr_only_endings\.s:6:9: error: unknown instruction
; exit: 2
main:        li r1, 1        li r2, 2        bogus r1        li   r1, 0        sys  exit