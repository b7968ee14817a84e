# a lock that yields instead of spinning
.var lock
.var total

.main
.again
.try
mov  $1, %ax
xchg %ax, lock
test $0, %ax
je   .got
yield
j    .try
.got
mov  total, %cx
add  $1, %cx
mov  %cx, total
mov  $0, lock
sub  $1, %bx
test $0, %bx
jgt  .again
halt
