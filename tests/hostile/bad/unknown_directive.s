; expect: [0-9]+:[0-9]+: error: .*.*directive
; exit: 2
.foo 1
main:
        li   r1, 0
        sys  exit
