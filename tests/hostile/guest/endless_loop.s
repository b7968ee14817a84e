; expect: (limit|max-steps|steps)
; exit: 4
main:
loop:   jmp loop
