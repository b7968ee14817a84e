; expect: disk limit reached.*'huge'.*max_file_bytes
; exit: 4
; One disk file written forever: it stops growing at Limits::max_file_bytes (1 MiB).
        .data
name:   .string "huge"
        .align 4
buf:    .space 4096
        .text
main:   li   r1, name
        li   r2, O_CREATE
        sys  open
        mov  r5, r0
again:  mov  r1, r5
        li   r2, buf
        li   r3, 4096
        sys  write
        jmp  again
