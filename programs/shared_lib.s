; shared_lib.s — two processes share one copy of a library's code.
; `sys load_library` maps programs/lib/libprint.s into this process at the
; shared-library area (0x40000) and returns its base address; functions are
; called through the library's jump table with `callr`. After fork, the child
; has the library mapped too (the same bytes: it is read-only, so sharing is
; safe), while the global `counter` is copied and changes independently.
; In the dashboard's address-space view the library is marked shared.

        .data
libname: .string "libprint.s"
base:   .word 0
counter: .word 0
parent_msg: .string "parent: counter = "
child_msg:  .string "child:  counter = "

        .text
main:
        li   r1, libname
        sys  load_library       ; r0 ← the library's base address (-1 on failure)
        store r0, [base]
        add  r5, r0, 8
        callr r5                ; banner(): base + 8
        sys  fork
        cmp  r0, 0
        beq  child
        li   r1, 0
        sys  wait               ; let the child finish first
        li   r1, 1
        store r1, [counter]     ; the parent's copy becomes 1
        li   r1, parent_msg
        load r2, [counter]
        load r5, [base]
        add  r5, r5, 4
        callr r5                ; print_labeled(): base + 4
        li   r0, 0
        ret
child:
        li   r1, 2
        store r1, [counter]     ; the child's copy becomes 2
        li   r1, child_msg
        load r2, [counter]
        load r5, [base]         ; the same base: the same library, already mapped
        add  r5, r5, 4
        callr r5
        li   r0, 0
        ret
