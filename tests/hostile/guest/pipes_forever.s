; expect: (limit|-1|steps|descriptor)
; exit: -1
main:
again:  sys pipe
        jmp again
