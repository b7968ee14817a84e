; pipe_bounded.s — a pipe is a bounded buffer between two processes. The
; kernel's pipe holds 16 bytes (--pipe-size changes that). The parent writes
; 48 bytes with one blocking write; the child is a slow reader that takes 8
; bytes at a time and rests 100 cycles in between. So the writer blocks
; whenever the pipe is full ("blocked on pipe write") and wakes each time the
; reader makes room. Then the parent rests 600 cycles before it writes 8
; more bytes: the reader, having emptied the pipe, blocks ("blocked on pipe
; read") until they come. When the parent closes its write end, the
; reader's next read returns 0: the end of data. Run it with
; --events io,block,wake to see every step.

        .data
rfd:    .word 0
wfd:    .word 0
text:   .string "A pipe holds only sixteen bytes; we send it 48."
later:  .string "goodbye!"
chunk:  .space 9                        ; 8 bytes and a NUL for print_str
m_w1:   .string "writer: 48 bytes written in "
m_w2:   .string " cycles (the pipe holds 16, so the write had to wait for the reader)\n"
m_r1:   .string "reader, cycle "
m_r2:   .string ": '"
m_r3:   .string "'\n"
m_eof:  .string "reader: read returned 0, the end of data\n"

        .text
main:   sys  pipe
        store r0, [rfd]
        store r1, [wfd]
        sys  fork
        cmp  r0, 0
        beq  reader
        load r1, [rfd]
        sys  close                      ; the parent only writes
        sys  clock
        mov  r5, r0
        load r1, [wfd]
        li   r2, text
        li   r3, 48
        sys  write                      ; blocks while the pipe is full
        sys  clock
        sub  r5, r0, r5
        li   r1, m_w1
        sys  print_str
        mov  r1, r5
        sys  print_int
        li   r1, m_w2
        sys  print_str
        li   r1, 600
        sys  sleep                      ; meanwhile the reader empties the pipe, then waits
        load r1, [wfd]
        li   r2, later
        li   r3, 8
        sys  write
        load r1, [wfd]
        sys  close                      ; no more data: the reader will see the end
        li   r1, 0
        sys  wait
        li   r0, 0
        ret

reader: load r1, [wfd]
        sys  close                      ; the child only reads
r_next: load r1, [rfd]
        li   r2, chunk
        li   r3, 8
        sys  read                       ; blocks while the pipe is empty
        cmp  r0, 0
        beq  r_end
        li   r2, chunk
        add  r2, r2, r0
        li   r3, 0
        storeb r3, [r2]                 ; end the chunk with a NUL
        sys  clock
        mov  r5, r0
        li   r1, m_r1
        sys  print_str
        mov  r1, r5
        sys  print_int
        li   r1, m_r2
        sys  print_str
        li   r1, chunk
        sys  print_str
        li   r1, m_r3
        sys  print_str
        li   r1, 100
        sys  sleep                      ; a slow reader
        jmp  r_next
r_end:  li   r1, m_eof
        sys  print_str
        li   r0, 0
        ret
