package io.zokio.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The message, syscall and errno of an ErrnoException; errnoOf through cause chains; check. */
class ErrnoExceptionTest {

    @Test
    void messageNamesTheSyscallTheErrnoAndTheDetail() {
        ErrnoException plain = new ErrnoException("connect", -Errno.ECONNREFUSED);
        assertEquals("connect failed: ECONNREFUSED (errno 111)", plain.getMessage());
        assertEquals("connect", plain.syscall());
        assertEquals(Errno.ECONNREFUSED, plain.errno());

        ErrnoException detailed = new ErrnoException("openat", Errno.ENOENT, "/missing");
        assertEquals("openat failed: ENOENT (errno 2): /missing", detailed.getMessage());
        assertEquals(Errno.ENOENT, detailed.errno());
    }

    @Test
    void errnoOfFindsTheFirstErrnoExceptionInTheCauseChain() {
        ErrnoException inner = new ErrnoException("connect", Errno.ECONNREFUSED);
        ConnectException typed = new ConnectException("refused");
        typed.initCause(inner);
        CompletionException wrapped = new CompletionException(typed);
        assertEquals(Errno.ECONNREFUSED, ErrnoException.errnoOf(wrapped));
        assertEquals(Errno.ECONNREFUSED, ErrnoException.errnoOf(inner));

        ErrnoException outer = new ErrnoException("read", Errno.EIO);
        outer.initCause(inner);
        assertEquals(Errno.EIO, ErrnoException.errnoOf(outer), "the outermost one wins");
    }

    @Test
    void errnoOfIsZeroWithoutAnErrnoException() {
        assertEquals(0, ErrnoException.errnoOf(new IOException("plain", new RuntimeException("cause"))));
        assertEquals(0, ErrnoException.errnoOf(null));
    }

    @Test
    void checkPassesResultsAndThrowsForNegatedErrnos() throws ErrnoException {
        assertEquals(0, ErrnoException.check("close", 0));
        assertEquals(17, ErrnoException.check("read", 17));
        ErrnoException e = assertThrows(ErrnoException.class, () -> ErrnoException.check("write", -Errno.EPIPE));
        assertEquals("write", e.syscall());
        assertEquals(Errno.EPIPE, e.errno());
    }
}
