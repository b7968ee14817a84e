; expect: "exit_code": 0
; exit: 0
; args: --json
main:
        li r1, 0xff
        sys print_char
        li   r1, 0
        sys  exit
