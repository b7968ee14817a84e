; expect: [0-9]+:[0-9]+: error: .*.*(already|twice|defined)
; exit: 2
main:
main:
        li   r1, 0
        sys  exit
