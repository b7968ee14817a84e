; expect: (read-only|write)
; exit: 3
main:
        li r1, main
        store r1, [r1]
        li   r1, 0
        sys  exit
