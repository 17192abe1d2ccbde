package io.zokio.bench.fs;

import io.zokio.fs.AsyncFile;
import io.zokio.fs.GroupCommitLog;
import io.zokio.loop.IdleMode;
import io.zokio.runtime.CarrierMode;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.Task;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * <b>Threading:</b> {@link #perRecord} and {@link #group} on the bench's main thread; writers are tasks (virtual
 * threads) of a runtime built for the round, with default workers and backend.
 *
 * <p>The {@code wal} bench's Zokio impls. {@code zokio}: every writer reserves the next 4 KiB of the file, writes
 * its record there with {@link AsyncFile#writeAll} and calls {@link AsyncFile#fdatasync()}. {@code zokio-group}:
 * every writer calls {@link GroupCommitLog#append}.
 *
 * <p>Each method returns the runtime's backend name and carrier mode, for the result line.
 */
final class ZokioWal {
    private ZokioWal() {
    }

    /**
     * The runtime of one round: default workers, backend and carrier mode; {@code -Dzokio.bench.carrier=shared|affine}
     * forces a carrier mode.
     */
    private static Runtime runtime(IdleMode idle) {
        var b = Runtime.builder().idleMode(idle);
        String carrier = System.getProperty("zokio.bench.carrier", "auto").toUpperCase(Locale.ROOT);
        if (!carrier.equals("AUTO")) {
            b.carrierMode(CarrierMode.valueOf(carrier));
        }
        return b.build();
    }

    static String perRecord(Path file, WalWindow w, long warmMs, long windowMs, IdleMode idle) throws Exception {
        try (Runtime rt = runtime(idle);
             Arena arena = Arena.ofShared()) {
            AsyncFile f = rt.spawn(() -> AsyncFile.open(rt, file, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)).join();
            AtomicLong end = new AtomicLong();
            AtomicLong syncs = new AtomicLong();
            MemorySegment[] bufs = new MemorySegment[WalWindow.WRITERS];
            for (int i = 0; i < bufs.length; i++) {
                bufs[i] = arena.allocate(WalWindow.RECORD_BYTES, 4096);
            }
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < WalWindow.WRITERS; i++) {
                Runnable loop = w.writerLoop(i, (id, rec) -> {
                    MemorySegment seg = bufs[id];
                    seg.copyFrom(MemorySegment.ofBuffer(rec));
                    f.writeAll(seg, end.getAndAdd(WalWindow.RECORD_BYTES));
                    f.fdatasync();
                    syncs.incrementAndGet();
                });
                tasks.add(rt.spawn(() -> {
                    loop.run();
                    return null;
                }));
            }
            w.measure(warmMs, windowMs, syncs::get);
            for (Task<Void> t : tasks) {
                t.join();
            }
            rt.spawn(() -> {
                f.close();
                return null;
            }).join();
            return rt.backendName() + " carrier=" + rt.carrierMode().name().toLowerCase(Locale.ROOT);
        }
    }

    static String group(Path file, WalWindow w, long warmMs, long windowMs, IdleMode idle) throws Exception {
        try (Runtime rt = runtime(idle)) {
            GroupCommitLog log = rt.spawn(() -> GroupCommitLog.open(rt, file)).join();
            List<Task<Void>> tasks = new ArrayList<>();
            for (int i = 0; i < WalWindow.WRITERS; i++) {
                Runnable loop = w.writerLoop(i, (id, rec) -> log.append(rec));
                tasks.add(rt.spawn(() -> {
                    loop.run();
                    return null;
                }));
            }
            w.measure(warmMs, windowMs, log::syncs);
            for (Task<Void> t : tasks) {
                t.join();
            }
            rt.spawn(() -> {
                log.close();
                return null;
            }).join();
            return rt.backendName() + " carrier=" + rt.carrierMode().name().toLowerCase(Locale.ROOT);
        }
    }
}
