# neg, mul, lea with a register, the other jumps and test with an immediate last
.var out 2

.main
mov  %bx, %cx
neg  %cx
mul  $3, %cx
mul  %bx, %cx
lea  4(%dx), %ax
mov  %cx, 0(%ax)
test %cx, $-10
jlt  .small
jlte .small
jgte .big
.small
mov  $7, %dx
mov  %dx, out
halt
.big
sub  %bx, %dx
mov  %dx, out
halt
