; expect: (limit|steps)
; exit: -1
; args: --switch-cost 10000000 --timer 1 --max-steps 1000
main:
loop:   jmp loop
