; 02_multitasking.s — one CPU, two programs "at once": the kernel switches
; between them so fast that both seem to run.
; After `fork` (lesson 3 explains it) there are two processes: the parent
; prints A, the child prints b, each letter followed by some busy work. On
; one core only one of them runs at a time; every `timer` cycles the timer
; interrupts, the kernel saves the running process's registers and PC (its
; context) into its record and loads the other one's. So the letters come
; out in runs: AAA bbb AAA ... A bigger timer period gives longer runs; a
; huge one runs each process to the end before the other starts.

        .equ LETTERS, 12        ; letters each process prints
        .equ WORK, 8            ; busy-loop rounds after each letter

        .text
main:
        sys  fork               ; r0 ← the child's pid in the parent, 0 in the child
        mov  r5, r0             ; keep it: r5 ≠ 0 in the parent
        li   r6, 'A'            ; the parent's letter
        cmp  r5, 0
        bne  start
        li   r6, 'b'            ; the child's letter
start:  li   r7, LETTERS        ; r7 = letters left
next:   mov  r1, r6
        sys  print_char         ; print my letter
        li   r8, WORK
busy:   sub  r8, r8, 1          ; pretend to compute something
        cmp  r8, 0
        bne  busy
        sub  r7, r7, 1
        cmp  r7, 0
        bne  next
        cmp  r5, 0
        beq  done               ; the child just ends
        li   r1, 0
        sys  wait               ; the parent waits for the child...
        li   r1, '\n'
        sys  print_char         ; ...then ends the line
done:   li   r0, 0
        ret
