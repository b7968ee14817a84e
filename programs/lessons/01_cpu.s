; 01_cpu.s — what a CPU does all day: fetch the instruction at PC, execute
; it, and go on with the next one.
; Every instruction is one 32-bit word stored in memory, in the code segment
; (from 0x1000). The program starts at `main`, wherever main is: here the
; function `square` comes first in memory, so main is not at 0x1000, and PC
; still starts at main. PC normally grows by 4 (one word) per instruction; a
; branch, a call or a ret puts another address into it.
; At the end the program reads the first instruction of main as an ordinary
; number, to show that code is data in memory.

        .data
msg_sum:  .string "1 + 2 + 3 + 4 + 5 = "
msg_sq:   .string "square(7) = "
msg_word: .string "the word stored at main (its first instruction) = 0x"
hexdigits: .string "0123456789abcdef"

        .text
; square(r1) → r0 = r1 * r1. It sits first in memory but runs only when called.
square:
        mul  r0, r1, r1         ; r0 ← r1 × r1
        ret                     ; PC ← the return address that `call` pushed

main:                           ; the entry point: the kernel sets PC here
        li   r5, 0              ; r5 = sum
        li   r6, 1              ; r6 = i
loop:   add  r5, r5, r6         ; sum += i
        add  r6, r6, 1          ; i += 1
        cmp  r6, 5              ; compare i with 5: sets the flags
        ble  loop               ; i <= 5: PC jumps back to `loop` instead of going on
        li   r1, msg_sum
        sys  print_str          ; ask the kernel to print the label
        mov  r1, r5
        sys  print_int          ; 15
        li   r1, '\n'
        sys  print_char

        li   r1, msg_sq
        sys  print_str
        li   r1, 7
        call square             ; push the return address, PC ← square
        mov  r1, r0             ; back here with r0 = 49
        sys  print_int
        li   r1, '\n'
        sys  print_char

        li   r1, msg_word
        sys  print_str
        load r1, [main]         ; read the word at main's address, like any variable
        call print_hex          ; prints 02500000: opcode 0x02 (li), register 5, value 0
        li   r1, '\n'
        sys  print_char
        li   r0, 0
        ret                     ; main returns: the process exits with 0

; print_hex(r1): print r1 as 8 hexadecimal digits
print_hex:
        mov  r2, r1             ; r2 = the number
        li   r3, 28             ; r3 = shift of the next digit: 28, 24, ..., 0
hex_next:
        shr  r4, r2, r3         ; bring that digit down
        and  r4, r4, 15         ; keep 4 bits: 0..15
        li   r1, hexdigits
        add  r4, r4, r1         ; the address of its character in the table
        loadb r1, [r4]          ; the character
        sys  print_char
        sub  r3, r3, 4
        cmp  r3, 0
        bge  hex_next           ; until the shift goes below 0
        ret
