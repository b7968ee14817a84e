; nested_calls.s — functions calling functions, each with a stack frame.
; main calls sum_of_squares(3, 4), which calls square twice.
; Shows: `call` pushes the return address and `ret` pops it; each function
; saves the caller's fp, points fp at its own frame, and keeps its locals
; at fixed offsets below fp. Watch sp go down on every call and come back.

        .text
main:
        li   r1, 3              ; first argument
        li   r2, 4              ; second argument
        call sum_of_squares     ; r0 ← 3*3 + 4*4
        mov  r1, r0
        sys  print_int          ; prints 25
        li   r1, '\n'
        sys  print_char
        li   r0, 0
        ret

; sum_of_squares(a in r1, b in r2) → r0 = a*a + b*b
sum_of_squares:
        push fp                 ; save the caller's frame pointer
        mov  fp, sp             ; this frame starts here
        sub  sp, sp, 8          ; room for two local words
        store r2, [fp - 4]      ; local 1: keep b, since square may use r2
        call square             ; r0 ← a*a (r1 still holds a)
        store r0, [fp - 8]      ; local 2: a*a
        load r1, [fp - 4]
        call square             ; r0 ← b*b
        load r1, [fp - 8]
        add  r0, r0, r1         ; r0 ← a*a + b*b
        mov  sp, fp             ; drop the locals
        pop  fp                 ; restore the caller's frame pointer
        ret

; square(x in r1) → r0 = x*x
square:
        push fp
        mov  fp, sp
        mul  r0, r1, r1
        pop  fp
        ret
