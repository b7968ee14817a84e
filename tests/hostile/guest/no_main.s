; expect: exited with status 0
; exit: 0
start:
        li   r1, 0
        sys  exit
