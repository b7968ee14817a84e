; dropped.s — the browser test's drag and drop (tests/web/browser_drive_test.py):
; a program dropped on the page; the test then edits and saves it.
        .data
msg:
        .string "dropped on the page\n"

        .text
main:
        li   r1, msg
        sys  print_str
        li   r0, 0
        ret
