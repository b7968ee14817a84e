# three instructions and a halt: with -i 4 a thread halts on the interrupt
.var n
.main
mov  n, %ax
add  $1, %ax
mov  %ax, n
halt
