; fork_wait.s — fork copies the address space; wait collects the child.
; After `sys fork` two processes run the same code: in the parent r0 is the
; child's pid, in the child r0 is 0. Both then look at the global `value`
; at the same address, but each sees its own copy: the child's store of 100
; is invisible to the parent, which still reads 1. The parent waits for the
; child and prints the exit code the child returned from main.

        .data
value:  .word 1
child_msg:  .string "child:  value = "
parent_msg: .string "parent: value = "
waited_msg: .string "parent: child "
status_msg: .string " exited with status "

        .text
main:
        sys  fork               ; r0 ← the child's pid here, 0 in the child
        cmp  r0, 0
        beq  child
        mov  r5, r0             ; parent: r5 ← the child's pid
        li   r1, 0
        sys  wait               ; wait for any child: r0 ← its pid, r1 ← its exit code
        mov  r6, r0
        mov  r7, r1
        li   r1, parent_msg
        sys  print_str
        load r1, [value]        ; still 1: the child changed its own copy
        sys  print_int
        li   r1, '\n'
        sys  print_char
        li   r1, waited_msg
        sys  print_str
        mov  r1, r6
        sys  print_int
        li   r1, status_msg
        sys  print_str
        mov  r1, r7
        sys  print_int
        li   r1, '\n'
        sys  print_char
        li   r0, 0
        ret

child:
        li   r1, 100
        store r1, [value]       ; the same address as the parent's `value`...
        li   r1, child_msg
        sys  print_str
        load r1, [value]        ; ...but the child's own copy: 100
        sys  print_int
        li   r1, '\n'
        sys  print_char
        li   r0, 7
        ret                     ; the child's main returns: exit(7)
