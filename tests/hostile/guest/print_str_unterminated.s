; expect: (exited|bad|address)
; exit: -1
.data
s: .space 8000
.text
main:
        li r1, s
        li r2, 0x41
fill:   storeb r2, [r1]
        add r1, r1, 1
        li r3, s
        add r3, r3, 8000
        cmp r1, r3
        blt fill
        li r1, s
        sys print_str
        li   r1, 0
        sys  exit
