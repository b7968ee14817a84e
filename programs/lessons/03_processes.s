; 03_processes.s — a process is a program with its own address space:
; code, data (globals), heap and a stack. fork copies all of it.
; main keeps one number in each place: a global (data), a word it got from
; malloc (heap) and a local variable (its stack). Then it forks. The child
; changes all three to 100, and prints them; the parent waits for the child
; to end and prints its own three: still 1. The addresses are the same in
; both processes, the memory behind them is not: each process has its own
; copy. To talk to each other, processes need the kernel's help (a pipe,
; which the I/O lesson adds); threads (lesson 4) simply share.

        .data
global:   .word 1               ; a global variable, in the data segment
heapptr:  .word 0               ; the address malloc returns
m_child:  .string "child  (pid "
m_parent: .string "parent (pid "
m_vals:   .string "): global = "
m_heap:   .string ", heap = "
m_stack:  .string ", stack = "
m_addr:   .string "the same addresses in both: global "
m_addr2:  .string ", heap "
m_addr3:  .string ", stack "
m_label:  .string "number"

        .text
main:
        enter 4                 ; one local variable on main's stack, at [fp - 4]
        li   r1, 1
        store r1, [fp - 4]      ; stack: 1
        li   r1, 4
        li   r2, m_label
        sys  malloc             ; r0 ← a 4-byte heap block
        store r0, [heapptr]
        li   r1, 1
        store r1, [r0]          ; heap: 1 (the global is 1 already)

        sys  fork               ; from here on, two processes run this code
        cmp  r0, 0
        beq  child              ; r0 = 0: I am the child

        li   r1, 0
        sys  wait               ; parent: wait for the child to end first
        li   r1, m_parent
        call show               ; prints 1, 1, 1: the child changed only its own copies
        li   r1, m_addr
        sys  print_str
        li   r1, global
        call print_hex
        li   r1, m_addr2
        sys  print_str
        load r1, [heapptr]
        call print_hex
        li   r1, m_addr3
        sys  print_str
        sub  r1, fp, 4          ; the address of the local variable
        call print_hex
        call print_newline
        li   r0, 0
        leave
        ret

child:
        li   r5, 100
        store r5, [global]      ; write 100 into all three places...
        load r6, [heapptr]
        store r5, [r6]
        store r5, [fp - 4]
        li   r1, m_child
        call show               ; ...and see 100, 100, 100
        li   r0, 0
        leave
        ret                     ; the child's main returns: it exits with 0

; show(r1 = "child  (pid " or "parent (pid "): print pid and the three numbers
show:
        sys  print_str
        sys  getpid
        mov  r1, r0
        sys  print_int
        li   r1, m_vals
        sys  print_str
        load r1, [global]
        sys  print_int
        li   r1, m_heap
        sys  print_str
        load r1, [heapptr]
        load r1, [r1]
        sys  print_int
        li   r1, m_stack
        sys  print_str
        load r1, [fp - 4]       ; fp is still main's frame pointer
        sys  print_int
        call print_newline
        ret

        .include "lesson_print.s"
