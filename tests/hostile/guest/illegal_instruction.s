; expect: illegal instruction
; exit: 3
main:
        jmp bad
bad:    .word 0xffffffff
        li   r1, 0
        sys  exit
