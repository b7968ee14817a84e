; expect: [0-9]+:[0-9]+: error: .*constant .X. is defined in terms of itself
; exit: 2
X = X + 1
main:
        li r1, X
        li   r1, 0
        sys  exit
