; expect: \\x1b\[2J
; exit: 2
main:
        bogus [2J]0;pwned r1
        li   r1, 0
        sys  exit
