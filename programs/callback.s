; callback.s — a function passed as a value.
; apply_to_each(array, count, callback) calls the callback on every element,
; without knowing which function it is: `callr` calls the address held in a
; register. A function's address is just a number that `li` can load.

        .data
values: .word 1, 2, 3, 4
.equ N, 4

        .text
main:
        li   r1, values
        li   r2, N
        li   r3, print_doubled  ; pass the function print_doubled as a value
        call apply_to_each      ; prints 2 4 6 8
        li   r1, values
        li   r2, N
        li   r3, print_squared  ; same loop, another callback
        call apply_to_each      ; prints 1 4 9 16
        li   r0, 0
        ret

; apply_to_each(array in r1, count in r2, callback in r3)
; r5..r7 are callee-saved: push them before use, pop them before returning.
apply_to_each:
        push r5
        push r6
        push r7
        mov  r5, r1             ; r5 → the current element
        mov  r6, r2             ; r6 = elements left
        mov  r7, r3             ; r7 = the callback's address
each:
        cmp  r6, 0
        ble  each_done
        load r1, [r5]           ; argument: the element
        callr r7                ; call the function whose address is in r7
        add  r5, r5, 4
        sub  r6, r6, 1
        jmp  each
each_done:
        li   r1, '\n'
        sys  print_char
        pop  r7
        pop  r6
        pop  r5
        ret

; print_doubled(x in r1): prints 2x and a space
print_doubled:
        add  r1, r1, r1
        sys  print_int
        li   r1, ' '
        sys  print_char
        ret

; print_squared(x in r1): prints x*x and a space
print_squared:
        mul  r1, r1, r1
        sys  print_int
        li   r1, ' '
        sys  print_char
        ret
