; expect: [0-9]+:[0-9]+: error: .*.*r16
; exit: 2
main:
        mov r16, r1
        li   r1, 0
        sys  exit
