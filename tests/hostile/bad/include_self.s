; expect: [0-9]+:[0-9]+: error: .*include cycle
; exit: 2
.include "include_self.s"
main:
        li   r1, 0
        sys  exit
