; null_pointer.s — a program that faults.
; Loading through a null pointer touches the unmapped page at address 0:
; the kernel kills the process with a "bad address" fault naming the PC,
; the address and the source line, as an operating system's SIGSEGV does.

        .text
main:
        li   r1, 0              ; a null pointer
        load r2, [r1 + 8]       ; read a field through it: bad address 0x8
        li   r0, 0
        ret
