; expect: (limit|steps)
; exit: 4
; args: --max-steps 300000
main:
again:  sys fork
        cmp r0, 0
        beq child
        li r1, 0
        sys wait
        jmp again
child:  li r1, 0
        sys exit
