package io.zokio.loop.conformance;

import static io.zokio.loop.conformance.ConformanceSupport.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zokio.loop.Action;
import io.zokio.loop.Completion;
import io.zokio.loop.PollEvents;
import io.zokio.loop.ShutdownHow;
import io.zokio.sys.Errno;
import io.zokio.sys.OpenFlags;
import io.zokio.loop.Op;
import io.zokio.loop.RunMode;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Part of {@link BackendConformanceTest}: a seeded random mix of NOPs, timers, recv, send, poll, file reads and
 * cancels of whatever is in flight, with completions reused from a pool, driven by non-waiting turns. Outcomes
 * are not predicted one by one; invariants are checked instead: every submission completes once with a result
 * its operation can have, a cancel that reports 0 really cancelled its target and a cancelled target has exactly
 * one such cancel, and not a byte is lost or duplicated on any socket (counted up to each end of stream).
 */
interface RandomizedConformance extends ConformanceContext {

    /** One submission of a pooled completion (a completion is reused only when no cancel still targets it). */
    final class Sub {
        final Completion c;
        final Op op;
        final int socket;
        final Sub target;
        final List<Sub> cancels = new ArrayList<>();
        int pendingCancels;
        boolean done;
        int result;

        Sub(Completion c, Op op, int socket, Sub target) {
            this.c = c;
            this.op = op;
            this.socket = socket;
            this.target = target;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {20_261_127, 7, 4242})
    default void randomOperationMixKeepsEveryInvariant(long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Integer> sockets = new ArrayList<>();
        List<Integer> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Conn conn = connectPair();
            sockets.add(conn.server());
            peers.add(sockets.size()); // the client, added next
            sockets.add(conn.client());
            peers.add(sockets.size() - 2);
        }
        long[] sentTo = new long[sockets.size()];
        long[] receivedOn = new long[sockets.size()];
        int[] pendingRecvs = new int[sockets.size()];
        Path path = dir().resolve("random.bin");
        Files.write(path, random(64 * 1024, 9));
        int file = openFile(path, OpenFlags.O_RDONLY, 0);

        ArrayDeque<Completion> pool = new ArrayDeque<>();
        Map<Completion, MemorySegment> buffers = new IdentityHashMap<>();
        Map<Completion, Sub> current = new IdentityHashMap<>();
        List<Sub> all = new ArrayList<>();
        List<Sub> active = new ArrayList<>();
        List<String> errors = new ArrayList<>();

        for (int step = 0; step < 4000; step++) {
            Completion c = pool.isEmpty() ? new Completion() : pool.poll();
            MemorySegment buf = buffers.computeIfAbsent(c, k -> buffer(4096));
            int choice = rnd.nextInt(100);
            int s = rnd.nextInt(sockets.size());
            Sub sub;
            if (choice < 15) {
                sub = new Sub(c.prepNop(), Op.NOP, -1, null);
            } else if (choice < 25) {
                sub = new Sub(c.prepTimeout(rnd.nextLong(0, 100_000)), Op.TIMEOUT, -1, null);
            } else if (choice < 45 && pendingRecvs[s] < 3) {
                sub = new Sub(c.prepRecv(sockets.get(s), buf.asSlice(0, rnd.nextInt(1, 65)), 0), Op.RECV, s, null);
                pendingRecvs[s]++;
            } else if (choice < 65) {
                sub = new Sub(c.prepSend(sockets.get(s), buf.asSlice(0, rnd.nextInt(1, 65)), 0), Op.SEND, s, null);
            } else if (choice < 70) {
                sub = new Sub(c.prepPoll(sockets.get(s), PollEvents.POLLIN), Op.POLL, s, null);
            } else if (choice < 80) {
                sub = new Sub(c.prepRead(file, buf, 4096L * rnd.nextInt(16)), Op.READ, -1, null);
            } else if (!active.isEmpty()) {
                Sub target = active.get(rnd.nextInt(active.size()));
                sub = new Sub(c.prepCancel(target.c), Op.CANCEL, -1, target);
                target.cancels.add(sub);
                target.pendingCancels++;
            } else {
                sub = new Sub(c.prepNop(), Op.NOP, -1, null);
            }
            current.put(c, sub);
            all.add(sub);
            if (sub.op != Op.CANCEL) {
                active.add(sub);
            }
            submit(c, (l, cc, r) -> {
                Sub done = current.remove(cc);
                done.done = true;
                done.result = r;
                active.remove(done);
                switch (done.op) {
                    case RECV -> {
                        pendingRecvs[done.socket]--;
                        if (r > 0) {
                            receivedOn[done.socket] += r;
                        }
                    }
                    case SEND -> {
                        if (r > 0) {
                            sentTo[peers.get(done.socket)] += r;
                        }
                    }
                    case CANCEL -> {
                        Sub t = done.target;
                        if (--t.pendingCancels == 0 && t.done) {
                            pool.add(t.c); // no cancel can reach the old submission any more
                        }
                    }
                    default -> {
                    }
                }
                if (!validResult(done)) {
                    errors.add(done.op + " completed with " + CallbackRecorder.describe(r));
                }
                if (done.pendingCancels == 0) {
                    pool.add(cc);
                }
                return Action.DISARM;
            });
            if (rnd.nextInt(3) == 0) {
                loop().run(RunMode.NO_WAIT);
            }
        }

        // end: cancel what waits for data that will not come, finish everything, then drain every socket
        for (Sub sub : new ArrayList<>(active)) {
            if (sub.op == Op.RECV || sub.op == Op.POLL) {
                Completion c = new Completion().prepCancel(sub.c);
                Sub cancel = new Sub(c, Op.CANCEL, -1, sub);
                sub.cancels.add(cancel);
                sub.pendingCancels++;
                current.put(c, cancel);
                all.add(cancel);
                submit(c, (l, cc, r) -> {
                    Sub done = current.remove(cc);
                    done.done = true;
                    done.result = r;
                    done.target.pendingCancels--;
                    return Action.DISARM;
                });
            }
        }
        loop().run(RunMode.UNTIL_DONE);
        assertTrue(errors.isEmpty(), errors::toString);
        // every send finished: half-close all sockets, so that each can be drained up to its end of stream
        // (data held back by Nagle's algorithm still arrives before the FIN; nothing waits on timing)
        for (int fd : sockets) {
            assertEquals(0, await(new Completion().prepShutdown(fd, ShutdownHow.SHUT_WR)));
        }
        for (int i = 0; i < sockets.size(); i++) {
            MemorySegment b = buffer(4096);
            while (true) {
                int n = await(new Completion().prepRecv(sockets.get(i), b, 0));
                assertTrue(n >= 0, () -> "drain: " + CallbackRecorder.describe(n));
                if (n == 0) {
                    break;
                }
                receivedOn[i] += n;
            }
            assertEquals(sentTo[i], receivedOn[i], "bytes sent to socket " + i + " and received on it");
        }
        for (Sub sub : all) {
            assertTrue(sub.done, () -> "never completed: " + sub.op);
            if (sub.op == Op.CANCEL) {
                if (sub.result == 0) {
                    assertEquals(-Errno.ECANCELED, sub.target.result,
                            "a cancel reported 0 but its target was not cancelled");
                } else if (sub.result != -Errno.ENOENT && sub.result != -Errno.EALREADY) {
                    fail("cancel completed with " + CallbackRecorder.describe(sub.result));
                }
            } else if (sub.result == -Errno.ECANCELED) {
                long winners = sub.cancels.stream().filter(k -> k.result == 0).count();
                assertEquals(1, winners, () -> sub.op + " was cancelled: exactly one of its " + sub.cancels.size()
                        + " cancels reports 0");
            }
        }
    }

    private static boolean validResult(Sub s) {
        int r = s.result;
        if (r == -Errno.ECANCELED && s.op != Op.CANCEL) { // any target may be cancelled before it ran
            return true;
        }
        return switch (s.op) {
            case NOP, TIMEOUT -> r == 0;
            case RECV, SEND -> r > 0;
            case POLL -> r > 0 && (r & PollEvents.POLLIN) != 0;
            case READ -> r == 4096;
            case CANCEL -> r == 0 || r == -Errno.ENOENT || r == -Errno.EALREADY;
            default -> false;
        };
    }
}
