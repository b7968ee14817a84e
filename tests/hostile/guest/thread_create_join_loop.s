; expect: (limit|steps)
; exit: 4
; args: --max-steps 300000
main:
again:  li r1, worker
        li r2, 0
        sys thread_create
        mov r1, r0
        sys thread_join
        jmp again
worker: li r0, 0
        ret
