; expect: bad address
; exit: 3
main:
        li r1, 0
        jr r1
        li   r1, 0
        sys  exit
