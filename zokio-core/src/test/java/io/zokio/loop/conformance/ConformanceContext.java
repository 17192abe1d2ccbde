package io.zokio.loop.conformance;

import io.zokio.loop.BackendKind;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.EventLoopBuilder;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * What the conformance test interfaces ({@link LoopConformance}, {@link CancelConformance}, {@link FileConformance},
 * {@link SocketConformance}, {@link SocketErrorConformance}, {@link RandomizedConformance}) need from the
 * per-test harness; implemented by
 * {@link LoopHarness}. Every method is for the test thread, which is the loop thread.
 */
interface ConformanceContext {
    InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    /** A connected TCP pair on loopback, made with ACCEPT and CONNECT. */
    record Conn(int listener, int server, int client) {
    }

    BackendKind kind();

    /** This test's loop on the backend under test. */
    EventLoop loop();

    /** The callback of every submission of this test. */
    CallbackRecorder rec();

    /** This test's temporary directory. */
    Path dir();

    /** Replaces {@link #loop()} by one built from {@code builder} (the backend is forced), closing the old one. */
    void replaceLoop(EventLoopBuilder builder);

    /** Submits {@code c} with the recorder as its callback. */
    Completion submit(Completion c);

    /** Submits {@code c}; the recorder runs {@code then} after recording each callback. */
    Completion submit(Completion c, Callback then);

    /** Runs the loop until every one of {@code cs} is done; fails when nothing is left in flight first. */
    void runUntil(Completion... cs);

    /** Submits {@code c}, runs until it is done, asserts one callback, returns its result. */
    int await(Completion c);

    /** {@link #await} for an operation that must succeed. */
    int awaitOk(Completion c);

    /** Runs {@code turns} non-waiting turns so that what was submitted surely reached the backend. */
    void spin(int turns);

    /** Closes {@code fd} after the test (unless {@link #untrack}ed). */
    int track(int fd);

    void untrack(int fd);

    /** Opens {@code path} with OPENAT (AT_FDCWD); fails unless it succeeds. */
    int openFile(Path path, int flags, int mode);

    Conn connectPair() throws IOException;

    /** A native buffer that lives until the loop was closed. */
    MemorySegment buffer(long sizeBytes);

    /** A native copy of {@code data}. */
    MemorySegment segment(byte[] data);

    /**
     * Sends {@code data} from {@code from} (looping on short sends) while receiving it on {@code to} in chunks of
     * {@code chunk} bytes, both in flight at once; returns what was received.
     */
    byte[] transfer(int from, int to, byte[] data, int chunk);
}
