; spawn.s — start another program as a child process, then wait for it.
; `sys spawn` takes the path of a program file (looked up next to this
; program, then in programs/lib), assembles it and loads it into a brand-new
; process: its own address space, its own main thread. Unlike fork, the
; child shares nothing with the parent, not even the code.

        .data
path:   .string "hello.s"
started: .string "parent: started process "
ended:  .string "parent: process "
status: .string " ended with status "

        .text
main:
        li   r1, path
        sys  spawn              ; r0 ← the new process's pid (-1 if it failed)
        mov  r5, r0
        li   r1, started
        sys  print_str
        mov  r1, r5
        sys  print_int
        li   r1, '\n'
        sys  print_char
        mov  r1, r5
        sys  wait               ; wait for that child: r0 ← pid, r1 ← exit code
        mov  r6, r1
        li   r1, ended
        sys  print_str
        mov  r1, r5
        sys  print_int
        li   r1, status
        sys  print_str
        mov  r1, r6
        sys  print_int
        li   r1, '\n'
        sys  print_char
        li   r0, 0
        ret
