package io.zokio.faults;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Registered by auto-detection in the {@code net-fs-under-faults} surefire execution only (see
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} in the test resources and
 * {@code junit.jupiter.extensions.autodetection.enabled} in the execution): adds the fault seeds of the test's
 * runtimes, and how to replay them, to any failure, and fails a test whose decorators found an invariant broken
 * (an operation lost or delivered twice) even when the test itself did not notice.
 *
 * <p><b>Threading:</b> JUnit's, one test at a time.
 */
public final class FaultSeedsExtension implements BeforeEachCallback, AfterEachCallback, AfterAllCallback,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public void beforeEach(ExtensionContext context) {
        FaultRuns.begin(context.getRequiredTestClass().getSimpleName() + "#"
                + context.getRequiredTestMethod().getName() + " " + context.getDisplayName());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        String replay = FaultRuns.replay();
        String violation = FaultRuns.end();
        if (violation != null) {
            throw new AssertionError(violation + "\n  " + replay);
        }
    }

    /** The running totals after each class (the last line printed is the run's). */
    @Override
    public void afterAll(ExtensionContext context) {
        if (FaultRuns.enabled()) {
            System.out.println("[faults] after " + context.getRequiredTestClass().getSimpleName() + ": "
                    + FaultRuns.totals());
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw withSeeds(t);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw withSeeds(t);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw withSeeds(t);
    }

    private static Throwable withSeeds(Throwable t) {
        String replay = FaultRuns.replay();
        if (t instanceof TestAbortedException || replay == null) {
            return t;
        }
        return new AssertionError(t + "\n  " + replay, t);
    }
}
