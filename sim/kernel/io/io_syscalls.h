// The I/O system calls (numbers 31..49 in syscalls.h; the table in
// syscalls.cpp points here). Each takes the calling thread; arguments are
// in r1..r4, the result goes to r0 (pipe and the async calls also set r1).
#pragma once

namespace gb {

class Machine;

namespace io_sys {

void sys_open(Machine& m, int tid);
void sys_close(Machine& m, int tid);
void sys_read(Machine& m, int tid);
void sys_write(Machine& m, int tid);
void sys_read_nb(Machine& m, int tid);
void sys_write_nb(Machine& m, int tid);
void sys_read_async(Machine& m, int tid);
void sys_write_async(Machine& m, int tid);
void sys_async_wait(Machine& m, int tid);
void sys_async_collect(Machine& m, int tid);
void sys_pipe(Machine& m, int tid);
void sys_listen(Machine& m, int tid);
void sys_accept(Machine& m, int tid);
void sys_poll_create(Machine& m, int tid);
void sys_poll_add(Machine& m, int tid);
void sys_poll_remove(Machine& m, int tid);
void sys_poll_wait(Machine& m, int tid);
void sys_seek(Machine& m, int tid);
void sys_clock(Machine& m, int tid);

} // namespace io_sys

} // namespace gb
