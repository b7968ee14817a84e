; 11_coroutine_style.s — the same three requests as 11_callback_hell.s,
; written as straight-line code in a coroutine:
;     a = await get_a(); b = await get_b(a); c = await get_c(b); print(a, b, c)
; `await` starts the request (on another thread, as before), then yields:
; the coroutine is suspended with all its locals (a, b) kept on its own
; stack. main is a tiny event loop: it waits for any request to complete
; and resumes the coroutine, which carries on from its await with the
; result. No closures to fill by hand, no pyramid; the logic reads in the
; order it happens. This is "writing asynchronous code in a synchronous
; style", what async/await in Python, JavaScript, C# or Kotlin gives you.

        .data
completed: .word 0               ; semaphore: a request has finished
result:    .word 0               ; its result
co:        .word 0               ; the handler coroutine
m_loop:  .string "event loop on thread "
m_h:     .string "handler runs on thread "
m_res:   .string "a, b, c = "
m_sep:   .string ", "
m_job:   .string "request"

        .text
main:
        li   r1, 0
        li   r2, 0
        sys  sem_create
        store r0, [completed]
        li   r1, m_loop
        call say_thread
        li   r1, handler
        call co_create
        store r0, [co]
        mov  r1, r0
        call resume             ; run the handler up to its first await
loop:   load r1, [co]
        load r2, [r1 + CO_DONE]
        cmp  r2, 0
        bne  finish             ; the handler has returned
        load r1, [completed]
        sys  sem_wait           ; the event loop waits for a completion...
        load r1, [co]
        call resume             ; ...and hands it to the coroutine
        jmp  loop
finish: li   r0, 0
        ret

; handler(r1 = its coroutine): the whole logic, top to bottom
handler:
        mov  r5, r1             ; r5 = my coroutine record
        li   r1, m_h
        call say_thread         ; the same thread as the event loop
        li   r1, get_a
        li   r2, 0
        call await              ; a = await get_a()
        mov  r6, r0
        li   r1, get_b
        mov  r2, r6
        call await              ; b = await get_b(a)
        mov  r7, r0
        li   r1, get_c
        mov  r2, r7
        call await              ; c = await get_c(b)
        push r0
        li   r1, m_res
        sys  print_str
        mov  r1, r6
        sys  print_int
        li   r1, m_sep
        sys  print_str
        mov  r1, r7
        sys  print_int
        li   r1, m_sep
        sys  print_str
        pop  r1
        sys  print_int
        call print_newline
        ret

; await(r1 = function, r2 = input) → its result; uses r5 = the coroutine
await:
        call request_async      ; start it on another thread
        mov  r1, r5
        call yield              ; suspend until the event loop resumes us
        load r0, [result]       ; the loop resumes us only once the result is in
        ret

get_a:  li   r0, 10
        ret
get_b:  add  r0, r1, 5
        ret
get_c:  add  r0, r1, r1
        ret

; request_async(r1 = function, r2 = input): function(input) on a new thread, after a delay
request_async:
        push r5
        push r6
        mov  r5, r1
        mov  r6, r2
        li   r1, 8
        li   r2, m_job
        sys  malloc
        store r5, [r0]
        store r6, [r0 + 4]
        mov  r2, r0
        li   r1, request_thread
        sys  thread_create
        pop  r6
        pop  r5
        ret

request_thread:
        mov  r5, r1
        li   r1, 100
        sys  sleep              ; the network round trip
        load r1, [r5 + 4]
        load r3, [r5]
        callr r3
        store r0, [result]      ; hand the result over...
        load r1, [completed]
        sys  sem_post           ; ...and tell the event loop
        ret

say_thread:
        sys  print_str
        sys  gettid
        mov  r1, r0
        sys  print_int
        call print_newline
        ret

        .include "coro.s"
        .include "lesson_print.s"
