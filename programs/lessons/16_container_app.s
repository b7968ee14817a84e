; 16_container_app.s — an ordinary program that lesson 16 runs inside
; containers. It does not know about containers at all.
; It prints its pid and its parent's, forks two children (each prints its
; pid and burns some CPU), collects them, and finally allocates BLOCKS
; blocks of 4 KiB. Run on its own (glassbox-cli run) it is pid 1 with
; children 2 and 3. Started by the lesson in two containers, *both* copies
; say they are pid 1 with children 2 and 3, although the machine gives them
; six different pids; the container with a small memory quota kills its copy
; when the allocations go over the quota (exit code 137); the container
; with a CPU quota runs its copy at most its share of every period.

        .equ WORK, 300           ; busy-loop rounds in each child
        .equ BLOCKS, 12          ; 12 × 4 KiB = 48 KiB of heap
        .equ BLOCK, 4096

        .data
m_me:    .string "app: I am pid "
m_par:   .string ", my parent is pid "
m_child: .string "  child: I am pid "
m_coll:  .string "app: collected child pid "
m_alloc: .string "app: allocated KiB: "
m_lbl:   .string "block"

        .text
main:
        li   r1, m_me
        sys  print_str
        sys  getpid
        mov  r1, r0
        sys  print_int          ; 1, inside a container or alone
        li   r1, m_par
        sys  print_str
        sys  getppid
        mov  r1, r0
        sys  print_int          ; 0: nobody above it (in its container)
        call print_newline

        li   r5, 2              ; two children
forks:  sys  fork
        cmp  r0, 0
        beq  child
        sub  r5, r5, 1
        cmp  r5, 0
        bne  forks

        li   r5, 2
collect:
        li   r1, 0
        sys  wait               ; r0 ← a finished child's pid
        mov  r2, r0
        li   r1, m_coll
        call print_labeled
        sub  r5, r5, 1
        cmp  r5, 0
        bne  collect

        li   r5, 0              ; allocate BLOCKS × 4 KiB, reporting as it goes
more:   li   r1, BLOCK
        li   r2, m_lbl
        sys  malloc
        add  r5, r5, 1
        li   r1, m_alloc
        shl  r2, r5, 2          ; KiB so far
        call print_labeled
        cmp  r5, BLOCKS
        blt  more
        li   r0, 0
        ret

child:
        li   r1, m_child
        sys  print_str
        sys  getpid
        mov  r1, r0
        sys  print_int          ; 2 or 3
        li   r1, m_par
        sys  print_str
        sys  getppid
        mov  r1, r0
        sys  print_int          ; 1
        call print_newline
        li   r6, WORK
burn:   sub  r6, r6, 1          ; some CPU work
        cmp  r6, 0
        bne  burn
        li   r0, 0
        ret

        .include "lesson_print.s"
