; expect: [0-9]+:[0-9]+: error: .*needs a file name
; exit: 2
.include ""
main:
        li   r1, 0
        sys  exit
