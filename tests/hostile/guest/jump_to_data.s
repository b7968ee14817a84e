; expect: (non-code|execute|code)
; exit: 3
.data
d: .word 0
.text
main:
        li r1, d
        jr r1
        li   r1, 0
        sys  exit
