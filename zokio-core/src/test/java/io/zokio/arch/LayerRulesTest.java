package io.zokio.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layer order of the main code, checked on its compiled classes (ArchUnit reads the byte code, so a Javadoc
 * link does not count, a type used in a signature or a body does). From the bottom:
 * <ol>
 *   <li>{@code sys}: kernel values; uses nothing of Zokio's;</li>
 *   <li>{@code loop.uring.ffi}: the FFM binding; uses {@code sys} only;</li>
 *   <li>the loop: {@code loop} and its non-exported {@code loop.internal}, with {@code time} and {@code buffer};
 *       the backend contract lives here;</li>
 *   <li>the backends {@code loop.uring} and {@code loop.nio}: implement the contract; the loop finds them through
 *       {@code ServiceLoader}, so no layer above names them;</li>
 *   <li>the runtime ({@code runtime} and its sub-packages, {@code metrics});</li>
 *   <li>{@code net}, {@code fs} and {@code tls} (over {@code net}): on the runtime; never on a backend or the FFM
 *       binding;</li>
 *   <li>{@code bridge}: the JDK's socket and file extension points over {@code net} and {@code fs};</li>
 *   <li>the facade {@code io.zokio}.</li>
 * </ol>
 * A reversed arrow fails the layered rule; a cycle between top-level packages fails the slice rule.
 */
class LayerRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.zokio");
    }

    @Test
    void layersOnlyUseTheLayersBelowThem() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Sys").definedBy("io.zokio.sys..")
                .layer("Ffi").definedBy("io.zokio.loop.uring.ffi..")
                .layer("Loop").definedBy("io.zokio.loop", "io.zokio.loop.internal..", "io.zokio.time..",
                        "io.zokio.buffer..")
                .layer("Backends").definedBy("io.zokio.loop.uring", "io.zokio.loop.nio..")
                .layer("Runtime").definedBy("io.zokio.runtime..", "io.zokio.metrics..")
                .layer("NetFs").definedBy("io.zokio.net..", "io.zokio.fs..", "io.zokio.tls..")
                .layer("Bridges").definedBy("io.zokio.bridge..")
                .layer("Facade").definedBy("io.zokio")
                .whereLayer("Sys").mayNotAccessAnyLayer()
                .whereLayer("Ffi").mayOnlyAccessLayers("Sys")
                .whereLayer("Ffi").mayOnlyBeAccessedByLayers("Backends")
                .whereLayer("Loop").mayOnlyAccessLayers("Sys")
                .whereLayer("Backends").mayOnlyAccessLayers("Sys", "Ffi", "Loop")
                .whereLayer("Backends").mayNotBeAccessedByAnyLayer()
                .whereLayer("Runtime").mayOnlyAccessLayers("Sys", "Loop")
                .whereLayer("NetFs").mayOnlyAccessLayers("Sys", "Loop", "Runtime")
                .whereLayer("Bridges").mayOnlyAccessLayers("Sys", "Loop", "Runtime", "NetFs")
                .check(classes);
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("io.zokio.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theTestToolsAreNotPartOfTheLibrary() {
        noClasses().should().resideInAnyPackage("io.zokio.loop.sim..", "io.zokio.loop.fault..", "io.zokio.testkit..")
                .check(classes);
    }

    @Test
    void onlyTheFfmBindingMakesRestrictedCalls() {
        noClasses().that().resideOutsideOfPackage("io.zokio.loop.uring.ffi..")
                .should().callMethod(java.lang.foreign.Linker.class, "nativeLinker")
                .orShould().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "MemorySegment.reinterpret", call -> call.getTarget().getOwner()
                                .isEquivalentTo(java.lang.foreign.MemorySegment.class)
                                && call.getTarget().getName().equals("reinterpret")))
                .check(classes);
    }
}
