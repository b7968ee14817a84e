# push a variable's address, the callee reads it through the stack
.var lock
.var total

.main
.again
push lock
call .take
pop
mov  total, %ax
add  $1, %ax
mov  %ax, total
mov  $0, lock
sub  $1, %bx
test $0, %bx
jgt  .again
halt

.take
mov  4(%sp), %ax
mov  $1, %cx
xchg %cx, (%ax)
test $0, %cx
jne  .take
ret
