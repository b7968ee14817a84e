; expect: ran off the end of its code
; exit: 3
main:
        li r1, 1
