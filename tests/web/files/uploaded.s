; uploaded.s — the browser test's upload (tests/web/browser_drive_test.py):
; a program from the student's computer, opened through File → Upload.
        .data
msg:
        .string "uploaded: 6 x 7 = "

        .text
main:
        li   r1, msg
        sys  print_str
        li   r1, 6
        li   r2, 7
        mul  r1, r1, r2
        sys  print_int
        li   r0, 0
        ret
