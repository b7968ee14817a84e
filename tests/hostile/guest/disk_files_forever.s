; expect: disk limit reached.*max_disk_files
; exit: 4
; Empty files with new names, forever (closed each time, so descriptors do
; not run out first): the disk stops at Limits::max_disk_files (1024).
        .data
name:   .string "f_AA"
        .text
main:   li   r5, 'A'
        li   r6, 'A'
again:  li   r1, name
        li   r2, O_CREATE
        sys  open
        mov  r1, r0
        sys  close
        add  r5, r5, 1
        cmp  r5, 'z'
        ble  same
        li   r5, 'A'
        add  r6, r6, 1
        storeb r6, [name + 2]
same:   storeb r5, [name + 3]
        jmp  again
