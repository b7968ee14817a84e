; max_speed.s — the dashboard's full-speed benchmark (docs/engine.md):
;   xvfb-run -a build/gui/glassbox --bench-frames 300 --size 1280x720 \
;       --program bench/max_speed.s
; Two threads add to one counter, as programs/race.s does, but for long
; enough (about 3 billion instructions) that the run never ends while it
; is measured: every frame simulates, and the timeline, the event log and
; the CPU panels have switches to draw.
        .data
count:  .word 0

        .text
main:
        li   r1, worker
        li   r2, 0
        sys  thread_create
        mov  r5, r0
        li   r1, worker
        sys  thread_create
        mov  r6, r0
        mov  r1, r5
        sys  thread_join
        mov  r1, r6
        sys  thread_join
        li   r0, 0
        ret

worker:
        li   r2, 250000000
again:
        load  r3, [count]
        add   r3, r3, 1
        store r3, [count]
        sub   r2, r2, 1
        cmp   r2, 0
        bne   again
        li    r0, 0
        ret
