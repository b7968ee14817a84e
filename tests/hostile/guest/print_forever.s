; expect: (limit|max-steps|steps)
; exit: 4
; args: --max-steps 500000
.data
s: .string "spam spam spam spam spam spam spam spam spam spam\n"
.text
main:
loop:   li r1, s
        sys print_str
        jmp loop
