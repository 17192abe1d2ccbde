package io.zokio.loop.uring.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Downcalls into libc: the io_uring syscalls through {@code syscall(2)} and plain libc functions for the rest.
 * Every method returns the kernel convention: a non-negative result, or a negated errno.
 *
 * <p><b>Threading:</b> an instance owns one errno capture buffer, so it is confined to one thread at a time
 * (the loop thread, or the constructing thread before the loop runs). {@link #wakeEventFd} is static and safe
 * from any thread: it captures no errno.
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

    private static final MethodHandle SYSCALL2 = syscall(2, false);
    private static final MethodHandle SYSCALL4 = syscall(4, false);
    /** {@code -Dzokio.uring.critical=false} turns the critical handle off (for measuring what it buys). */
    private static final boolean CRITICAL = !"false".equals(System.getProperty("zokio.uring.critical"));
    private static final MethodHandle ENTER_CRITICAL = syscall(6, CRITICAL);
    private static final MethodHandle ENTER_BLOCKING = syscall(6, false);

    private static final MethodHandle MMAP = libc("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = libc("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle EVENTFD = libc("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = libc("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /**
     * No errno capture, critical: a wakeup write never blocks (the counter cannot overflow) and may come
     * from any thread.
     */
    private static final MethodHandle WRITE_NOERRNO = LINKER.downcallHandle(LIBC.findOrThrow("write"),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), Linker.Option.critical(false));

    // socket setup: eager, because a listener or connection opens its socket on a loop thread, where making a
    // handle (a generated stub on a cold JVM) would stall the worker
    private static final MethodHandle SOCKET = libc("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = libc("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle LISTEN = libc("listen",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = libc("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = libc("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETSOCKNAME = libc("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETPEERNAME = libc("getpeername",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

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

    private static MethodHandle syscall(int args, boolean critical) {
        // long syscall(long number, ...): every variadic argument is passed as a long, as the kernel reads
        // full registers (an int's upper half would be undefined).
        var layouts = new MemoryLayout[args + 1];
        Arrays.fill(layouts, JAVA_LONG);
        FunctionDescriptor fd = FunctionDescriptor.of(JAVA_LONG, layouts);
        return critical
                ? LINKER.downcallHandle(LIBC.findOrThrow("syscall"), fd, Linker.Option.firstVariadicArg(1), ERRNO_OPT,
                        Linker.Option.critical(false))
                : LINKER.downcallHandle(LIBC.findOrThrow("syscall"), fd, Linker.Option.firstVariadicArg(1), ERRNO_OPT);
    }

    private static MethodHandle libc(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIBC.findOrThrow(name), fd, ERRNO_OPT);
    }

    private static MethodHandle libcOptional(String name, FunctionDescriptor fd) {
        return LIBC.find(name).map(a -> LINKER.downcallHandle(a, fd, ERRNO_OPT)).orElse(null);
    }

    private int fail() {
        return -(int) ERRNO.get(errno, 0L);
    }

    private int ret(long r) {
        return r == -1 ? fail() : (int) r;
    }

    // ------------------------------------------------------------------ io_uring

    public int ioUringSetup(int entries, MemorySegment params) {
        try {
            return ret((long) SYSCALL2.invokeExact(errno, IoUringConstants.NR_IO_URING_SETUP, (long) entries,
                    params.address()));
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
                    ? (long) ENTER_BLOCKING.invokeExact(errno, IoUringConstants.NR_IO_URING_ENTER, (long) fd,
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
            return ret((long) SYSCALL4.invokeExact(errno, IoUringConstants.NR_IO_URING_REGISTER, (long) fd,
                    (long) opcode, arg.address(), (long) nrArgs));
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
            MemorySegment p = (MemorySegment) MMAP.invokeExact(errno, MemorySegment.NULL, size,
                    IoUringConstants.PROT_READ | IoUringConstants.PROT_WRITE,
                    IoUringConstants.MAP_SHARED | IoUringConstants.MAP_POPULATE, fd, offset);
            if (p.address() == -1L) { // MAP_FAILED
                errOut[0] = fail();
                return null;
            }
            // restricted: the kernel just mapped exactly `size` bytes at this address
            return p.reinterpret(size);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    int munmap(MemorySegment mapping) {
        try {
            return ret((int) MUNMAP.invokeExact(errno, mapping, mapping.byteSize()));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ pipes

    /** {@code pipe2(fds, flags)}: {@code fds} (8 bytes) receives the read end, then the write end. */
    public int pipe2(MemorySegment fds, int flags) {
        try {
            return ret((int) PipeCalls.PIPE2.invokeExact(errno, fds, flags));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code sendfile(out, in, offset, count)}; {@code offset} (8 bytes) is read and advanced by the kernel. */
    public long sendfile(int outFd, int inFd, MemorySegment offset, long count) {
        try {
            long r = (long) PipeCalls.SENDFILE.invokeExact(errno, outFd, inFd, offset, count);
            return r == -1 ? fail() : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code fcntl(fd, cmd, arg)} for commands that take an int. */
    public int fcntl(int fd, int cmd, int arg) {
        try {
            return ret((int) PipeCalls.FCNTL_INT.invokeExact(errno, fd, cmd, arg));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ descriptors

    public int eventfd(int initval, int flags) {
        try {
            return ret((int) EVENTFD.invokeExact(errno, initval, flags));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int close(int fd) {
        try {
            return ret((int) CLOSE.invokeExact(errno, fd));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int read(int fd, MemorySegment buf) {
        try {
            return ret((long) READ.invokeExact(errno, fd, buf, buf.byteSize()));
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
            return ret((int) SOCKET.invokeExact(errno, domain, type, protocol));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int bind(int fd, MemorySegment addr, int len) {
        try {
            return ret((int) BIND.invokeExact(errno, fd, addr, len));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int listen(int fd, int backlog) {
        try {
            return ret((int) LISTEN.invokeExact(errno, fd, backlog));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int setsockopt(int fd, int level, int name, MemorySegment value, int len) {
        try {
            return ret((int) SETSOCKOPT.invokeExact(errno, fd, level, name, value, len));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment lenInOut) {
        try {
            return ret((int) GETSOCKOPT.invokeExact(errno, fd, level, name, value, lenInOut));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int getsockname(int fd, MemorySegment addr, MemorySegment lenInOut) {
        try {
            return ret((int) GETSOCKNAME.invokeExact(errno, fd, addr, lenInOut));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public int getpeername(int fd, MemorySegment addr, MemorySegment lenInOut) {
        try {
            return ret((int) GETPEERNAME.invokeExact(errno, fd, addr, lenInOut));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ------------------------------------------------------------------ files

    /** {@code ftruncate(2)}; blocks the calling thread (a metadata update). */
    public int ftruncate(int fd, long length) {
        try {
            return ret((int) FileCalls.FTRUNCATE.invokeExact(errno, fd, length));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code open(2)} of a NUL-terminated {@code path}; blocks the calling thread. */
    public int open(MemorySegment path, int flags, int mode) {
        try {
            return ret((int) FileCalls.OPEN.invokeExact(errno, path, flags, mode));
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
            long r = (long) FileCalls.PREADV2.invokeExact(errno, fd, iov, 1, offset, flags);
            return r == -1 ? fail() : r;
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
            long r = (long) FileCalls.COPY_FILE_RANGE.invokeExact(errno, in, MemorySegment.NULL, out, MemorySegment.NULL,
                    length, 0);
            return r == -1 ? fail() : r;
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
            if ((int) LimitCalls.GETRLIMIT.invokeExact(errnoBuf, RLIMIT_NOFILE, rl) != 0) {
                throw new IllegalStateException("getrlimit(RLIMIT_NOFILE): errno " + (int) ERRNO.get(errnoBuf, 0L));
            }
            long soft = rl.getAtIndex(JAVA_LONG, 0);
            long hard = rl.getAtIndex(JAVA_LONG, 1);
            // rlim_t is unsigned: RLIM_INFINITY (-1 as a long) compares above every finite limit
            if (Long.compareUnsigned(soft, hard) < 0) {
                rl.setAtIndex(JAVA_LONG, 0, hard);
                if ((int) LimitCalls.SETRLIMIT.invokeExact(errnoBuf, RLIMIT_NOFILE, rl) != 0) {
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
        private static final MethodHandle PIPE2 = libc("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        private static final MethodHandle FCNTL_INT = LINKER.downcallHandle(LIBC.findOrThrow("fcntl"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2),
                ERRNO_OPT);
        private static final MethodHandle SENDFILE = libc("sendfile",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    /** File syscalls: blocking, called from the runtime's blocking pool or as an inline fallback. */
    private static final class FileCalls {
        private static final MethodHandle FTRUNCATE = libc("ftruncate",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
        /** {@code int open(const char *path, int flags, ...)}: the mode is the first variadic argument. */
        private static final MethodHandle OPEN = LINKER.downcallHandle(LIBC.findOrThrow("open"),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2),
                ERRNO_OPT);
        /** {@code ssize_t preadv2(int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags)} (glibc 2.26). */
        private static final MethodHandle PREADV2 = libcOptional("preadv2",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT));
        /** {@code ssize_t copy_file_range(int, loff_t *, int, loff_t *, size_t, unsigned)} (glibc 2.27). */
        private static final MethodHandle COPY_FILE_RANGE = libcOptional("copy_file_range",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    /** The descriptor limit ({@link #raiseFdSoftLimit}). */
    private static final class LimitCalls {
        /** {@code int getrlimit(int, struct rlimit *)}; {@code struct rlimit} is two {@code rlim_t} (8 bytes each). */
        private static final MethodHandle GETRLIMIT = libc("getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        private static final MethodHandle SETRLIMIT = libc("setrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
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
