package io.zokio.bench.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * <b>Threading:</b> {@link #force} and {@link #group} on the bench's main thread; writers are virtual threads,
 * {@code filechannel-group}'s committer one platform thread.
 *
 * <p>The {@code wal} bench's FileChannel baselines. {@code filechannel-force}: every writer calls
 * {@code write} (appending at the channel position, which the channel serializes) and then {@code force(false)}
 * ({@code fdatasync}) for its own record. {@code filechannel-group}: a plain group commit: writers queue their
 * record and wait; one committer thread takes what queued while its last force ran, writes it with one gathering
 * write, forces once and completes the waiters.
 */
final class FileChannelWal {
    private FileChannelWal() {
    }

    static void force(Path file, WalWindow w, long warmMs, long windowMs) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            AtomicLong syncs = new AtomicLong();
            List<Thread> writers = new ArrayList<>();
            for (int i = 0; i < WalWindow.WRITERS; i++) {
                writers.add(Thread.ofVirtual().start(w.writerLoop(i, (id, rec) -> {
                    while (rec.hasRemaining()) {
                        ch.write(rec);
                    }
                    ch.force(false);
                    syncs.incrementAndGet();
                })));
            }
            w.measure(warmMs, windowMs, syncs::get);
            for (Thread t : writers) {
                t.join();
            }
        }
    }

    /** A record waiting for the committer, and its writer's wait. */
    private record Request(ByteBuffer record, CompletableFuture<Void> done) {
    }

    static void group(Path file, WalWindow w, long warmMs, long windowMs) throws Exception {
        LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
        AtomicLong syncs = new AtomicLong();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            Thread committer = Thread.ofPlatform().name("wal-committer").daemon().start(() -> commit(ch, queue, syncs));
            List<Thread> writers = new ArrayList<>();
            for (int i = 0; i < WalWindow.WRITERS; i++) {
                writers.add(Thread.ofVirtual().start(w.writerLoop(i, (id, rec) -> {
                    Request r = new Request(rec, new CompletableFuture<>());
                    queue.add(r);
                    r.done().get();
                })));
            }
            w.measure(warmMs, windowMs, syncs::get);
            for (Thread t : writers) {
                t.join();
            }
            committer.interrupt();
            committer.join();
        }
    }

    /** The committer: drain, one gathering write, one force, complete the batch; until interrupted. */
    private static void commit(FileChannel ch, LinkedBlockingQueue<Request> queue, AtomicLong syncs) {
        List<Request> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch);
                ByteBuffer[] bufs = new ByteBuffer[batch.size()];
                long left = 0;
                for (int i = 0; i < bufs.length; i++) {
                    bufs[i] = batch.get(i).record();
                    left += bufs[i].remaining();
                }
                IOException failure = null;
                try {
                    while (left > 0) {
                        left -= ch.write(bufs);
                    }
                    ch.force(false);
                    syncs.incrementAndGet();
                } catch (IOException e) {
                    failure = e;
                }
                for (Request r : batch) {
                    if (failure == null) {
                        r.done().complete(null);
                    } else {
                        r.done().completeExceptionally(failure);
                    }
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            for (Request r : queue) {
                r.done().cancel(false);
            }
        }
    }
}
