; expect: [0-9]+:[0-9]+: error: .*
; exit: 2
main:
        mov r1, ÿþ
        li   r1, 0
        sys  exit
