package io.zokio.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zokio.loop.BackendKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * Closing a runtime under load completes every operation exactly once and gives back every
 * thread, descriptor, ring and byte of native memory, cycle after cycle, on each backend.
 *
 * <p>Each cycle is a {@link LoadCycle} at full size (10,000 connections with a read in flight, 1,000 file
 * operations, 100,000 timers); the client ends live in a {@link PeerMain} child JVM. The number of cycles is
 * {@code -Dzokio.reliability.cycles} (the module's pom defaults it to a short run; 100 is the full one).
 *
 * <p>After each cycle, once the GC freed what only the GC frees (direct buffers, automatic arenas): no
 * {@code zokio-*} thread alive, the descriptors and the io_uring mappings back to exactly their level after the
 * first (warm-up) cycle, and NMT's "Other" category (where {@code Arena} and direct-buffer memory is counted)
 * back within {@link #OTHER_TOLERANCE_KB} of it. Growth is judged between the cycle at {@link #compareAt}
 * and the last.
 */
class ShutdownUnderLoadTest {
    static final int CONNECTIONS = 10_000;
    /**
     * NMT "Other" may differ from the warm-up level by this much: the JDK itself mallocs there (NIO selector
     * arrays, the FFM linker's stubs, zip inflaters) in amounts that depend on what ran last, a few hundred KiB.
     * A leak of Zokio's per-connection or per-operation native memory (at least 16 bytes per read buffer, 4 KiB
     * per file buffer, a ring per worker) would be 160 KiB to many MiB per cycle and would cross this bound
     * within a few cycles; growth between cycle 10 and the last is judged against the same bound.
     */
    static final long OTHER_TOLERANCE_KB = 4 * 1024;
    /**
     * NMT committed outside the JIT and GC categories ({@link Probes.Nmt#runtimeKb}): threads' stacks, Internal,
     * Other and the rest. Generous, because thread stacks are committed lazily and JDK-internal pools (the
     * common ForkJoinPool, the Cleaner) come and go: 32 MiB. A lost worker (1 MiB stack reserved, a ring) per
     * cycle, or any per-connection leak at 10,000 connections, crosses it in a few cycles.
     */
    static final long RUNTIME_TOLERANCE_KB = 32 * 1024;

    @TempDir
    static Path dir;

    @ParameterizedTest(name = "backend={0}")
    @ValueSource(strings = {"nio", "uring"})
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void closeUnderLoadCompletesEverythingOnceAndLeaksNothing(String backendName) throws Exception {
        Assumptions.assumeTrue(Probes.procAvailable(), "needs /proc/self/fd and /proc/self/maps");
        Assumptions.assumeTrue(Probes.nmtEnabled(), "needs -XX:NativeMemoryTracking=summary (the module's pom sets it)");
        BackendKind backend = Backends.require(backendName);
        int connections = Backends.connectionBudget(CONNECTIONS, "shutdown under load (" + backendName + ")");
        int cycles = Math.max(2, Integer.getInteger("zokio.reliability.cycles", 8));
        int compareAt = Math.min(10, Math.max(1, cycles / 2));
        Path[] paths = new Path[LoadCycle.FILES];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = Files.write(dir.resolve(backendName + "-" + i), new byte[LoadCycle.FILE_BYTES]);
        }
        try (PeerProcess peer = PeerProcess.start()) {
            LoadCycle cycle = new LoadCycle(backend, peer, connections, paths);
            Snapshot base = null;
            Snapshot at = null;
            long totalNs = 0;
            for (int c = 1; c <= cycles; c++) {
                long t0 = System.nanoTime();
                cycle.run(c);
                List<String> threadsLeft = Probes.zokioThreadsLeft(5_000);
                Probes.settleGc(10);
                Snapshot s = Snapshot.take();
                long ns = System.nanoTime() - t0;
                totalNs += ns;
                System.out.printf(Locale.ROOT, "reliability: shutdown_cycle backend=%s cycle=%d/%d connections=%d"
                        + " file_ops=%d timers=%d setup_ms=%d close_ms=%d cycle_ms=%d fds=%d uring_maps=%d %s%n",
                        backendName, c, cycles, connections, cycle.outcomes.get("file:ops").sum(),
                        LoadCycle.SCHEDULED + LoadCycle.SLEEPERS + 2 * LoadCycle.TIMEOUTS,
                        cycle.setupNs / 1_000_000, cycle.closeNs / 1_000_000, ns / 1_000_000, s.fds, s.maps, s.nmt);
                if (c == 1) {
                    System.out.println("reliability: shutdown_outcomes backend=" + backendName + " "
                            + new TreeMap<>(cycle.outcomes));
                }
                assertTrue(threadsLeft.isEmpty(), "cycle " + c + ": Zokio threads alive after close: " + threadsLeft);
                if (c == 1) {
                    base = s; // the JDK opens some descriptors and mallocs once per process: judged from here
                    continue;
                }
                s.assertBackTo(base, "cycle " + c + " against the warm-up cycle");
                if (c == compareAt) {
                    at = s;
                }
            }
            if (at != null) {
                Snapshot last = Snapshot.take();
                last.assertBackTo(at, "cycle " + cycles + " against cycle " + compareAt);
                System.out.printf(Locale.ROOT, "reliability: shutdown_drift backend=%s cycles=%d compare_at=%d"
                        + " other_kb=%+d runtime_kb=%+d threads=%+d fds=%+d uring_maps=%+d total_s=%.1f%n",
                        backendName, cycles, compareAt, last.nmt.kb("Other") - at.nmt.kb("Other"),
                        last.nmt.runtimeKb() - at.nmt.runtimeKb(), last.nmt.threads() - at.nmt.threads(),
                        last.fds - at.fds, last.maps - at.maps, totalNs / 1e9);
            }
        }
    }

    /** Process resources after a cycle. */
    record Snapshot(long fds, long maps, Probes.Nmt nmt) {
        static Snapshot take() throws Exception {
            return new Snapshot(Probes.openFds(), Probes.uringMappings(), Probes.nmt());
        }

        void assertBackTo(Snapshot ref, String what) {
            assertEquals(ref.fds, fds, what + ": open descriptors");
            assertEquals(ref.maps, maps, what + ": io_uring mappings");
            long other = nmt.kb("Other") - ref.nmt.kb("Other");
            assertTrue(other <= OTHER_TOLERANCE_KB, what + ": NMT Other grew by " + other + " KiB (" + ref.nmt + " -> "
                    + nmt + ")");
            long runtime = nmt.runtimeKb() - ref.nmt.runtimeKb();
            assertTrue(runtime <= RUNTIME_TOLERANCE_KB, what + ": NMT committed outside heap/JIT/GC grew by " + runtime
                    + " KiB (" + ref.nmt + " -> " + nmt + ")");
        }
    }
}
