package io.zokio.fs;

import static io.zokio.fs.FsTestSupport.inTask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * GroupCommitLog on both backends: content and order under many concurrent appenders (seeded records), batching
 * (fewer syncs than appends), a failed write failing its whole batch and every later append, close semantics, and
 * exactly one outcome per append when appends race a close.
 */
@ParameterizedClass
@EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GroupCommitLogTest {
    @Parameter
    BackendKind backend;
    @TempDir
    Path dir;
    Runtime rt;

    @BeforeEach
    void start() {
        rt = FsTestSupport.runtime(backend, 2);
    }

    @AfterEach
    void stop() {
        if (rt != null) {
            rt.close();
        }
    }

    /** Record {@code seq} of {@code writer}: a seeded length (1..3000 bytes) and seeded content. */
    private static byte[] record(int writer, int seq) {
        SplittableRandom r = new SplittableRandom(writer * 1_000_003L + seq);
        byte[] b = new byte[1 + r.nextInt(3000)];
        r.nextBytes(b);
        return b;
    }

    @Test
    void concurrentAppendersGetContiguousOffsetsAndTheFileHoldsExactlyTheRecords() throws Exception {
        Path p = dir.resolve("wal.log");
        int writers = 32;
        int perWriter = 40;
        GroupCommitLog log = inTask(rt, () -> GroupCommitLog.open(rt, p));
        ConcurrentSkipListMap<Long, byte[]> byOffset = new ConcurrentSkipListMap<>();
        List<Task<long[]>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            tasks.add(rt.spawn(() -> {
                long[] offsets = new long[perWriter];
                for (int i = 0; i < perWriter; i++) {
                    byte[] rec = record(writer, i);
                    offsets[i] = log.append(ByteBuffer.wrap(rec));
                    byOffset.put(offsets[i], rec);
                }
                return offsets;
            }));
        }
        for (Task<long[]> t : tasks) {
            long[] offsets = t.join();
            for (int i = 1; i < offsets.length; i++) {
                assertTrue(offsets[i] > offsets[i - 1], "one writer's records are in its own order");
            }
        }
        inTask(rt, () -> {
            log.close();
            return null;
        });
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        long next = 0;
        for (var e : byOffset.entrySet()) {
            assertEquals(next, e.getKey(), "records are back to back");
            expected.write(e.getValue());
            next += e.getValue().length;
        }
        assertEquals(writers * perWriter, byOffset.size());
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(p));
        assertEquals(next, log.end());
        assertEquals(writers * perWriter, log.appends());
        assertTrue(log.syncs() >= 1 && log.syncs() <= log.appends());
    }

    @Test
    void appendsThatArriveTogetherShareOneSyncAndKeepArrivalOrder() throws Exception {
        Path p = dir.resolve("batch.log");
        int n = 200;
        GroupCommitLog log = inTask(rt, () -> GroupCommitLog.open(rt, p));
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) { // one thread, no waiting: arrival order is call order
            byte[] rec = record(7, i);
            expected.write(rec);
            futures.add(log.appendAsync(ByteBuffer.wrap(rec)));
        }
        long offset = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(offset, futures.get(i).join(), "record " + i);
            offset += record(7, i).length;
        }
        assertEquals(n, log.appends());
        assertTrue(log.syncs() < n, () -> "appends queued during a sync are batched: " + log.syncs() + " syncs");
        inTask(rt, () -> {
            log.close();
            return null;
        });
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(p));
    }

    @Test
    void reopeningAppendsAfterTheExistingContent() throws Exception {
        Path p = dir.resolve("reopen.log");
        Files.write(p, new byte[] {1, 2, 3});
        long at = inTask(rt, () -> {
            try (GroupCommitLog log = GroupCommitLog.open(rt, p)) {
                return log.append(ByteBuffer.wrap(new byte[] {4, 5}));
            }
        });
        assertEquals(3, at);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, Files.readAllBytes(p));
    }

    @Test
    void aFailedWriteFailsItsWholeBatchAndEveryLaterAppend() throws Exception {
        Path p = dir.resolve("readonly.log");
        Files.write(p, new byte[] {9, 9});
        GroupCommitLog log = inTask(rt, () -> GroupCommitLog.over(AsyncFile.open(rt, p, StandardOpenOption.READ)));
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(log.appendAsync(ByteBuffer.wrap(record(3, i))));
        }
        for (CompletableFuture<Long> f : futures) {
            CompletionException e = assertThrows(CompletionException.class, f::join);
            IOException io = assertInstanceOf(IOException.class, e.getCause());
            assertTrue(io.getMessage().contains("write failed") || io.getMessage().contains("no further appends"),
                    io.getMessage());
        }
        assertEquals(0, log.syncs());
        assertEquals(0, log.appends());
        IOException later = assertThrows(IOException.class,
                () -> inTask(rt, () -> log.append(ByteBuffer.wrap(new byte[] {1}))));
        assertTrue(later.getMessage().contains("no further appends"), later.getMessage());
        assertFalse(later instanceof ClosedChannelException);
        inTask(rt, () -> {
            log.close();
            return null;
        });
        assertArrayEquals(new byte[] {9, 9}, Files.readAllBytes(p));
    }

    @Test
    void closeWaitsForAcceptedAppendsAndRefusesLaterOnes() throws Exception {
        Path p = dir.resolve("close.log");
        GroupCommitLog log = inTask(rt, () -> GroupCommitLog.open(rt, p));
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(log.appendAsync(ByteBuffer.wrap(record(5, i))));
        }
        inTask(rt, () -> {
            log.close();
            return null;
        });
        for (CompletableFuture<Long> f : futures) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally(), "accepted before close: durable at close");
        }
        assertFalse(log.isOpen());
        CompletionException e = assertThrows(CompletionException.class,
                () -> log.appendAsync(ByteBuffer.wrap(new byte[] {1})).join());
        assertInstanceOf(ClosedChannelException.class, e.getCause());
        assertThrows(ClosedChannelException.class, () -> inTask(rt, () -> log.append(ByteBuffer.wrap(new byte[] {1}))));
        inTask(rt, () -> {
            log.close(); // idempotent
            return null;
        });
        assertEquals(log.end(), Files.size(p));
    }

    @Test
    void everyAppendRacingACloseHasExactlyOneOutcome() throws Exception {
        Path p = dir.resolve("race.log");
        GroupCommitLog log = inTask(rt, () -> GroupCommitLog.open(rt, p));
        int writers = 16;
        AtomicInteger ok = new AtomicInteger();
        java.util.concurrent.CountDownLatch fiftyDone = new java.util.concurrent.CountDownLatch(50);
        AtomicInteger closedOutcomes = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        TreeMap<Long, byte[]> written = new TreeMap<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            tasks.add(rt.spawn(() -> {
                for (int i = 0; i < 1000; i++) {
                    byte[] rec = record(100 + writer, i);
                    try {
                        long at = log.append(ByteBuffer.wrap(rec));
                        synchronized (written) {
                            written.put(at, rec);
                        }
                        ok.incrementAndGet();
                        fiftyDone.countDown();
                    } catch (ClosedChannelException e) {
                        closedOutcomes.incrementAndGet();
                        return null; // every later append is refused too
                    } catch (IOException | RuntimeException e) {
                        other.incrementAndGet();
                        return null;
                    }
                }
                return null;
            }));
        }
        assertTrue(fiftyDone.await(60, java.util.concurrent.TimeUnit.SECONDS), "50 appends before the close");
        inTask(rt, () -> {
            log.close();
            return null;
        });
        for (Task<Void> t : tasks) {
            t.join();
        }
        assertEquals(0, other.get());
        assertEquals(ok.get(), log.appends(), "each successful append counted once");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (byte[] rec : written.values()) {
            expected.write(rec);
        }
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(p), "exactly the acknowledged records");
    }
}
