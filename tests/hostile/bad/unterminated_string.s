; expect: [0-9]+:[0-9]+: error: .*.*(string|quote)
; exit: 2
.data
s: .string "abc
.text
main:
        li   r1, 0
        sys  exit
