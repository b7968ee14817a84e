; coro.s — the user-level coroutines of lesson 10 (10_coroutines.s explains
; them line by line), for the lessons that use coroutines as a tool.
;   co_create(r1 = function, r2 = argument) → r0 = record
;                                            the function starts with r1 = record
;   resume(r1 = record)                      run it until it yields (or ends)
;   yield(r1 = record)                       suspend, back to the resumer
;   [record + CO_ARG]                        the argument given to co_create
;   [record + CO_DONE]                       1 once the function has returned
; Saved across resume/yield: fp and r5..r7. Everything is user code: the
; kernel never sees a coroutine switch.

        .equ CO_SP, 0
        .equ CO_CALLER, 4
        .equ CO_DONE, 8
        .equ CO_ARG, 12
        .equ CO_STACK, 512
        .equ CO_SIZE, 16 + CO_STACK

        .data
co_label: .string "coroutine"

        .text
co_create:
        push r5
        push r6
        mov  r5, r1
        mov  r6, r2
        li   r1, CO_SIZE
        li   r2, co_label
        sys  malloc             ; the record and its stack, on the heap
        store r6, [r0 + CO_ARG]
        add  r2, r0, CO_SIZE
        sub  r2, r2, 4
        store r0, [r2]          ; the record, for co_finish
        sub  r2, r2, 4
        li   r3, co_finish
        store r3, [r2]          ; where the function returns to
        sub  r2, r2, 4
        store r5, [r2]          ; where the first resume goes: the function
        sub  r2, r2, 16         ; fp, r5, r6, r7 = 0
        store r2, [r0 + CO_SP]
        pop  r6
        pop  r5
        ret

resume:
        push fp
        push r5
        push r6
        push r7
        store sp, [r1 + CO_CALLER]
        load sp, [r1 + CO_SP]   ; onto the coroutine's stack
        pop  r7
        pop  r6
        pop  r5
        pop  fp
        ret

yield:
        push fp
        push r5
        push r6
        push r7
        store sp, [r1 + CO_SP]
        load sp, [r1 + CO_CALLER] ; back onto the resumer's stack
        pop  r7
        pop  r6
        pop  r5
        pop  fp
        ret

co_finish:
        load r1, [sp]
        li   r2, 1
        store r2, [r1 + CO_DONE]
        call yield
        jmp  co_finish
