; producer_consumer.s — a bounded buffer with two semaphores and a mutex
; (OSTEP chapter 31). The buffer has 4 slots. `empty` counts free slots and
; `full` counts filled ones: the producer waits on `empty` before it puts an
; item and posts `full` after; the consumer does the opposite. So the
; producer blocks when the buffer is full, the consumer when it is empty,
; and the mutex keeps the two from updating the buffer at the same time.
; Watch "put" run ahead of "got", never by more than 4. With a long time
; slice (--timer 1000) the producer fills all 4 slots, then blocks.

        .data
buf:    .space 16               ; 4 slots of one word
in:     .word 0                 ; next slot to fill
out:    .word 0                 ; next slot to empty
empty:  .word 0                 ; semaphore ids, from sem_create
full:   .word 0
mutex:  .word 0
empty_name: .string "empty"
full_name:  .string "full"
put_msg: .string "put "
got_msg: .string "          got "
.equ SLOTS, 4
.equ ITEMS, 8

        .text
main:
        li   r1, SLOTS
        li   r2, empty_name
        sys  sem_create         ; empty = 4: every slot is free
        store r0, [empty]
        li   r1, 0
        li   r2, full_name
        sys  sem_create         ; full = 0: nothing to take yet
        store r0, [full]
        li   r1, 0
        sys  mutex_create
        store r0, [mutex]
        li   r1, producer
        li   r2, 0
        sys  thread_create
        mov  r5, r0
        li   r1, consumer
        sys  thread_create
        mov  r6, r0
        mov  r1, r5
        sys  thread_join
        mov  r1, r6
        sys  thread_join
        li   r0, 0
        ret

producer:
        li   r5, 1              ; the next item
p_next:
        load r1, [empty]
        sys  sem_wait           ; wait for a free slot
        load r1, [mutex]
        sys  mutex_lock
        load r2, [in]
        shl  r3, r2, 2
        li   r4, buf
        add  r3, r3, r4         ; r3 ← the address of buf[in]
        store r5, [r3]          ; buf[in] ← item
        add  r2, r2, 1
        mod  r2, r2, SLOTS
        store r2, [in]          ; in ← (in + 1) mod 4
        li   r1, put_msg        ; print while holding the mutex, so lines do not mix
        sys  print_str
        mov  r1, r5
        call print_line
        load r1, [mutex]
        sys  mutex_unlock
        load r1, [full]
        sys  sem_post           ; one more item to take
        add  r5, r5, 1
        cmp  r5, ITEMS
        ble  p_next
        ret

consumer:
        li   r5, ITEMS          ; items left to take
c_next:
        load r1, [full]
        sys  sem_wait           ; wait for an item
        load r1, [mutex]
        sys  mutex_lock
        load r2, [out]
        shl  r3, r2, 2
        li   r4, buf
        add  r3, r3, r4         ; r3 ← the address of buf[out]
        load r6, [r3]           ; item ← buf[out]
        add  r2, r2, 1
        mod  r2, r2, SLOTS
        store r2, [out]
        li   r1, got_msg
        sys  print_str
        mov  r1, r6
        call print_line
        load r1, [mutex]
        sys  mutex_unlock
        load r1, [empty]
        sys  sem_post           ; one more free slot
        sub  r5, r5, 1
        cmp  r5, 0
        bgt  c_next
        ret

; print_line(r1): a number and a newline
print_line:
        sys  print_int
        li   r1, '\n'
        sys  print_char
        ret
