; expect: misaligned
; exit: 3
.data
d: .word 0
.text
main:
        li r1, d
        load r2, [r1 + 1]
        li   r1, 0
        sys  exit
