# every thread adds 1 to total, %bx times, with no lock
.var total

.main
.again
mov  total, %ax     # read the shared word
add  $1, %ax
mov  %ax, total     # write it back: a race
sub  $1, %bx
test $0, %bx
jgt  .again
halt
