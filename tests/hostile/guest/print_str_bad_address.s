; expect: (bad|address)
; exit: 3
main:
        li r1, 0x7ffffff0
        sys print_str
        li   r1, 0
        sys  exit
