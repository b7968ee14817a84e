; fork_bomb.s — every process forks forever, so their number doubles again
; and again. A real system needs a limit on processes per user; Glassbox
; has one too (Config::limits.max_processes, 64 alive at once). When a fork
; would go past it, fork returns -1 and the kernel stops the machine with a
; report naming the limit, instead of letting the machine drown.

        .text
main:
again:  sys  fork               ; parent and child both come back here...
        jmp  again              ; ...and both fork again
