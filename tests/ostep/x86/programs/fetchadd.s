# a ticket lock with fetchadd
.var next
.var serving
.var total

.main
.again
mov  $1, %ax
fetchadd %ax, next     # my ticket
.wait
mov  serving, %cx
test %cx, %ax
jne  .wait
mov  total, %dx
add  $1, %dx
mov  %dx, total
mov  $1, %ax
fetchadd %ax, serving  # the next ticket's turn
sub  $1, %bx
test $0, %bx
jgt  .again
halt
