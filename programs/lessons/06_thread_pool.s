; 06_thread_pool.s — a thread pool: WORKERS threads made once, and a queue
; of TASKS tasks that they take turns emptying.
; Each task computes for about CT cycles, then waits WT cycles for "I/O"
; (a sleep stands in for a disk or a database). While a worker waits, the
; core is free for another worker to compute. The rule of thumb for how
; many workers keep N cores busy is N × (1 + WT / CT): here one core,
; WT = 600 and CT ≈ 200, so 1 × (1 + 3) = 4 workers.
; Change WORKERS and compare the cycle counts at the end, with the lesson's
; settings: glassbox-cli run programs/lessons/06_thread_pool.s --timer 5000
; (the CLI lets a process have 8 threads, so up to 7 workers; the lesson in
; the dashboard allows 12, so up to 11).
; The total falls as workers are added, until about 4; after that the core
; is always busy and more workers only add switches.
;
; The queue: main writes task numbers into `queue` and posts the semaphore
; `items` once per task; a worker waits on `items` (it blocks while the
; queue is empty), then takes the next slot with an atomic fetch-and-add on
; `head`. A task number of -1 tells a worker to stop.

        .equ WORKERS, 4          ; the pool size: try 1 to 11
        .equ TASKS, 96           ; tasks to run
        .equ CT_ROUNDS, 66       ; compute: 66 rounds of 3 cycles ≈ 200 cycles
        .equ WT, 600             ; I/O wait per task, in cycles

        .data
items:  .word 0                  ; semaphore: how many tasks wait in the queue
head:   .word 0                  ; index of the next task to take
done:   .word 0                  ; tasks finished
tids:   .space 4 * WORKERS       ; the workers' thread ids
queue:  .space 4 * (TASKS + WORKERS)
m_done: .string "tasks done: "
m_pool: .string "workers: "

        .text
main:
        li   r1, 0
        li   r2, 0
        sys  sem_create          ; items = 0: the queue starts empty
        store r0, [items]

        li   r5, 0               ; start the pool: WORKERS threads, once
make:   li   r1, worker
        mov  r2, r5
        sys  thread_create
        shl  r6, r5, 2
        li   r7, tids
        add  r6, r6, r7
        store r0, [r6]           ; tids[i] = the new thread's id
        add  r5, r5, 1
        cmp  r5, WORKERS
        blt  make

        li   r5, 0               ; submit the tasks: queue[i] = i, post items
submit: mov  r1, r5
        call enqueue
        add  r5, r5, 1
        cmp  r5, TASKS
        blt  submit
        li   r5, 0               ; then one stop marker per worker
stops:  li   r1, -1
        call enqueue
        add  r5, r5, 1
        cmp  r5, WORKERS
        blt  stops

        li   r5, 0               ; wait for every worker to stop
join:   shl  r6, r5, 2
        li   r7, tids
        add  r6, r6, r7
        load r1, [r6]
        sys  thread_join
        add  r5, r5, 1
        cmp  r5, WORKERS
        blt  join

        li   r1, m_pool
        li   r2, WORKERS
        call print_labeled
        li   r1, m_done
        load r2, [done]
        call print_labeled       ; TASKS
        li   r0, 0
        ret

; enqueue(r1 = task): queue[tail] = task; tail += 1; post items
        .data
tail:   .word 0
        .text
enqueue:
        load r2, [tail]
        shl  r3, r2, 2
        li   r4, queue
        add  r3, r3, r4
        store r1, [r3]           ; write the task into the next free slot
        add  r2, r2, 1
        store r2, [tail]         ; only main writes tail
        load r1, [items]
        sys  sem_post            ; one more task waiting: wakes a blocked worker
        ret

; worker: take a task, compute, wait for I/O, repeat
worker:
        li   r8, head
        li   r9, 1
take:   load r1, [items]
        sys  sem_wait            ; block while the queue is empty
        fadd r2, r9, [r8]        ; r2 ← head, head += 1, in one atomic step
        shl  r2, r2, 2
        li   r3, queue
        add  r2, r2, r3
        load r2, [r2]            ; the task
        cmp  r2, -1
        beq  quit                ; the stop marker
run_task:                        ; from here to task_end the worker holds task r2
        li   r3, CT_ROUNDS       ; compute for about CT cycles
compute:
        sub  r3, r3, 1
        cmp  r3, 0
        bne  compute
        li   r1, WT
        sys  sleep               ; wait for the I/O: the core is free meanwhile
        li   r3, done
        fadd r4, r9, [r3]        ; done += 1
task_end:                        ; (the pool picture: no task held from here)
        jmp  take
quit:   li   r0, 0
        ret

; print_labeled(r1 = string, r2 = number)
print_labeled:
        sys  print_str
        mov  r1, r2
        sys  print_int
        li   r1, '\n'
        sys  print_char
        ret
