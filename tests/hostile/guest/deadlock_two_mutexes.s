; expect: deadlock
; exit: 5
.data
a: .word 0
b: .word 0
.text
main:
        li r1, 0
        sys mutex_create
        store r0, [a]
        li r1, 0
        sys mutex_create
        store r0, [b]
        load r1, [a]
        sys mutex_lock
        li r1, other
        li r2, 0
        sys thread_create
        li r1, 50
        sys sleep
        load r1, [b]
        sys mutex_lock
        li   r1, 0
        sys  exit
other:
        load r1, [b]
        sys mutex_lock
        li r1, 50
        sys sleep
        load r1, [a]
        sys mutex_lock
        ret
