# a flag that is not a lock: test, then set
.var busy
.var total

.main
.again
.spin
mov  busy, %ax
test $0, %ax
jne  .spin
mov  $1, busy
mov  total, %cx
add  $1, %cx
mov  %cx, total
mov  $0, busy
sub  $1, %bx
test $0, %bx
jgt  .again
halt
