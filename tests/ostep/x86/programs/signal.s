# one thread waits for the other to write 2000
.main
test $1, %ax
je   .signal
.wait
mov  2000, %cx
test $1, %cx
jne  .wait
halt
.signal
mov  $1, 2000
halt
