; 10_coroutines.s — a generator: a function that can stop halfway (yield)
; and later carry on from where it stopped, all in user code.
; The notes' Python example, in assembly:
;     def func():                    def A():
;         print("a"); yield              co = func()
;         print("b"); yield              next(co)
;         print("c")                     print("in function A")
;                                        next(co)
; prints a, in function A, b — and never c, because nobody asks for it.
;
; How: a coroutine is a record on the heap (from malloc) holding its own
; small stack and its saved stack pointer. `resume` saves the caller's
; registers on the caller's stack, remembers the caller's SP in the record
; and switches SP to the coroutine's stack; `yield` does the reverse. Each
; `ret` then returns into the other side. No system call, no kernel switch:
; the OS sees one thread the whole time. Compare with the kernel's context
; switch (lesson 2): the same idea, done by the program itself.

        .equ CO_SP, 0            ; record: the coroutine's saved SP while it is suspended
        .equ CO_CALLER, 4        ;         the resumer's saved SP while the coroutine runs
        .equ CO_DONE, 8          ;         1 once its function has returned
        .equ STACK, 256          ;         then its stack, in the same heap block
        .equ CO_SIZE, 12 + STACK

        .data
m_a:    .string "a\n"
m_b:    .string "b\n"
m_c:    .string "c\n"
m_inA:  .string "in function A\n"
m_lbl:  .string "coroutine"

        .text
; A(): the caller, on the one and only thread
main:
        li   r1, func
        call co_create          ; co = func(): makes the record, runs nothing yet
        mov  r5, r0             ; r5 = co
        mov  r1, r5
        call resume             ; next(co): func runs until its first yield → "a"
        li   r1, m_inA
        sys  print_str          ; "in function A"
        mov  r1, r5
        call resume             ; next(co): func carries on after the yield → "b"
        li   r0, 0
        ret                     ; "c" is never printed

; func(r1 = its own record): the generator's body
func:
        mov  r5, r1             ; keep the record in r5 (resume/yield save r5)
        li   r1, m_a
        sys  print_str
        mov  r1, r5
        call yield              ; suspend here; the next resume returns from this call
        li   r1, m_b
        sys  print_str
        mov  r1, r5
        call yield
        li   r1, m_c
        sys  print_str
        ret                     ; finished: returns into co_finish

; co_create(r1 = function) → r0 = a new coroutine record on the heap
co_create:
        push r5
        mov  r5, r1
        li   r1, CO_SIZE
        li   r2, m_lbl
        sys  malloc             ; r0 = the record (zero-filled)
        add  r2, r0, CO_SIZE    ; the top of its stack (stacks grow down)
        sub  r2, r2, 4
        store r0, [r2]          ; topmost word: the record itself, for co_finish
        sub  r2, r2, 4
        li   r3, co_finish
        store r3, [r2]          ; where the function returns to when it ends
        sub  r2, r2, 4
        store r5, [r2]          ; the address the first resume "returns" to: the function
        sub  r2, r2, 16         ; four saved registers (fp, r5, r6, r7), all 0 at first
        store r2, [r0 + CO_SP]  ; as if the coroutine had yielded just before its first line
        pop  r5
        ret

; resume(r1 = co): run the coroutine until it yields
resume:
        push fp                 ; save the caller's registers on the caller's stack
        push r5
        push r6
        push r7
        store sp, [r1 + CO_CALLER] ; remember where the caller's stack is
        load sp, [r1 + CO_SP]   ; switch to the coroutine's stack (on the heap)
        pop  r7                 ; the coroutine's registers, as it left them
        pop  r6
        pop  r5
        pop  fp
        ret                     ; into the coroutine, just after its last yield

; yield(r1 = co): suspend the coroutine, back to whoever resumed it
yield:
        push fp                 ; save the coroutine's registers on its own stack
        push r5
        push r6
        push r7
        store sp, [r1 + CO_SP]  ; remember where it stopped
        load sp, [r1 + CO_CALLER] ; back to the caller's stack
        pop  r7
        pop  r6
        pop  r5
        pop  fp
        ret                     ; into the caller, just after its call to resume

; co_finish: the coroutine's function returned; mark it done, and yield for good
co_finish:
        load r1, [sp]           ; the record, left at the top of its stack by co_create
        li   r2, 1
        store r2, [r1 + CO_DONE]
        call yield              ; never comes back with anything to do
        jmp  co_finish
