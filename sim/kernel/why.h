// Why a system call failed or the machine paused, without the words: a
// reason id and the numbers it needs (as Msg is for events). Each id takes
// the arguments listed next to it, in Reason::args order (s: an index into
// the event log's string table; x: an address; d: a packed fd description,
// fd_word(); n: what needed the memory, need_word()). teach/event_words.cpp
// words each one in English and Korean.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace gb {

// X(id) for every reason id, in enum order.
#define GB_WHY_REASONS(X)                                                                          \
    X(None)                /* - */                                                                 \
    X(Text)                /* s: text from outside the machine (a loader's error) */               \
    X(InstructionLimit)    /* instructions run */                                                  \
    X(WaitsForConsole)     /* thread, pid */                                                       \
    X(Deadlock)            /* - */                                                                 \
    X(ProcessLimit)        /* live processes */                                                    \
    X(ForkLimit)           /* live processes, pid, thread */                                       \
    X(NoContainer)         /* container id */                                                      \
    X(ThreadLimit)         /* pid, live threads */                                                 \
    X(MemoryLimit)         /* pid, bytes it would use, limit, n: for what */                       \
    X(OverQuota)           /* s: container, bytes it would hold, n: for what, quota */             \
    X(SyncObjectLimit)     /* s: call, objects */                                                  \
    X(IoObjectLimit)       /* s: call, objects */                                                  \
    X(IoRequestLimit)      /* s: call, requests */                                                 \
    X(AsyncBytesLimit)     /* s: call, bytes, bytes not yet collected, limit */                    \
    X(FileBytesLimit)      /* s: call, s: file, bytes, limit */                                    \
    X(DiskBytesLimit)      /* s: call, bytes, limit */                                             \
    X(DiskFilesLimit)      /* s: file, files */                                                    \
    X(HeapBelowStart)      /* x: heap start */                                                     \
    X(HeapLimit)           /* pid, x: heap end asked for, x: heap limit */                         \
    X(SbrkOomKilled)       /* pid */                                                               \
    X(MallocTooBig)        /* bytes */                                                             \
    X(FreeNotBlock)        /* x: address */                                                        \
    X(FreeTwice)           /* x: address */                                                        \
    X(NotString)           /* s: call, x: address */                                               \
    X(NoProgramLoader)     /* - */                                                                 \
    X(NoLibraryLoader)     /* - */                                                                 \
    X(NoProgramFile)       /* s: path */                                                           \
    X(NoLibraryFile)       /* s: path */                                                           \
    X(OutsideRoots)        /* s: path */                                                           \
    X(LibraryHasData)      /* s: path */                                                           \
    X(LibraryAreaFull)     /* x: area start, x: area end */                                        \
    X(LibraryTooBig)       /* s: library, bytes */                                                 \
    X(LibraryQuota)        /* - */                                                                 \
    X(NotMutex)            /* s: call, id, pid */                                                  \
    X(NotSemaphore)        /* s: call, id, pid */                                                  \
    X(NotCondVar)          /* s: call, id, pid */                                                  \
    X(NotPollSet)          /* s: call, id, pid */                                                  \
    X(UnknownSyscall)      /* number */                                                            \
    X(UnlockNotOwner)      /* thread, mutex, owner thread */                                       \
    X(UnlockNotLocked)     /* mutex */                                                             \
    X(CondWaitNoMutex)     /* thread, mutex, condition variable */                                 \
    X(FdNotOpen)           /* s: call, fd */                                                       \
    X(IoTooLong)           /* s: call, bytes, most bytes */                                        \
    X(BufferNotWritable)   /* s: call, x: start, x: end */                                         \
    X(BufferNotReadable)   /* s: call, x: start, x: end */                                         \
    X(HandlerNotCode)      /* s: call, x: handler */                                               \
    X(FdIsListening)       /* s: call, fd */                                                       \
    X(FdNotForReading)     /* s: call, fd, d: fd description */                                    \
    X(FdNotForWriting)     /* s: call, fd, d: fd description */                                    \
    X(NotAsyncRequest)     /* s: call, request, pid */                                             \
    X(RequestCollected)    /* s: call, request */                                                  \
    X(RequestCancelled)    /* s: call, request */                                                  \
    X(NoRequestInFlight)   /* s: call, pid */                                                      \
    X(NoSuchFile)          /* s: file */                                                           \
    X(TooManyFds)          /* s: call, pid, most fds */                                            \
    X(NotListening)        /* fd */                                                                \
    X(PollDiskFile)        /* fd */                                                                \
    X(PollNoEvents)        /* - */                                                                 \
    X(PollNotInSet)        /* fd, set */                                                           \
    X(PollListSize)        /* entries */                                                           \
    X(PollListNotWritable) /* x: list, entries */                                                  \
    X(SeekNotFile)         /* fd */                                                                \
    X(SeekPastLimit)       /* offset, limit */

enum class Why : uint16_t {
#define GB_WHY_ENUM(id) id,
    GB_WHY_REASONS(GB_WHY_ENUM)
#undef GB_WHY_ENUM
        Count
};
constexpr int kWhyCount = static_cast<int>(Why::Count);

// A reason fits in an event after its id (Event::args has 6 numbers).
constexpr size_t kWhyArgs = 5;

struct Reason {
    Why why = Why::None;
    std::array<int64_t, kWhyArgs> args{};
    bool empty() const { return why == Why::None; }
    bool operator==(const Reason&) const = default;
};

template <typename... Args> Reason because(Why why, Args... args) {
    static_assert(sizeof...(Args) <= kWhyArgs, "too many reason arguments");
    return Reason{why, {static_cast<int64_t>(args)...}};
}

// Why a loader (Machine::loader, lib_loader) found no image: a reason id
// whose one argument is `text` (a path), or Text with the assembler's words.
struct LoadError {
    Why why = Why::Text;
    std::string text;
};

// What needed more memory (the n arguments above), with its one number.
enum class Need : uint8_t {
    CodeAndData, // s: the program's name
    NewProcess,  // s: the program's name (code, data, main stack)
    Stack,       // - (another thread's stack)
    ThreadStack, // s: the thread's name
    Library,     // s: the library's name
    Heap,        // bytes of heap
    ForkCopy,    // - (a copy of the parent's address space)
};
constexpr int kNeedCount = 7;
// Need and its number in one argument: the number in the low 48 bits.
constexpr int64_t need_word(Need n, int64_t value = 0) {
    return static_cast<int64_t>(n) << 48 | (value & ((int64_t{1} << 48) - 1));
}

} // namespace gb
