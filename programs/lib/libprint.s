; libprint.s — a tiny shared library (load it with `sys load_library`).
; The kernel assembles it once and maps the same read-only bytes at the same
; address into every process that loads it. It has code and constants only
; (no .data): each process keeps its own data.
; Its functions are reached through this jump table, at fixed offsets from
; the base address that load_library returns:
;   base + 0   print_line(r1 = address of a string): the string and a newline
;   base + 4   print_labeled(r1 = string, r2 = number): "string number\n"
;   base + 8   banner(): prints a line naming the library

        .text
        jmp  print_line
        jmp  print_labeled
        jmp  banner

print_line:
        sys  print_str
        li   r1, '\n'
        sys  print_char
        ret

print_labeled:
        sys  print_str
        mov  r1, r2
        sys  print_int
        li   r1, '\n'
        sys  print_char
        ret

banner:
        li   r1, banner_text    ; a constant kept in the library's own (read-only) code area
        sys  print_str
        ret

banner_text:
        .string "[libprint: shared code at 0x40000]\n"
