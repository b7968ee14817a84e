; 11_callback_hell.s — three slow requests in a row, with callbacks.
; The logic is simple: a = get_a(); b = get_b(a); c = get_c(b); print them.
; But each get_* is asynchronous: it starts the request on another thread
; and returns at once, and the result arrives later in a callback. So the
; next step has to be started *inside* the previous step's callback, and
; every value a later step needs must be carried along in a closure:
;     get_a(function(a) {
;         get_b(a, function(b) {            // this closure captures a
;             get_c(b, function(c) {        // this one captures a and b
;                 print(a, b, c)
;             })
;         })
;     })
; In assembly the pyramid becomes three callback functions (on_a, on_b,
; on_c) and closures {code, a, b} on the heap. Follow the thread ids: each
; step runs on a different thread. 11_coroutine_style.s does the same
; with a coroutine and reads like the three plain lines above.

        .equ CL_CODE, 0          ; closure: {code, a, b}
        .equ CL_A, 4
        .equ CL_B, 8

        .data
finished: .word 0                ; semaphore: the last callback has run
m_start: .string "main: request a started, main is free"
m_a:     .string "on_a on thread "
m_b:     .string "on_b on thread "
m_c:     .string "on_c on thread "
m_res:   .string "a, b, c = "
m_sep:   .string ", "
m_lbl:   .string "closure"
m_job:   .string "request"

        .text
main:
        li   r1, 0
        li   r2, 0
        sys  sem_create
        store r0, [finished]
        li   r1, on_a           ; the callback for a: captures nothing
        li   r2, 0
        li   r3, 0
        call make_closure
        mov  r3, r0
        li   r1, get_a
        li   r2, 0
        call request_async      ; get_a(on_a)
        li   r1, m_start
        sys  print_str
        call print_newline
        load r1, [finished]
        sys  sem_wait           ; wait for the end of the chain
        li   r0, 0
        ret

; on_a(r1 = closure, r2 = a): start get_b(a), passing a along
on_a:
        mov  r5, r2
        li   r1, m_a
        call say_thread
        li   r1, on_b
        mov  r2, r5             ; capture a
        li   r3, 0
        call make_closure
        mov  r3, r0
        li   r1, get_b
        mov  r2, r5
        call request_async      ; get_b(a, on_b)
        ret

; on_b(r1 = closure, r2 = b): start get_c(b), passing a and b along
on_b:
        mov  r5, r2
        load r6, [r1 + CL_A]    ; a, from the closure
        li   r1, m_b
        call say_thread
        li   r1, on_c
        mov  r2, r6             ; capture a
        mov  r3, r5             ; and b
        call make_closure
        mov  r3, r0
        li   r1, get_c
        mov  r2, r5
        call request_async      ; get_c(b, on_c)
        ret

; on_c(r1 = closure, r2 = c): finally, everything is known
on_c:
        mov  r7, r2
        load r5, [r1 + CL_A]
        load r6, [r1 + CL_B]
        li   r1, m_c
        call say_thread
        li   r1, m_res
        sys  print_str
        mov  r1, r5
        sys  print_int          ; a = 10
        li   r1, m_sep
        sys  print_str
        mov  r1, r6
        sys  print_int          ; b = a + 5 = 15
        li   r1, m_sep
        sys  print_str
        mov  r1, r7
        sys  print_int          ; c = b × 2 = 30
        call print_newline
        load r1, [finished]
        sys  sem_post
        ret

; the three "remote" computations
get_a:  li   r0, 10
        ret
get_b:  add  r0, r1, 5
        ret
get_c:  add  r0, r1, r1
        ret

; make_closure(r1 = code, r2 = a, r3 = b) → r0
make_closure:
        push r5
        push r6
        push r7
        mov  r5, r1
        mov  r6, r2
        mov  r7, r3
        li   r1, 12
        li   r2, m_lbl
        sys  malloc
        store r5, [r0 + CL_CODE]
        store r6, [r0 + CL_A]
        store r7, [r0 + CL_B]
        pop  r7
        pop  r6
        pop  r5
        ret

; request_async(r1 = function, r2 = input, r3 = closure): run function(input)
; on a new thread after a delay, then call the closure with the result
request_async:
        push r5
        push r6
        push r7
        mov  r5, r1
        mov  r6, r2
        mov  r7, r3
        li   r1, 12
        li   r2, m_job
        sys  malloc
        store r5, [r0]
        store r6, [r0 + 4]
        store r7, [r0 + 8]
        mov  r2, r0
        li   r1, request_thread
        sys  thread_create
        pop  r7
        pop  r6
        pop  r5
        ret

request_thread:                 ; (r1 = the request record)
        mov  r5, r1
        li   r1, 100
        sys  sleep              ; the network round trip
        load r1, [r5 + 4]
        load r3, [r5]
        callr r3                ; r0 = function(input)
        mov  r2, r0
        load r1, [r5 + 8]
        load r3, [r1 + CL_CODE]
        callr r3                ; the callback, on this thread
        ret

; say_thread(r1 = text): "text T" with this thread's id
say_thread:
        sys  print_str
        sys  gettid
        mov  r1, r0
        sys  print_int
        call print_newline
        ret

        .include "lesson_print.s"
