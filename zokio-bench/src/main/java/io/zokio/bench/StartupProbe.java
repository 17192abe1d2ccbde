package io.zokio.bench;

import io.zokio.loop.BackendKind;
import io.zokio.loop.EventLoop;
import io.zokio.net.TcpListener;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * <b>Threading:</b> a main on its own JVM; one thread.
 *
 * <p>What {@link StartupBench} runs in each fresh JVM: {@code StartupProbe <uring|nio> <cold|breakdown>}. Prints
 * one line, {@code startup-probe key=value...}, with milliseconds:
 * <ul>
 *   <li>{@code cold}: {@code first_build_ms} (the first {@code Runtime.build()} of the process, 2 workers) and
 *       {@code first_echo_ms} (then, from a task: bind a listener, connect, accept, one byte each way, close),
 *       each also as the CPU time the whole process used meanwhile ({@code *_cpu_ms}, which a busy host
 *       stretches much less than wall time);</li>
 *   <li>{@code breakdown}: the same build after warming one part at a time, each timed on its own: the logging
 *       backend ({@code logging_ms}); on io_uring the FFM binding's class initialisation ({@code ffi_init_ms},
 *       its downcall handles) and the kernel probe ({@code probe_ms}); one event loop opened and closed (what
 *       is left of the backend's class loading, and its ring setup: {@code loop_open_ms}); a second one
 *       ({@code loop_open2_ms}, the per-loop cost); the platform MBean server ({@code jmx_ms}); and then
 *       {@code warm_build_ms}, the build with those parts warm.</li>
 * </ul>
 * With no backend available it prints {@code startup-probe skipped=<reason>}.
 */
public final class StartupProbe {
    private StartupProbe() {
    }

    public static void main(String[] args) throws Exception {
        BackendKind kind = args[0].equals("uring") ? BackendKind.IO_URING : BackendKind.NIO;
        boolean breakdown = args.length > 1 && args[1].equals("breakdown");
        Map<String, String> out = new LinkedHashMap<>();
        try {
            if (breakdown) {
                long t = System.nanoTime();
                System.getLogger("io.zokio.bench").isLoggable(System.Logger.Level.INFO);
                out.put("logging_ms", ms(t));
                if (kind == BackendKind.IO_URING) {
                    t = System.nanoTime(); // the FFM binding: its class and every downcall handle it makes
                    Class.forName("io.zokio.loop.uring.ffi.Native", true, StartupProbe.class.getClassLoader());
                    out.put("ffi_init_ms", ms(t));
                    t = System.nanoTime(); // the kernel probe: a ring set up, its opcodes listed, torn down
                    io.zokio.loop.uring.IoUringBackend.probe();
                    out.put("probe_ms", ms(t));
                }
                t = System.nanoTime();
                EventLoop.builder().backend(kind).build().close();
                out.put("loop_open_ms", ms(t));
                t = System.nanoTime();
                EventLoop.builder().backend(kind).build().close();
                out.put("loop_open2_ms", ms(t));
                t = System.nanoTime();
                java.lang.management.ManagementFactory.getPlatformMBeanServer();
                out.put("jmx_ms", ms(t));
            }
            long t = System.nanoTime();
            long cpu = cpuNanos();
            Runtime rt = Runtime.builder().backend(kind).workers(2).build();
            out.put(breakdown ? "warm_build_ms" : "first_build_ms", ms(t));
            if (!breakdown) {
                out.put("first_build_cpu_ms", cpuMs(cpu));
                t = System.nanoTime();
                cpu = cpuNanos();
                rt.blockOn(() -> {
                    echoOnce(rt);
                    return null;
                });
                out.put("first_echo_ms", ms(t));
                out.put("first_echo_cpu_ms", cpuMs(cpu));
            }
            rt.close();
        } catch (RuntimeException | LinkageError e) {
            System.out.println("startup-probe skipped=" + Reporter.reason(e));
            return;
        }
        StringBuilder sb = new StringBuilder("startup-probe");
        out.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        System.out.println(sb);
    }

    /** One connection on loopback and one byte each way. */
    private static void echoOnce(Runtime rt) throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (TcpListener l = TcpListener.bind(rt, any, TcpListener.Options.defaults());
             TcpStream c = TcpStream.connect(rt, l.localAddress(), null);
             TcpStream s = l.accept()) {
            c.write(ByteBuffer.wrap(new byte[] {42}));
            ByteBuffer b = ByteBuffer.allocate(1);
            s.read(b);
            b.flip();
            s.write(b);
            c.read(ByteBuffer.allocate(1));
        }
    }

    /**
     * CPU time of the whole process so far (every thread: JIT and GC included), from {@code /proc}. On a host
     * whose cores are busy with other work, wall time stretches with the wait for a core; CPU time much less.
     */
    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static String cpuMs(long startNs) {
        return String.format(Locale.ROOT, "%.1f", (cpuNanos() - startNs) / 1e6);
    }

    private static String ms(long startNs) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startNs) / 1e6);
    }
}
