; looping_race_nolock.s — the race runner's racy loop (after OSTEP's
; looping-race-nolock.s for x86.py). Every thread starts at main with its
; loop count in r1 and adds 1 to the shared `count` that many times. The
; update is three instructions (load, add, store); when the timer switches
; threads between one thread's load and its store, the other thread's
; updates in between are lost.
; Try:  glassbox-cli run programs/looping_race_nolock.s --threads 2 --regs "r1=3;r1=3" \
;         --timer 1 --quantum 1 --switch-cost 0 --show count --trace
; Two threads of 3 should make count 6: with --timer 3 it is 6, with --timer 1,
; 2, 4 or 7 updates are lost.

        .data
count:  .word 0

        .text
main:
again:  load  r2, [count]       ; r2 ← count (a private copy in a register)
        add   r2, r2, 1         ; r2 ← r2 + 1
        store r2, [count]       ; count ← r2  (maybe overwriting another thread's update)
        sub   r1, r1, 1         ; one fewer to go
        cmp   r1, 0
        bgt   again
        halt                    ; this thread is done
