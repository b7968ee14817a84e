; bad_syntax.s — a program with assembler errors, for the dashboard's
; error list test. Every error is reported, not just the first.

        .text
main:
        li   r1, 5
        lod  r2, [r1]           ; a misspelt mnemonic
        add  r3, r1             ; too few operands
        jmp  nowhere            ; an undefined label
        halt
