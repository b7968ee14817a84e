# two threads take turns through a shared total, each announcing itself
# in its own element of a two-word array (0(%base,%index,4)); bx is the
# thread's id, 0 or 1
.var want 2
.var turn
.var total

.main
lea want, %fx
mov %bx, %dx
neg %dx
add $1, %dx        # dx: the other thread's id

.enter
mov $1, 0(%fx,%bx,4)
mov %dx, turn

.wait
mov 0(%fx,%dx,4), %ax
test $1, %ax
jne .inside
mov turn, %ax
test %dx, %ax
je .wait

.inside
mov total, %cx
add $1, %cx
mov %cx, total
mov $0, 0(%fx,%bx,4)
mov %dx, turn
halt
