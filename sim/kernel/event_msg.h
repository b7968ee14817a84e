// The message ids of events: what happened, without the words. Each id
// takes the numbers listed next to it, in Event::args order (s: an index
// into the log's string table; fd: a packed fd description, fd_word();
// reason: a BlockReason; mode: -1 blocking, 0 asynchronous, else the
// handler's address; w: a reason, sim/kernel/why.h — its Why id, then its
// arguments in the event's next numbers; n: what needed memory, need_word()). teach/event_words.cpp
// words each one in English and Korean.
#pragma once

#include <cstdint>

namespace gb {

// X(id) for every message id, in enum order.
#define GB_EVENT_MESSAGES(X)                                                                       \
    X(Text)                 /* s: text from outside the machine */                                 \
    X(Paused)               /* w: why the kernel paused the machine */                             \
    X(SwitchToIdle)         /* core, thread */                                                     \
    X(SwitchFromIdle)       /* core, thread */                                                     \
    X(SwitchThread)         /* core, from thread, to thread */                                     \
    X(BlockOn)              /* thread, reason, object */                                           \
    X(BlockOnReason)        /* thread, reason */                                                   \
    X(BlockJoin)            /* thread, joined thread */                                            \
    X(BlockWaitChild)       /* thread, child pid */                                                \
    X(BlockWaitAnyChild)    /* thread */                                                           \
    X(BlockSleep)           /* thread, wake cycle */                                               \
    X(BlockAsyncWait)       /* thread, request */                                                  \
    X(BlockAsyncWaitAny)    /* thread */                                                           \
    X(BlockIo)              /* thread, request, op, bytes, fd, fd description */                   \
    X(BlockIoAccept)        /* thread, request, fd, fd description */                              \
    X(BlockPipeRead)        /* thread, pipe */                                                     \
    X(BlockPipeWrite)       /* thread, pipe */                                                     \
    X(BlockPoll)            /* thread, interest set */                                             \
    X(SignalledWaitsMutex)  /* thread, mutex */                                                    \
    X(Wake)                 /* thread, reason */                                                   \
    X(ThreadEnds)           /* thread, value */                                                    \
    X(ProcessExits)         /* pid, code */                                                        \
    X(FaultKills)           /* fault, pc, address, pid */                                          \
    X(MlfqBoost)            /* - */                                                                \
    X(MlfqBoostOstep)       /* - */                                                                \
    X(ThreadArrives)        /* thread */                                                           \
    X(AllotmentUsed)        /* thread, level */                                                    \
    X(WaitsForConsole)      /* thread, pid */                                                      \
    X(Deadlock)             /* blocked threads, threads in the wait-for cycle (0: none) */         \
    X(ContainerStartsIn)    /* pid, s: container, pid in the container */                          \
    X(ContainerJoins)       /* pid, s: container, pid in the container */                          \
    X(ContainerOverQuota)   /* s: container, bytes, n: for what, quota */                          \
    X(ContainerOom)         /* s: container, bytes, n: for what, quota, pid, pid in container */   \
    X(ContainerThrottled)   /* s: container, used, period, until cycle */                          \
    X(ContainerCreated)     /* id, s: name, memory quota (0 none), cpu quota (0 none), period */   \
    X(SyscallCall)          /* syscall number */                                                   \
    X(SyscallFailed)        /* w: why */                                                           \
    X(SpawnFailed)          /* s: path, w: why */                                                  \
    X(LoadLibraryFailed)    /* s: path, w: why */                                                  \
    X(ProcessStarts)        /* pid, s: name */                                                     \
    X(ProcessStartsChild)   /* pid, s: name, parent */                                             \
    X(ThreadCreated)        /* thread, s: name */                                                  \
    X(ProcessForked)        /* child pid, parent pid, thread */                                    \
    X(ForkThreadCopy)       /* child thread, parent thread */                                      \
    X(LibraryAssembled)     /* id, s: name, base */                                                \
    X(LibraryMapped)        /* pid, s: name, base */                                               \
    X(IoFailed)             /* w: why */                                                           \
    X(PipeReadAtOnce)       /* pipe, bytes, left */                                                \
    X(PipeReadAtOnceRoom)   /* pipe, bytes, left */                                                \
    X(BrokenPipe)           /* pipe */                                                             \
    X(PipeWritten)          /* pipe, bytes, in the pipe, capacity */                               \
    X(WouldBlockDisk)       /* s: call, fd, fd description */                                      \
    X(WouldBlockRead)       /* s: call, fd, fd description */                                      \
    X(WouldBlockWrite)      /* s: call, fd, fd description */                                      \
    X(CollectNotYet)        /* request */                                                          \
    X(CollectNoneYet)       /* - */                                                                \
    X(FileOpened)           /* s: name, bytes, fd */                                               \
    X(FdClosed)             /* fd, fd description */                                               \
    X(PipeCreated)          /* pipe, capacity, read fd, write fd */                                \
    X(Accepted)             /* connection, client, fd */                                           \
    X(AcceptFinished)       /* - */                                                                \
    X(InterestWatch)        /* set, fd, fd description, poll events */                             \
    X(PollReadyAtOnce)      /* set, ready count, up to 4 ready fds (fd + 1) << 8 | events */       \
    X(PollTimesOut)         /* thread, set */                                                      \
    X(PollReturns)          /* thread, set, ready count, up to 3 ready fds */                      \
    X(IoRequest)            /* request, op, bytes, fd, fd description, mode */                     \
    X(IoRequestAccept)      /* request, fd, fd description, mode */                                \
    X(IoCompletes)          /* request, result, cycles */                                          \
    X(IoCollects)           /* thread, request, result */                                          \
    X(IoHandlerNamed)       /* thread, s: handler, request, result */                              \
    X(IoHandlerAt)          /* thread, handler address, request, result */                         \
    X(LoadGenFinished)      /* answered, requests */                                               \
    X(ClientRefused)        /* client, lost */                                                     \
    X(ClientServerClosed)   /* client, connection, lost */                                         \
    X(ClientClosedConn)     /* client, request, lost */                                            \
    X(Listens)              /* pid, port, listening socket */                                      \
    X(LoadGenScripted)      /* requests, clients, latency */                                       \
    X(LoadGen)              /* clients, requests each, work, think, latency */                     \
    X(ConnNoRequest)        /* connection, bytes */                                                \
    X(ConnReply)            /* connection, request, bytes, client */                               \
    X(ConnClosedByServer)   /* connection */                                                       \
    X(ClientConnects)       /* client, connection, listening socket */                             \
    X(ClientSends)          /* client, request, work */                                            \
    X(RequestArrives)       /* request, client, connection */                                      \
    X(ClientReceives)       /* client, request, latency */                                         \
    X(ClientDone)           /* client, connection */                                               \
    X(ClientClosed)         /* connection, client */                                               \
    X(DiskRead)             /* request, s: file, offset, due cycle */                              \
    X(DiskWrite)            /* request, s: file, offset, due cycle */                              \
    X(ConsoleInputFor)      /* bytes, pid */                                                       \
    X(ConsoleInputShared)   /* bytes */                                                            \
    X(PipeWriterPuts)       /* pipe, request, bytes, in the pipe, capacity */                      \
    X(PipeLastWriterClosed) /* pipe */                                                             \
    X(PipeLastReaderClosed) /* pipe */                                                             \
    X(ListenClosed)         /* listening socket, port */

enum class Msg : uint16_t {
#define GB_MSG_ENUM(id) id,
    GB_EVENT_MESSAGES(GB_MSG_ENUM)
#undef GB_MSG_ENUM
        Count
};
constexpr int kMsgCount = static_cast<int>(Msg::Count);

} // namespace gb
