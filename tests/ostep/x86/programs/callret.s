# a function call with an argument on the stack
.var total

.main
.again
mov  %sp, %bp
push %bx
call .bump
pop
sub  $1, %bx
test $0, %bx
jgt  .again
halt

.bump
push %bp
mov  %sp, %bp
mov  8(%bp), %cx     # the argument
mov  total, %ax
add  %cx, %ax
mov  %ax, total
pop  %bp
ret
