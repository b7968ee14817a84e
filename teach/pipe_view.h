// The pipe picture (lessons 03 and 13): each pipe's bounded buffer as a row
// of cells filling and draining — the bytes in it, how many were written
// and read in all — and who waits on it: a reader of the empty pipe, a
// writer of the full one with the bytes it still has to put in. Pure
// function of `const Machine&`.
#pragma once

#include "sim/kernel/machine.h"

#include <cstdint>
#include <vector>

namespace gb::view {

struct PipeWaiter {
    int request = 0; // the I/O request id
    int pid = 0, tid = 0;
    uint32_t asked = 0; // bytes it asked to read or write
    uint32_t left = 0;  // a writer: bytes not yet in the pipe
};

struct PipeBox {
    int id = 0;
    int pid = 0; // the process that made it
    uint32_t capacity = 0;
    std::vector<uint8_t> bytes; // in the buffer, oldest (next to be read) first
    uint64_t written = 0, read = 0;
    int read_ends = 0, write_ends = 0; // open in all processes
    std::vector<PipeWaiter> readers;   // waiting to read, oldest first
    std::vector<PipeWaiter> writers;   // waiting to write, oldest first
    bool full() const { return bytes.size() >= capacity; }
};

std::vector<PipeBox> pipe_boxes(const Machine& m);

} // namespace gb::view
