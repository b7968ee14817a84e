# a spin lock built on xchg with a variable
.var lock
.var total

.main
.again
.spin
mov  $1, %ax
xchg %ax, lock      # atomically: ax <-> lock
test $0, %ax
jne  .spin          # somebody holds it
mov  total, %cx
add  $1, %cx
mov  %cx, total
mov  $0, lock       # release
sub  $1, %bx
test $0, %bx
jgt  .again
halt
