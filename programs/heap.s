; heap.s — malloc and free: blocks on the heap, handed out and taken back.
; The kernel's allocator records every block (address, size, the thread
; that asked, a label) so the dashboard can draw the heap. Freed blocks are
; reused first fit: after `free(a)`, a new request that fits gets a's old
; address. Heap addresses start at 0x20000 = 131072.

        .data
name_a: .string "a"
name_b: .string "b"
name_c: .string "c"
msg_a:  .string "a = malloc(12) at "
msg_b:  .string "b = malloc(32) at "
msg_c:  .string "c = malloc(8)  at "
msg_v:  .string "c[0] = "

        .text
main:
        li   r1, 12
        li   r2, name_a
        sys  malloc             ; r0 ← the address of 12 (rounded up to 16) fresh bytes
        mov  r5, r0
        li   r1, 32
        li   r2, name_b
        sys  malloc
        mov  r6, r0
        li   r1, msg_a
        mov  r2, r5
        call print_labeled
        li   r1, msg_b
        mov  r2, r6
        call print_labeled
        li   r1, 42
        store r1, [r5]          ; use block a
        mov  r1, r5
        sys  free               ; give a back
        li   r1, 8
        li   r2, name_c
        sys  malloc             ; first fit: a's old place
        mov  r7, r0
        li   r1, msg_c
        mov  r2, r7
        call print_labeled
        li   r1, msg_v
        load r2, [r7]           ; 0: malloc hands out zeroed memory here
        call print_labeled
        mov  r1, r6
        sys  free
        mov  r1, r7
        sys  free
        li   r0, 0
        ret

; print_labeled(r1 = string, r2 = number)
print_labeled:
        sys  print_str
        mov  r1, r2
        sys  print_int
        li   r1, '\n'
        sys  print_char
        ret
