; expect: [0-9]+:[0-9]+: error: .*undefined label 'nowhere'
; exit: 2
main:
        jmp nowhere
        li   r1, 0
        sys  exit
