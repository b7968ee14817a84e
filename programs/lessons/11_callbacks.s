; 11_callbacks.s — functions as values: callbacks and closures, called
; synchronously and asynchronously.
; 1. A function's address is a number: `li r3, twice` puts it in a
;    register, and `callr r3` calls whatever function that is. apply() does
;    not know which function it runs: that is a callback.
; 2. A closure is a callback plus the data it needs, packed together. Here
;    a closure is a heap block {code, data}; make_adder(10) returns one
;    whose code adds its data to the argument. call_closure passes the
;    block itself as the first argument, so the code can find its data.
; 3. A synchronous callback runs before the function that received it
;    returns (for_each calls it on each element, then returns).
; 4. An asynchronous callback runs later, on another thread: fetch_async
;    starts a thread and returns at once; main goes on with its own work,
;    and the thread calls the closure when the slow job is done.

        .equ CL_CODE, 0          ; closure: the function's address
        .equ CL_DATA, 4          ;          the captured data

        .data
values:  .word 1, 2, 3
done:    .word 0                 ; semaphore: the async callback has run
m_apply: .string "apply(twice, 21) = "
m_add10: .string "add10(5) = "
m_add100: .string "add100(5) = "
m_each:  .string "for_each calls back with "
m_ret1:  .string "for_each has returned (the callback ran before it did)"
m_ret2:  .string "fetch_async has returned: main goes on"
m_work:  .string "main: other work "
m_cb:    .string "async callback (thread "
m_cb2:   .string "): the result is "
m_lbl:   .string "closure"
m_job:   .string "job"

        .text
main:
        ; 1. a callback
        li   r1, twice
        li   r2, 21
        call apply              ; apply(twice, 21) → 42
        mov  r2, r0
        li   r1, m_apply
        call print_labeled

        ; 2. closures
        li   r1, 10
        call make_adder         ; add10 = a closure capturing 10
        mov  r5, r0
        li   r1, 100
        call make_adder         ; add100 = the same code, capturing 100
        mov  r6, r0
        mov  r1, r5
        li   r2, 5
        call call_closure       ; 15
        mov  r2, r0
        li   r1, m_add10
        call print_labeled
        mov  r1, r6
        li   r2, 5
        call call_closure       ; 105
        mov  r2, r0
        li   r1, m_add100
        call print_labeled

        ; 3. a synchronous callback
        li   r1, show_item
        li   r2, 0
        call make_closure
        mov  r1, r0
        call for_each           ; calls back 3 times, then returns
        li   r1, m_ret1
        sys  print_str
        call print_newline

        ; 4. an asynchronous callback
        li   r1, 0
        li   r2, 0
        sys  sem_create
        store r0, [done]
        li   r1, on_result
        li   r2, 0
        call make_closure
        mov  r1, r0
        li   r2, 7
        call fetch_async        ; returns at once
        li   r1, m_ret2
        sys  print_str
        call print_newline
        li   r7, 1
other:  li   r1, m_work         ; main keeps working meanwhile
        mov  r2, r7
        call print_labeled
        li   r1, 40
        sys  sleep
        add  r7, r7, 1
        cmp  r7, 5
        ble  other
        load r1, [done]
        sys  sem_wait           ; before exiting, make sure the callback has run
        li   r0, 0
        ret

; apply(r1 = function, r2 = x) → function(x)
apply:
        mov  r3, r1
        mov  r1, r2
        callr r3                ; call the function whose address is in r3
        ret

twice:  add  r0, r1, r1         ; twice(x) = 2x
        ret

; make_closure(r1 = code, r2 = data) → r0 = a closure on the heap
make_closure:
        push r5
        push r6
        mov  r5, r1
        mov  r6, r2
        li   r1, 8
        li   r2, m_lbl
        sys  malloc
        store r5, [r0 + CL_CODE]
        store r6, [r0 + CL_DATA]
        pop  r6
        pop  r5
        ret

; call_closure(r1 = closure, r2 = argument) → code(closure, argument)
call_closure:
        load r3, [r1 + CL_CODE]
        callr r3                ; the code gets its closure in r1, so it can reach its data
        ret

; make_adder(r1 = n) → a closure that adds n
make_adder:
        mov  r2, r1
        li   r1, adder
        call make_closure
        ret

; adder(r1 = closure, r2 = x) → x + the captured n
adder:
        load r0, [r1 + CL_DATA]
        add  r0, r0, r2
        ret

; for_each(r1 = closure): call it on every element of `values`, then return
for_each:
        push r5
        push r6
        mov  r5, r1
        li   r6, 0
fe_next:
        shl  r2, r6, 2
        li   r3, values
        add  r2, r2, r3
        load r2, [r2]
        mov  r1, r5
        call call_closure       ; synchronous: the callback runs now, on this thread
        add  r6, r6, 1
        cmp  r6, 3
        blt  fe_next
        pop  r6
        pop  r5
        ret

show_item:                      ; show_item(closure, x)
        li   r1, m_each
        call print_labeled
        ret

; fetch_async(r1 = closure, r2 = input): start the slow job on a new thread; return at once
fetch_async:
        push r5
        push r6
        mov  r5, r1
        mov  r6, r2
        li   r1, 8
        li   r2, m_job
        sys  malloc             ; the job: {closure, input}
        store r5, [r0]
        store r6, [r0 + 4]
        mov  r2, r0
        li   r1, fetch_thread
        sys  thread_create      ; the job runs there; we do not wait
        pop  r6
        pop  r5
        ret

; fetch_thread(r1 = job): the slow part, then the callback, on this thread
fetch_thread:
        mov  r5, r1
        li   r1, 100
        sys  sleep              ; pretend to wait for a disk or a server
        load r2, [r5 + 4]
        mul  r2, r2, 6          ; the "result": input × 6
        load r1, [r5]
        call call_closure       ; asynchronous: called back later, from another thread
        ret

; on_result(r1 = closure, r2 = result)
on_result:
        mov  r5, r2
        li   r1, m_cb
        sys  print_str
        sys  gettid
        mov  r1, r0
        sys  print_int
        li   r1, m_cb2
        mov  r2, r5
        call print_labeled      ; 42
        load r1, [done]
        sys  sem_post
        ret

        .include "lesson_print.s"
