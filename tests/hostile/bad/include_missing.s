; expect: [0-9]+:[0-9]+: error: .*cannot find the include file 'no_such_file.s'
; exit: 2
.include "no_such_file.s"
main:
        li   r1, 0
        sys  exit
