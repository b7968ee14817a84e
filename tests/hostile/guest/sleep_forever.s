; expect: (limit|steps|exited|deadlock)
; exit: -1
main:
        li r1, 0x7fffffff
        sys sleep
        li   r1, 0
        sys  exit
