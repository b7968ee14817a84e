; expect: asynchronous I/O limit reached.*max_async_bytes
; exit: 4
; Asynchronous writes into a pipe nobody reads, never collected: each holds
; its 4096 bytes until Limits::max_async_bytes (1 MiB) is reached.
        .data
buf:    .space 4096
        .text
main:   sys  pipe
        mov  r5, r1
again:  mov  r1, r5
        li   r2, buf
        li   r3, 4096
        li   r4, 0
        sys  write_async
        jmp  again
