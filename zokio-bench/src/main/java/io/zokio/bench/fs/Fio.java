package io.zokio.bench.fs;

import io.zokio.bench.Options;
import io.zokio.bench.Sample;
import io.zokio.bench.ZokioImpl;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * <b>Threading:</b> stateless; the main thread.
 *
 * <p>The {@code fio-io_uring} line of {@code file_read}: fio's io_uring engine on the same file, 4 KiB random
 * reads, the same iodepth, one job, buffered (the file is page-cached), time-based over the round's window rounded
 * up to whole seconds, one run per round. Gives fio's read operations over the time fio measured for them
 * (its JSON's {@code total_ios} and {@code runtime}, not the nominal runtime) and its CPU time (usr + sys over
 * the job's measured time); the line is
 * {@code skipped=} when fio is not on the PATH.
 *
 * <p>fio is run at its best measured here, so that the per-core comparison is against a demanding baseline:
 * {@code --invalidate=0} (fio's default drops the file from the page cache first, which makes this line a disk
 * benchmark, about 60k IOPS here), registered file and buffers, and submissions and
 * completions in batches of 32 (about 1.6x fio's default of one submission per I/O on this machine: 0.42M
 * against 0.62-0.74M IOPS on one core).
 */
final class Fio {
    /** The read section's operations and milliseconds (after the ramp), as fio measured them. */
    private static final Pattern TOTAL_IOS = Pattern.compile(
            "\"read\"\\s*:\\s*\\{[^}]*?\"total_ios\"\\s*:\\s*([0-9]+)");
    private static final Pattern READ_MS = Pattern.compile(
            "\"read\"\\s*:\\s*\\{[^}]*?\"runtime\"\\s*:\\s*([0-9]+)");
    /** The job's milliseconds, the base of its {@code usr_cpu} and {@code sys_cpu} percentages. */
    private static final Pattern JOB_MS = Pattern.compile("\"job_runtime\"\\s*:\\s*([0-9]+)");
    private static final Pattern USR = Pattern.compile("\"usr_cpu\"\\s*:\\s*([0-9.eE+]+)");
    private static final Pattern SYS = Pattern.compile("\"sys_cpu\"\\s*:\\s*([0-9.eE+]+)");

    private Fio() {
    }

    static Path onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "fio");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Runs fio once over whole seconds (the measured window rounded up, the round's warm-up as ramp time); its
     * read operations and seconds, with fio's CPU seconds (usr + sys) as figure {@code cpu_s}.
     *
     * @throws ZokioImpl.Unavailable when fio is not on the PATH
     */
    static Sample run(BenchFile file, int depth, Options o) throws Exception {
        Path fio = onPath();
        if (fio == null) {
            throw new ZokioImpl.Unavailable("fio not on PATH (install fio for the io_uring limit line)");
        }
        long secs = Math.max(1, (Window.measureMs(o.scale()) + 999) / 1000);
        long ramp = Math.max(0, Window.roundWarmupMs(o.scale()) / 1000);
        List<String> cmd = List.of(fio.toString(), "--name=zokio-file-read", "--filename=" + file.path,
                "--rw=randread", "--bs=4k", "--ioengine=io_uring", "--iodepth=" + depth, "--numjobs=1",
                "--direct=0", "--invalidate=0", "--registerfiles", "--fixedbufs",
                "--iodepth_batch_submit=32", "--iodepth_batch_complete_min=32", "--iodepth_batch_complete_max=64",
                "--time_based", "--runtime=" + secs, "--ramp_time=" + ramp,
                "--size=" + file.sizeBytes, "--output-format=json");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(secs + ramp + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("fio failed: " + out.lines().findFirst().orElse(""));
        }
        Matcher ios = TOTAL_IOS.matcher(out);
        Matcher readMs = READ_MS.matcher(out);
        Matcher jobMs = JOB_MS.matcher(out);
        Matcher usr = USR.matcher(out);
        Matcher sys = SYS.matcher(out);
        if (!ios.find() || !readMs.find() || !jobMs.find() || !usr.find() || !sys.find()
                || Long.parseLong(readMs.group(1)) <= 0) {
            throw new IllegalStateException("could not parse fio's JSON output");
        }
        // fio's own measured time, not the nominal runtime asked for
        double measuredSecs = Long.parseLong(readMs.group(1)) / 1e3;
        double cpuPct = Double.parseDouble(usr.group(1)) + Double.parseDouble(sys.group(1)); // of one CPU
        double cpuSecs = cpuPct / 100.0 * Long.parseLong(jobMs.group(1)) / 1e3;
        return Sample.of(Long.parseLong(ios.group(1)), measuredSecs).with("cpu_s", cpuSecs);
    }
}
