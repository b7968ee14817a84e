; expect: (processes|limit)
; exit: 4
.data
p: .string "spawn_self_forever.s"
.text
main:
        li r1, p
        sys spawn
loop:   jmp loop
