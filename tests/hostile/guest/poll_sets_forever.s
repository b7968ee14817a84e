; expect: kernel object limit reached.*max_io_objects
; exit: 4
; Interest sets made forever: pipes, interest sets and listening sockets
; together stop at Limits::max_io_objects (4096).
main:
again:  sys  poll_create
        jmp  again
