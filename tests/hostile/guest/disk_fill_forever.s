; expect: disk limit reached.*max_disk_bytes
; exit: 4
; New files of 1 MiB each, forever: the disk stops at Limits::max_disk_bytes
; (16 MiB, all files together).
        .data
name:   .string "fill_A"
        .align 4
buf:    .space 4096
        .text
main:   li   r7, 'A'
file:   li   r1, name
        li   r2, O_CREATE
        sys  open
        mov  r5, r0
        li   r6, 256             ; 256 writes of 4096 bytes: 1 MiB
fill:   mov  r1, r5
        li   r2, buf
        li   r3, 4096
        sys  write
        sub  r6, r6, 1
        cmp  r6, 0
        bgt  fill
        mov  r1, r5
        sys  close
        add  r7, r7, 1
        storeb r7, [name + 5]
        jmp  file
