package io.zokio.testing;

import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Turns "io_uring unavailable" skips into failures where io_uring must work. With {@code -Dzokio.expect.uring=true}
 * (set by {@code ./zokio test} when the kernel lets a process create a ring), a test that skips because io_uring
 * could not be opened or was refused fails instead: a broken probe or ring setup cannot turn the io_uring half of
 * the suite into skips and stay green. Skips for other reasons (a feature this kernel lacks, a test meant for the
 * io_uring-refused pass) stay skips.
 *
 * <p>Registered by auto-detection ({@code META-INF/services/org.junit.jupiter.api.extension.Extension}) where a
 * module enables it, or with {@code @ExtendWith}. <b>Threading:</b> stateless.
 */
public final class ExpectIoUring implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    /** The switch: {@code -Dzokio.expect.uring=true}. */
    public static final String PROPERTY = "zokio.expect.uring";
    /** Skip reasons that mean "no io_uring here", as the suites word them. */
    private static final Pattern UNAVAILABLE =
            Pattern.compile("io_uring (unavailable|refused|backend cannot be opened|cannot be opened)");

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw check(t);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw check(t);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw check(t);
    }

    /** {@code t}, or an AssertionError in its place when it is an io_uring skip that must not happen here. */
    public static Throwable check(Throwable t) {
        if (t instanceof TestAbortedException && Boolean.getBoolean(PROPERTY) && t.getMessage() != null
                && UNAVAILABLE.matcher(t.getMessage()).find()) {
            return new AssertionError("io_uring is expected to work here (-D" + PROPERTY + "=true), but the test "
                    + "skipped: " + t.getMessage(), t);
        }
        return t;
    }
}
