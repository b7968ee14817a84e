; expect: has no instructions
; exit: 3

