import io.zokio.loop.BackendKind;
import io.zokio.runtime.Runtime;

/** Prints how long the first Runtime.build() of this JVM takes (2 workers, the backend named by args[0]). */
public final class FirstBuild {
    private FirstBuild() {
    }

    public static void main(String[] args) {
        long t = System.nanoTime();
        Runtime rt = Runtime.builder().backend(BackendKind.valueOf(args[0])).workers(2).build();
        long ns = System.nanoTime() - t;
        rt.close();
        System.out.printf("first_build_ms=%.1f%n", ns / 1e6);
    }
}
