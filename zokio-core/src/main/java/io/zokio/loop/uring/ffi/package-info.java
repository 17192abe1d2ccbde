/**
 * The native fence: the only package that uses restricted FFM methods (Linker downcalls, {@code reinterpret},
 * raw addresses) and kernel struct offsets. A pure-Java port of what liburing does.
 *
 * <h2>Entities</h2>
 * <ul>
 *   <li>{@link io.zokio.loop.uring.ffi.KernelStructs}: struct layouts named after their kernel structs; a test
 *       pins every size and offset against {@code include/uapi/linux/io_uring.h} and friends.</li>
 *   <li>{@link io.zokio.loop.uring.ffi.Native}: downcalls. io_uring syscalls go through libc
 *       {@code syscall(2)} (425/426/427 on x86_64 and aarch64), the rest through libc functions; errno is
 *       captured per instance, so an instance is confined to one thread. Results follow the kernel convention
 *       (negated errno).</li>
 *   <li>{@link io.zokio.loop.uring.ffi.IoUringProbe}: once per process, whether io_uring works and which
 *       setup flags and opcodes the kernel has; never throws.</li>
 *   <li>{@link io.zokio.loop.uring.ffi.IoUring}: one ring (setup with flag fallback, mmaps,
 *       {@code io_uring_enter}, CQE reaping, register helpers); its
 *       {@link io.zokio.loop.uring.ffi.SubmissionQueue}: the SQ ring and the SQE preparation, one method per
 *       operation.</li>
 *   <li>{@link io.zokio.loop.uring.ffi.NativeCodec}, {@link io.zokio.loop.uring.ffi.SocketOps},
 *       {@link io.zokio.loop.uring.ffi.EventFd}: sockaddr/statx/iovec/path encoding, synchronous socket
 *       syscalls, the wakeup eventfd. A {@code sockaddr_un} (110 bytes: family, 108 of {@code sun_path}) holds a
 *       path with its terminating NUL, its length counting that NUL, or an abstract name after a leading NUL,
 *       its length exact (the kernel takes every byte up to it as the name).</li>
 *   <li>{@link io.zokio.loop.uring.ffi.BufRing}: a provided buffer ring (IORING_REGISTER_PBUF_RING), entries
 *       published by a release store of the 16-bit tail; {@link io.zokio.loop.uring.ffi.Pipes}: pipe2 and
 *       F_SETPIPE_SZ for SPLICE.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ol>
 *   <li>Memory handed to the kernel through an SQE stays allocated until that SQE's CQE is reaped (callers
 *       own it: user buffers, per-slot scratch). Ring mappings are unscoped views, valid until
 *       {@link io.zokio.loop.uring.ffi.IoUring#close()}; nothing touches them afterwards.</li>
 *   <li>Ordering with the kernel: SQEs are plain stores published by a release store of the SQ tail (the
 *       kernel load-acquires it); the SQ head and CQ tail are load-acquired (the kernel store-releases them);
 *       CQEs are read before one release store of the CQ head.</li>
 *   <li>Only the ring's owner thread calls {@code io_uring_enter} or {@code io_uring_register}; with
 *       {@code IORING_SETUP_SINGLE_ISSUER} that is the thread that enabled the ring (created with
 *       {@code IORING_SETUP_R_DISABLED}, enabled lazily by the first enter). The one exception is
 *       {@link io.zokio.loop.uring.ffi.EventFd#signal()}: any thread, a plain {@code write(2)}.</li>
 *   <li>A blocking native call is never critical: {@code io_uring_enter} has a critical handle for calls that
 *       do not wait and a normal one for calls that may wait.</li>
 * </ol>
 */
package io.zokio.loop.uring.ffi;
