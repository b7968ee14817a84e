; lesson_print.s — small printing helpers shared by the lesson programs
; (included with `.include "lesson_print.s"`). Each keeps r5..r12 intact.

        .data
lp_hexdigits: .string "0123456789abcdef"

        .text
; print_hex(r1): print r1 as 0x and 8 hexadecimal digits
print_hex:
        mov  r2, r1             ; r2 = the number
        li   r1, '0'
        sys  print_char
        li   r1, 'x'
        sys  print_char
        li   r3, 28             ; shift of the next digit: 28, 24, ..., 0
lp_hex_next:
        shr  r4, r2, r3         ; bring that digit down
        and  r4, r4, 15         ; keep 4 bits
        li   r1, lp_hexdigits
        add  r4, r4, r1
        loadb r1, [r4]          ; its character
        sys  print_char
        sub  r3, r3, 4
        cmp  r3, 0
        bge  lp_hex_next
        ret

; print_labeled(r1 = string, r2 = number): print the string, the number and a newline
print_labeled:
        sys  print_str
        mov  r1, r2
        sys  print_int
        li   r1, '\n'
        sys  print_char
        ret

; print_newline()
print_newline:
        li   r1, '\n'
        sys  print_char
        ret
