; expect: [0-9]+:[0-9]+: error: .*.*large
; exit: 2
main:
        li r1, 0xffffffff * 0xffffffff * 0xffffffff
        li   r1, 0
        sys  exit
