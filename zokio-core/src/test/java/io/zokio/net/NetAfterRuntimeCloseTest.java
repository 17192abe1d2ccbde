package io.zokio.net;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;
import io.zokio.runtime.RuntimeClosedException;
import io.zokio.sys.UnixAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the net entry points report once their runtime is closed: RuntimeClosedException; on each backend. */
@Timeout(60)
class NetAfterRuntimeCloseTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NIO", "IO_URING"})
    void bindAndConnectAfterCloseFailWithRuntimeClosed(BackendKind kind) throws Exception {
        Runtime rt = NetTestSupport.open(kind, 1);
        rt.close();
        UnixAddress path = UnixAddress.ofPath(dir.resolve("late.sock"));
        assertThrows(RuntimeClosedException.class, () -> UnixListener.bind(rt, path, 16));
        ExecutionException unix = assertThrows(ExecutionException.class,
                () -> UnixStream.connectAsync(rt, path, null).get(10, TimeUnit.SECONDS));
        assertInstanceOf(RuntimeClosedException.class, unix.getCause());
        ExecutionException byName = assertThrows(ExecutionException.class,
                () -> TcpStream.connectAsync(rt, InetSocketAddress.createUnresolved("localhost", 9), null)
                        .get(10, TimeUnit.SECONDS));
        assertInstanceOf(RuntimeClosedException.class, byName.getCause());
    }
}
