; expect: [0-9]+:[0-9]+: error: .*it is a folder, not a file
; exit: 2
.include "."
main:
        li   r1, 0
        sys  exit
