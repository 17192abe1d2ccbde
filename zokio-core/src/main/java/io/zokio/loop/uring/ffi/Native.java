package io.zokio.loop.uring.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Downcalls into libc: the io_uring syscalls through {@code syscall(2)} and plain libc functions for the rest.
 * Every method returns the kernel convention: a non-negative result, or a negated errno.
 *
 * <p><b>Threading:</b> an instance owns one errno capture buffer, so it is confined to one thread at a time
 * (the loop thread, or the constructing thread before the loop runs). {@link #wakeEventFd} is static and safe
 * from any thread: it captures no errno.
 *
 * <p><b>One shape per kind of call.</b> Making a downcall handle on a cold JVM generates a stub per distinct
 * {@link FunctionDescriptor} (about 10 ms each here), while a handle of a shape already made costs a fraction of
 * a millisecond. So every libc function is bound with one shape, {@link #LIBC_SHAPE}: six {@code long}
 * arguments and a {@code long} result, and every raw syscall with {@code syscall}'s one shape. This is exact on
 * the two ABIs this package supports (x86-64 System V and AArch64 AAPCS64): integer, pointer and size arguments
 * all travel in the first six integer registers, a callee reads only the low 32 bits of a register that holds
 * an {@code int} argument and ignores registers beyond its arity, and an {@code int} result occupies the low 32
 * bits of the result register, so {@link #ret} narrows it before testing for {@code -1}. Pointers pass as their
 * address: each caller keeps its memory alive for the duration of the call.
 *
 * <p>Two handles reach {@code io_uring_enter}: {@code critical} (no thread-state transition, for calls that
 * never wait) and a normal one for calls that may block: a blocking critical call would stall safepoints.
 */
@SuppressWarnings("restricted") // the only class that calls restricted FFM methods (see the package doc)
public final class Native {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final VarHandle ERRNO = Linker.Option.captureStateLayout()
            .varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

    /** {@code long syscall(long number, ...)} with six variadic arguments: the one shape of every raw syscall. */
    private static final FunctionDescriptor SYSCALL_SHAPE = FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    /** Six integer-register arguments and an integer-register result: the one shape of every libc call. */
    static final FunctionDescriptor LIBC_SHAPE = FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG);

    private static final MethodHandle SYSCALL = LINKER.downcallHandle(LIBC.findOrThrow("syscall"), SYSCALL_SHAPE,
            Linker.Option.firstVariadicArg(1), ERRNO_OPT);
    /** {@code -Dzokio.uring.critical=false} turns the critical handle off (for measuring what it buys). */
    private static final boolean CRITICAL = !"false".equals(System.getProperty("zokio.uring.critical"));
    private static final MethodHandle ENTER_CRITICAL = CRITICAL
            ? LINKER.downcallHandle(LIBC.findOrThrow("syscall"), SYSCALL_SHAPE, Linker.Option.firstVariadicArg(1),
                    ERRNO_OPT, Linker.Option.critical(false))
            : SYSCALL;

    private static final MethodHandle MMAP = libc("mmap");
    private static final MethodHandle MUNMAP = libc("munmap");
    private static final MethodHandle EVENTFD = libc("eventfd");
    private static final MethodHandle CLOSE = libc("close");
    private static final MethodHandle READ = libc("read");
    /**
     * No errno capture, critical: a wakeup write never blocks (the counter cannot overflow) and may come
     * from any thread.
     */
    private static final MethodHandle WRITE_NOERRNO = LINKER.downcallHandle(LIBC.findOrThrow("write"),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), Linker.Option.critical(false));

    // socket setup: eager, because a listener or connection opens its socket on a loop thread; with one shape
    // for every libc call, each of these is a cheap variant of a stub the class already made
    private static final MethodHandle SOCKET = libc("socket");
    private static final MethodHandle BIND = libc("bind");
    private static final MethodHandle LISTEN = libc("listen");
    private static final MethodHandle SETSOCKOPT = libc("setsockopt");
    private static final MethodHandle GETSOCKOPT = libc("getsockopt");
    private static final MethodHandle GETSOCKNAME = libc("getsockname");
    private static final MethodHandle GETPEERNAME = libc("getpeername");
    private static final MethodHandle SEND = libc("send");
    private static final MethodHandle RECV = libc("recv");

    private final MemorySegment errno;

    /** An instance whose errno buffer is a scoped segment of {@code arena}: use after close throws. */
    public Native(Arena arena) {
        this(arena, false);
    }

    /**
     * @param unscoped use the errno buffer through an unscoped view, so that a downcall does not acquire and
     *                 release a shared session (two atomic updates) on every call. Only for an owner that
     *                 never calls after closing {@code arena}: every call writes errno into the buffer.
     */
    Native(Arena arena, boolean unscoped) {
        MemorySegment scoped = arena.allocate(Linker.Option.captureStateLayout());
        // restricted: the owner keeps the memory alive while it calls (see above)
        this.errno = unscoped ? MemorySegment.ofAddress(scoped.address()).reinterpret(scoped.byteSize()) : scoped;
    }

    /** A libc function of at most six integer, pointer or size arguments, in {@link #LIBC_SHAPE}. */
    private static MethodHandle libc(String name) {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), LIBC_SHAPE, ERRNO_OPT);
    }

    /** A variadic libc function called with three integer arguments, the third one variadic ({@code open}, {@code fcntl}). */
    private static MethodHandle variadicAfterTwo(String name) {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG,
                JAVA_LONG), Linker.Option.firstVariadicArg(2), ERRNO_OPT);
    }

    private static MethodHandle libcOptional(String name) {
        return LIBC.find(name).map(a -> LINKER.downcallHandle(a, LIBC_SHAPE, ERRNO_OPT)).orElse(null);
    }

    private int fail() {
        return -(int) ERRNO.get(errno, 0L);
    }

    /** The result of a call whose C result is an {@code int}: only the low 32 bits of the register are defined. */
    private int ret(long r) {
        int v = (int) r;
        return v == -1 ? fail() : v;
    }

    /** The result of a call whose C result is a {@code long} or {@code ssize_t}. */
    private long retLong(long r) {
        return r == -1 ? fail() : r;
    }

    // ------------------------------------------------------------------ io_uring

    public int ioUringSetup(int entries, MemorySegment params) {
        try {
            return ret((long) SYSCALL.invokeExact(errno, IoUringConstants.NR_IO_URING_SETUP, (long) entries,
                    params.address(), 0L, 0L, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code io_uring_enter(fd, toSubmit, minComplete, flags, arg, argSize)}. {@code mayWait} selects the normal
     * (non-critical) handle; pass it whenever {@code minComplete > 0}.
     */
    public int ioUringEnter(int fd, int toSubmit, int minComplete, int flags, long arg, long argSize,
                            boolean mayWait) {
        try {
            long r = mayWait
                    ? (long) SYSCALL.invokeExact(errno, IoUringConstants.NR_IO_URING_ENTER, (long) fd,
                            (long) toSubmit, (long) minComplete, (long) flags, arg, argSize)
                    : (long) ENTER_CRITICAL.invokeExact(errno, IoUringConstants.NR_IO_URING_ENTER, (long) fd,
                            (long) toSubmit, (long) minComplete, (long) flags, arg, argSize);
            return ret(r);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int ioUringRegister(int fd, int opcode, MemorySegment arg, int nrArgs) {
        try {
            return ret((long) SYSCALL.invokeExact(errno, IoUringConstants.NR_IO_URING_REGISTER, (long) fd,
                    (long) opcode, arg.address(), (long) nrArgs, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ memory

    /**
     * Maps {@code size} bytes of the ring at {@code offset}. The segment has the global scope: it stays
     * accessible until {@link #munmap}, after which the caller must never touch it again.
     *
     * @return the mapping, or {@code null} with the negated errno in {@code errOut[0]}
     */
    MemorySegment mmapShared(int fd, long size, long offset, int[] errOut) {
        try {
            long p = (long) MMAP.invokeExact(errno, 0L, size,
                    (long) (IoUringConstants.PROT_READ | IoUringConstants.PROT_WRITE),
                    (long) (IoUringConstants.MAP_SHARED | IoUringConstants.MAP_POPULATE), (long) fd, offset);
            if (p == -1L) { // MAP_FAILED
                errOut[0] = fail();
                return null;
            }
            // restricted: the kernel just mapped exactly `size` bytes at this address
            return MemorySegment.ofAddress(p).reinterpret(size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int munmap(MemorySegment mapping) {
        try {
            return ret((long) MUNMAP.invokeExact(errno, mapping.address(), mapping.byteSize(), 0L, 0L, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ pipes

    /** {@code pipe2(fds, flags)}: {@code fds} (8 bytes) receives the read end, then the write end. */
    public int pipe2(MemorySegment fds, int flags) {
        try {
            return ret((long) PipeCalls.PIPE2.invokeExact(errno, fds.address(), (long) flags, 0L, 0L, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code sendfile(out, in, offset, count)}; {@code offset} (8 bytes) is read and advanced by the kernel. */
    public long sendfile(int outFd, int inFd, MemorySegment offset, long count) {
        try {
            return retLong((long) PipeCalls.SENDFILE.invokeExact(errno, (long) outFd, (long) inFd, offset.address(),
                    count, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code fcntl(fd, cmd, arg)} for commands that take an int. */
    public int fcntl(int fd, int cmd, int arg) {
        try {
            return ret((long) PipeCalls.FCNTL_INT.invokeExact(errno, (long) fd, (long) cmd, (long) arg));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ descriptors

    public int eventfd(int initval, int flags) {
        try {
            return ret((long) EVENTFD.invokeExact(errno, (long) initval, (long) flags, 0L, 0L, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int close(int fd) {
        try {
            return ret((long) CLOSE.invokeExact(errno, (long) fd, 0L, 0L, 0L, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int read(int fd, MemorySegment buf) {
        try {
            return (int) retLong((long) READ.invokeExact(errno, (long) fd, buf.address(), buf.byteSize(), 0L, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Adds the 8-byte counter in {@code value} to an eventfd. Any thread; errors are ignored (see class doc). */
    public static void wakeEventFd(int fd, MemorySegment value) {
        try {
            long ignored = (long) WRITE_NOERRNO.invokeExact(fd, value, 8L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int socket(int domain, int type, int protocol) {
        try {
            return ret((long) SOCKET.invokeExact(errno, (long) domain, (long) type, (long) protocol, 0L, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int bind(int fd, MemorySegment addr, int len) {
        try {
            return ret((long) BIND.invokeExact(errno, (long) fd, addr.address(), (long) len, 0L, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code send(fd, buf, len, flags)}: bytes sent or a negated errno. */
    public long send(int fd, MemorySegment buf, long len, int flags) {
        try {
            return retLong((long) SEND.invokeExact(errno, (long) fd, buf.address(), len, (long) flags, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code recv(fd, buf, len, flags)}: bytes received (0 at end of stream) or a negated errno. */
    public long recv(int fd, MemorySegment buf, long len, int flags) {
        try {
            return retLong((long) RECV.invokeExact(errno, (long) fd, buf.address(), len, (long) flags, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int listen(int fd, int backlog) {
        try {
            return ret((long) LISTEN.invokeExact(errno, (long) fd, (long) backlog, 0L, 0L, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int setsockopt(int fd, int level, int name, MemorySegment value, int len) {
        try {
            return ret((long) SETSOCKOPT.invokeExact(errno, (long) fd, (long) level, (long) name, value.address(),
                    (long) len, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment lenInOut) {
        try {
            return ret((long) GETSOCKOPT.invokeExact(errno, (long) fd, (long) level, (long) name, value.address(),
                    lenInOut.address(), 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int getsockname(int fd, MemorySegment addr, MemorySegment lenInOut) {
        try {
            return ret((long) GETSOCKNAME.invokeExact(errno, (long) fd, addr.address(), lenInOut.address(), 0L, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int getpeername(int fd, MemorySegment addr, MemorySegment lenInOut) {
        try {
            return ret((long) GETPEERNAME.invokeExact(errno, (long) fd, addr.address(), lenInOut.address(), 0L, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ files

    /** {@code ftruncate(2)}; blocks the calling thread (a metadata update). */
    public int ftruncate(int fd, long length) {
        try {
            return ret((long) FileCalls.FTRUNCATE.invokeExact(errno, (long) fd, length, 0L, 0L, 0L, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code open(2)} of a NUL-terminated {@code path}; blocks the calling thread. */
    public int open(MemorySegment path, int flags, int mode) {
        try {
            return ret((long) FileCalls.OPEN.invokeExact(errno, path.address(), (long) flags, (long) mode));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Whether libc has {@code preadv2}. */
    public static boolean hasPreadv2() {
        return FileCalls.PREADV2 != null;
    }

    /**
     * {@code preadv2(fd, iov, 1, offset, flags)} of the single iovec at {@code iov}; with {@code RWF_NOWAIT} it
     * returns {@code -EAGAIN} instead of waiting for the disk. Returns bytes read or a negated errno.
     */
    public long preadv2(int fd, MemorySegment iov, long offset, int flags) {
        try {
            return retLong((long) FileCalls.PREADV2.invokeExact(errno, (long) fd, iov.address(), 1L, offset,
                    (long) flags, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Whether libc has {@code copy_file_range}. */
    public static boolean hasCopyFileRange() {
        return FileCalls.COPY_FILE_RANGE != null;
    }

    /**
     * {@code copy_file_range(in, NULL, out, NULL, length, 0)}: copies from and advances both file positions;
     * blocks the calling thread. Returns bytes copied (0 at end of input) or a negated errno.
     */
    public long copyFileRange(int in, int out, long length) {
        try {
            return retLong((long) FileCalls.COPY_FILE_RANGE.invokeExact(errno, (long) in, 0L, (long) out, 0L,
                    length, 0L));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- descriptor limit: a test that holds 10k sockets raises its own descriptor limit
    /** {@code RLIMIT_NOFILE} in {@code asm-generic/resource.h} (x86-64 and arm64). */
    private static final int RLIMIT_NOFILE = 7;

    /**
     * Raises the soft {@code RLIMIT_NOFILE} of the process to its hard limit (setrlimit(2)); never lowers it.
     * Returns {@code {soft, hard}} as they are afterwards, or throws {@link IllegalStateException} with the errno.
     * Any thread (its own arena and errno buffer).
     */
    public static long[] raiseFdSoftLimit() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errnoBuf = arena.allocate(Linker.Option.captureStateLayout());
            MemorySegment rl = arena.allocate(JAVA_LONG, 2); // exactly struct rlimit: bounds-checked access
            if ((int) (long) LimitCalls.GETRLIMIT.invokeExact(errnoBuf, (long) RLIMIT_NOFILE, rl.address(), 0L, 0L,
                    0L, 0L) != 0) {
                throw new IllegalStateException("getrlimit(RLIMIT_NOFILE): errno " + (int) ERRNO.get(errnoBuf, 0L));
            }
            long soft = rl.getAtIndex(JAVA_LONG, 0);
            long hard = rl.getAtIndex(JAVA_LONG, 1);
            // rlim_t is unsigned: RLIM_INFINITY (-1 as a long) compares above every finite limit
            if (Long.compareUnsigned(soft, hard) < 0) {
                rl.setAtIndex(JAVA_LONG, 0, hard);
                if ((int) (long) LimitCalls.SETRLIMIT.invokeExact(errnoBuf, (long) RLIMIT_NOFILE, rl.address(), 0L,
                        0L, 0L, 0L) != 0) {
                    throw new IllegalStateException("setrlimit(RLIMIT_NOFILE, " + hard + "): errno "
                            + (int) ERRNO.get(errnoBuf, 0L));
                }
                soft = hard;
            }
            return new long[] {soft, hard};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // Handles neither opening a ring nor opening a socket needs, in holder classes: each group is made on its
    // first use (a downcall handle costs a generated stub on a cold JVM), off the startup path.

    /** Pipes for SPLICE (pipe2(2); fcntl(2) is variadic after its second argument), and sendfile(2). */
    private static final class PipeCalls {
        private static final MethodHandle PIPE2 = libc("pipe2");
        private static final MethodHandle FCNTL_INT = variadicAfterTwo("fcntl");
        private static final MethodHandle SENDFILE = libc("sendfile");
    }

    /** File syscalls: blocking, called from the runtime's blocking pool or as an inline fallback. */
    private static final class FileCalls {
        private static final MethodHandle FTRUNCATE = libc("ftruncate");
        /** {@code int open(const char *path, int flags, ...)}: the mode is the first variadic argument. */
        private static final MethodHandle OPEN = variadicAfterTwo("open");
        /** {@code ssize_t preadv2(int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags)} (glibc 2.26). */
        private static final MethodHandle PREADV2 = libcOptional("preadv2");
        /** {@code ssize_t copy_file_range(int, loff_t *, int, loff_t *, size_t, unsigned)} (glibc 2.27). */
        private static final MethodHandle COPY_FILE_RANGE = libcOptional("copy_file_range");
    }

    /** The descriptor limit ({@link #raiseFdSoftLimit}). */
    private static final class LimitCalls {
        /** {@code int getrlimit(int, struct rlimit *)}; {@code struct rlimit} is two {@code rlim_t} (8 bytes each). */
        private static final MethodHandle GETRLIMIT = libc("getrlimit");
        private static final MethodHandle SETRLIMIT = libc("setrlimit");
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("downcall failed", t);
    }
}
