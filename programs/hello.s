; hello.s — the smallest program: print a greeting and end.
; Shows: `main` is where the CPU starts; the string lives in the data
; segment; `sys print_str` traps into the kernel, which prints it; returning
; from main ends the process with r0 as its exit status.

        .data
greeting:
        .string "Hello, world!\n"

        .text
main:
        li   r1, greeting       ; r1 ← the address of the string
        sys  print_str          ; ask the kernel to print it
        li   r0, 0              ; exit status 0
        ret                     ; return to the kernel, which ends the process
