; expect: ^-1$
; exit: 0
.data
p: .string "/proc/self/environ"
.text
main:
        li r1, p
        sys load_library
        mov r1, r0
        sys print_int
        li   r1, 0
        sys  exit
