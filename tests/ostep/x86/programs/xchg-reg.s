# the same lock, its address in a register
.var pad
.var lock
.var total

.main
lea  lock, %dx
.again
.spin
mov  $1, %ax
xchg %ax, (%dx)
test $0, %ax
jne  .spin
mov  total, %cx
add  $1, %cx
mov  %cx, total
mov  $0, (%dx)
sub  $1, %bx
test $0, %bx
jgt  .again
halt
