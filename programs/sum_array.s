; sum_array.s — add up an array of numbers stored in the data segment.
; Shows: a loop (compare, conditional branch, jump back), walking through
; memory with a pointer, and storing the result in a global variable.

        .data
numbers: .word 3, 1, 4, 1, 5, 9, 2, 6
.equ COUNT, 8                   ; how many numbers
total:   .word 0                ; the result goes here

        .text
main:
        li   r1, numbers        ; r1 ← address of numbers[0]
        li   r2, 0              ; r2 = i = 0
        li   r3, 0              ; r3 = sum = 0
loop:
        cmp  r2, COUNT          ; is i < COUNT?
        bge  done               ; no: leave the loop
        load r4, [r1]           ; r4 ← numbers[i]
        add  r3, r3, r4         ; sum ← sum + numbers[i]
        add  r1, r1, 4          ; point at the next word (4 bytes on)
        add  r2, r2, 1          ; i ← i + 1
        jmp  loop
done:
        store r3, [total]       ; total ← sum
        mov  r1, r3
        sys  print_int          ; prints 31
        li   r1, '\n'
        sys  print_char
        li   r0, 0
        ret
