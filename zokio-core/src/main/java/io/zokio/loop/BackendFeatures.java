package io.zokio.loop;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Backend} is and offers: a name and a one-line description for logs, whether its descriptors are
 * kernel descriptors, and its capabilities. Immutable; any thread.
 *
 * @param name            a short name for logs and metrics ({@code "io_uring"}, {@code "nio"}, ...); never compared
 *                        by code: ask for a feature instead
 * @param description     one line for a startup log: the backend and what it enabled
 * @param kernelDescriptors whether {@code fd}s are kernel descriptors, valid on every loop of the process (io_uring),
 *                        rather than indices into this backend's own table (NIO)
 * @param counters        the backend's operation counters
 * @param sockets         socket calls (every backend)
 * @param fixedFiles      a native registered-file table, if the backend has one
 * @param bufferRings     provided-buffer groups, if the backend has them
 * @param fixedBuffers    a fixed-buffer table, if the backend has one
 * @param fileCalls       direct file calls (page-cache reads, kernel copies), if the backend offers them
 * @param inlineCalls     sends and receives made on the caller's thread without a completion, if the backend
 *                        offers them (a decorator that must see every transfer offers none)
 * @param linkedOps       native linked submissions, if the backend has them; without, the loop runs a chain one
 *                        member after the other ({@link EventLoop#submitLinked})
 */
public record BackendFeatures(String name, String description, boolean kernelDescriptors, Counters counters,
        SocketCalls sockets, Optional<FixedFiles> fixedFiles, Optional<BufferRings> bufferRings,
        Optional<FixedBufferTable> fixedBuffers, Optional<DirectFileCalls> fileCalls,
        Optional<InlineSocketCalls> inlineCalls, Optional<LinkedOps> linkedOps) {

    /** Counters of a backend. Any thread; racy reads of values the loop thread writes. */
    public interface Counters {
        /** Counters that count nothing. */
        Counters NONE = new Counters() {
            @Override
            public long kernelEntries() {
                return 0;
            }

            @Override
            public long submissions() {
                return 0;
            }
        };

        /** System calls into the kernel's queue so far ({@code io_uring_enter}, selector selects); 0 if not counted. */
        long kernelEntries();

        /** Operations submitted so far; 0 if not counted. */
        long submissions();
    }

    public BackendFeatures {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(sockets, "sockets");
        Objects.requireNonNull(fixedFiles, "fixedFiles");
        Objects.requireNonNull(bufferRings, "bufferRings");
        Objects.requireNonNull(fixedBuffers, "fixedBuffers");
        Objects.requireNonNull(fileCalls, "fileCalls");
        Objects.requireNonNull(inlineCalls, "inlineCalls");
        Objects.requireNonNull(linkedOps, "linkedOps");
    }

    /** Features without native linked submissions. */
    public BackendFeatures(String name, String description, boolean kernelDescriptors, Counters counters,
            SocketCalls sockets, Optional<FixedFiles> fixedFiles, Optional<BufferRings> bufferRings,
            Optional<FixedBufferTable> fixedBuffers, Optional<DirectFileCalls> fileCalls,
            Optional<InlineSocketCalls> inlineCalls) {
        this(name, description, kernelDescriptors, counters, sockets, fixedFiles, bufferRings, fixedBuffers,
                fileCalls, inlineCalls, Optional.empty());
    }

    /** Features without inline socket calls and without native linked submissions. */
    public BackendFeatures(String name, String description, boolean kernelDescriptors, Counters counters,
            SocketCalls sockets, Optional<FixedFiles> fixedFiles, Optional<BufferRings> bufferRings,
            Optional<FixedBufferTable> fixedBuffers, Optional<DirectFileCalls> fileCalls) {
        this(name, description, kernelDescriptors, counters, sockets, fixedFiles, bufferRings, fixedBuffers,
                fileCalls, Optional.empty(), Optional.empty());
    }

    /** These features with another description (a decorator's). */
    public BackendFeatures withDescription(String newDescription) {
        return new BackendFeatures(name, newDescription, kernelDescriptors, counters, sockets, fixedFiles,
                bufferRings, fixedBuffers, fileCalls, inlineCalls, linkedOps);
    }
}
