; expect: [0-9]+:[0-9]+: error: .*defined in terms of itself
; exit: 2
A = B + 1
B = A + 1
main:
        li r1, A
        li   r1, 0
        sys  exit
