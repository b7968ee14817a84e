; 09_readonly.s — sharing is safe when nobody writes.
; Two threads read the same global table at the same time, each adding it
; up into its own register and its own stack slot. The timer can switch
; them anywhere: reading never disturbs the other reader, so both always
; get 55, with no lock. (The code segment is shared the same way: it is
; read-only.) Trouble starts only when someone writes shared data.

        .data
table:  .word 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        .equ N, 10
m_sum:  .string "sum seen by thread "
m_is:   .string " = "

        .text
main:
        li   r1, reader
        li   r2, 0
        sys  thread_create
        mov  r5, r0
        li   r1, reader
        sys  thread_create
        mov  r6, r0
        mov  r1, r5
        sys  thread_join
        call show               ; r0 = the first reader's sum
        mov  r1, r6
        sys  thread_join
        call show               ; and the second's
        li   r0, 0
        ret

; reader: sum the table 20 times (slowly); returns the last sum
reader:
        li   r7, 20
round:  li   r2, 0              ; sum, in my own register
        li   r3, 0              ; index
        li   r4, table
add1:   load r1, [r4]           ; read shared data: harmless
        add  r2, r2, r1
        add  r4, r4, 4
        add  r3, r3, 1
        cmp  r3, N
        blt  add1
        sub  r7, r7, 1
        cmp  r7, 0
        bne  round
        mov  r0, r2             ; 55 every time
        ret

; show(r0 = sum): "sum seen by thread T = S" (T is 2 or 3 in order)
        .data
shown:  .word 2
        .text
show:
        mov  r8, r0
        li   r1, m_sum
        sys  print_str
        load r1, [shown]
        sys  print_int
        add  r1, r1, 1
        store r1, [shown]
        li   r1, m_is
        sys  print_str
        mov  r1, r8
        sys  print_int
        li   r1, '\n'
        sys  print_char
        ret
