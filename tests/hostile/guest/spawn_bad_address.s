; expect: (bad|readable|address)
; exit: 3
main:
        li r1, 0x7ffffff0
        sys spawn
        li   r1, 0
        sys  exit
