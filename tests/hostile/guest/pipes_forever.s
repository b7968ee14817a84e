; expect: kernel object limit reached.*max_io_objects
; exit: 4
; Pipes made and closed forever: pipes, interest sets and listening sockets
; together stop at Limits::max_io_objects (4096).
main:
again:  sys  pipe
        mov  r5, r1
        mov  r1, r0
        sys  close
        mov  r1, r5
        sys  close
        jmp  again
