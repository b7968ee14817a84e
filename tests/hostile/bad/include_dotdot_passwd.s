; expect: [0-9]+:[0-9]+: error: .*outside the folders a program may read
; exit: 2
.include "../../../../../../../../etc/passwd"
main:
        li   r1, 0
        sys  exit
