package io.weft.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.internal.TaskLocals;
import io.weft.internal.WeftRuntime;
import io.weft.internal.file.FileHandle;
import io.weft.internal.net.Poller;
import io.weft.internal.thread.WorkerCall;
import io.weft.internal.thread.WorkerPool;
import io.weft.testing.MockClock;
import io.weft.testing.ScheduleTrace;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Weft's architecture rules, checked on the bytecode of the weft, weft-junit and weft-examples jars
 * (their main classes, not tests; weft-tests' own white-box tests may use anything).
 *
 * <ol>
 *   <li>Nothing outside the {@code io.weft} module uses {@code io.weft.internal..}, except what the
 *       module's qualified export gives {@code io.weft.junit}: of that, {@code @WeftTest} uses the
 *       runtime's handle and three of its methods, and the rule allows exactly those.
 *   <li>Lower layers never depend on higher ones: the core and {@code io.weft.sync} (with their
 *       internal packages) use none of the stream, networking, process, file, signal and utility
 *       areas, with one named exception.
 *   <li>No cycles between areas (an exported package with the internal packages that implement it),
 *       with named exceptions for the cycles the code has today.
 * </ol>
 *
 * A named exception is an {@code ignoreDependency} with the classes on both ends and the reason;
 * any other dependency of the same kind fails the rule.
 */
@AnalyzeClasses(packages = "io.weft", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    // --- 1. io.weft.internal is the module's own ---------------------------------------------

    /** The packages of the io.weft module, as its descriptor lists them. */
    private static final Set<String> WEFT_PACKAGES = WeftModules.weft().packages();

    /** Classes not in the io.weft module (weft-junit's, the examples', any other on the path). */
    private static final DescribedPredicate<JavaClass> OUTSIDE_THE_WEFT_MODULE =
            DescribedPredicate.describe(
                    "are outside the io.weft module",
                    c -> !WEFT_PACKAGES.contains(c.getPackageName()));

    /** What io.weft.junit may use of io.weft.internal (WeftExtension: a hung test's handling). */
    private static final Set<String> RUNTIME_HANDLE_METHODS =
            Set.of("current", "dumpTasks", "cancelRun");

    @ArchTest
    static final ArchRule internalIsNotUsedOutsideTheModule =
            noClasses()
                    .that(OUTSIDE_THE_WEFT_MODULE)
                    .and()
                    .resideOutsideOfPackage("io.weft.junit..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("io.weft.internal..")
                    .because(
                            "io.weft.internal is not exported (module-info.java); code on the class"
                                    + " path could reach it, but users' code and the examples must"
                                    + " not");

    @ArchTest
    static final ArchRule weftJunitUsesOnlyTheRuntimeHandle =
            noClasses()
                    .that()
                    .resideInAPackage("io.weft.junit..")
                    .should()
                    .dependOnClassesThat(
                            resideInAPackage("io.weft.internal..")
                                    .and(DescribedPredicate.not(belongToAnyOf(WeftRuntime.class))))
                    .because(
                            "io.weft.internal is exported to io.weft.junit for the runtime's handle"
                                    + " only (module-info.java)");

    @ArchTest
    static final ArchRule weftJunitCallsOnlyTheHandleMethodsItNeeds =
            noClasses()
                    .that()
                    .resideInAPackage("io.weft.junit..")
                    .should()
                    .accessTargetWhere(
                            DescribedPredicate.describe(
                                    "target is a member of io.weft.internal other than"
                                            + " WeftRuntime.current(), dumpTasks() and"
                                            + " cancelRun(String)",
                                    (JavaAccess<?> a) ->
                                            a.getTargetOwner()
                                                            .getPackageName()
                                                            .startsWith("io.weft.internal")
                                                    && !(a.getTargetOwner()
                                                                    .isEquivalentTo(
                                                                            WeftRuntime.class)
                                                            && RUNTIME_HANDLE_METHODS.contains(
                                                                    a.getName()))))
                    .because(
                            "@WeftTest needs the runtime's task dump and cancelRun for a hung"
                                    + " test; anything more should be API");

    // --- 2. Layers -----------------------------------------------------------------------------

    /** The core (runtime, tasks, scopes, time, dumps, JFR) and synchronization. */
    static final String[] LOWER_LAYERS = {
        "io.weft",
        "io.weft.internal",
        "io.weft.internal.diag",
        "io.weft.internal.jfr",
        "io.weft.sync",
        "io.weft.internal.sync"
    };

    /** The areas built on them, with their internal packages. */
    static final String[] HIGHER_LAYERS = {
        "io.weft.stream..",
        "io.weft.internal.stream..",
        "io.weft.net..",
        "io.weft.internal.net..",
        "io.weft.internal.idna..",
        "io.weft.process..",
        "io.weft.internal.process..",
        "io.weft.file..",
        "io.weft.internal.file..",
        "io.weft.signal..",
        "io.weft.internal.signal..",
        "io.weft.util..",
        "io.weft.internal.util.."
    };

    @ArchTest
    static final ArchRule lowerLayersDoNotDependOnHigherOnes =
            Architectures.layeredArchitecture()
                    .consideringOnlyDependenciesInLayers()
                    .layer("core and sync")
                    .definedBy(LOWER_LAYERS)
                    .layer("streams, networking, processes, files, signals, utilities")
                    .definedBy(HIGHER_LAYERS)
                    .whereLayer("core and sync")
                    .mayNotAccessAnyLayer()
                    // Exception: the runtime owns its I/O poller (docs/networking.md), started on
                    // first use and closed when the run ends, so that no poller thread outlives
                    // Weft.run. Only the runtime's lifecycle touches it.
                    .ignoreDependency(
                            belongToAnyOf(WeftRuntime.class), belongToAnyOf(Poller.class));

    // --- 3. No cycles between areas -------------------------------------------------------------

    /**
     * The areas: each exported package with the internal packages that implement it. Inside an area
     * the exported and internal packages depend on each other by design (the API hands the work to
     * the implementation, which creates and throws the API's types), so an area is one slice. Every
     * package of the io.weft module must be listed ({@link #everyPackageHasAnArea}).
     */
    static final Map<String, String> AREAS =
            Map.ofEntries(
                    Map.entry("io.weft", "core"),
                    Map.entry("io.weft.internal", "core"),
                    Map.entry("io.weft.internal.diag", "core"),
                    Map.entry("io.weft.internal.jfr", "core"),
                    Map.entry("io.weft.sync", "sync"),
                    Map.entry("io.weft.internal.sync", "sync"),
                    Map.entry("io.weft.thread", "thread"),
                    Map.entry("io.weft.internal.thread", "thread"),
                    Map.entry("io.weft.stream", "stream"),
                    Map.entry("io.weft.internal.stream", "stream"),
                    Map.entry("io.weft.net", "net"),
                    Map.entry("io.weft.internal.net", "net"),
                    Map.entry("io.weft.internal.idna", "net"),
                    Map.entry("io.weft.process", "process"),
                    Map.entry("io.weft.internal.process", "process"),
                    Map.entry("io.weft.file", "file"),
                    Map.entry("io.weft.internal.file", "file"),
                    Map.entry("io.weft.signal", "signal"),
                    Map.entry("io.weft.internal.signal", "signal"),
                    Map.entry("io.weft.testing", "testing"),
                    Map.entry("io.weft.util", "util"),
                    Map.entry("io.weft.internal.util", "util"),
                    Map.entry("io.weft.junit", "junit"));

    private static final SliceAssignment BY_AREA =
            new SliceAssignment() {
                @Override
                public SliceIdentifier getIdentifierOf(JavaClass c) {
                    String area = AREAS.get(c.getPackageName());
                    return area == null ? SliceIdentifier.ignore() : SliceIdentifier.of(area);
                }

                @Override
                public String getDescription() {
                    return "Weft's areas";
                }
            };

    /**
     * The cycles between areas today, each cut by one named exception (found by this rule without
     * them; docs/adr/0023-release-build.md lists them). Any other dependency that closes a cycle
     * fails the rule.
     */
    @ArchTest
    static final ArchRule noCyclesBetweenAreas =
            SlicesRuleDefinition.slices()
                    .assignedFrom(BY_AREA)
                    .should()
                    .beFreeOfCycles()
                    // core -> testing: the run options take a virtual clock and a schedule trace
                    // (RunOptions.clock, seed traces), which live in io.weft.testing with the
                    // other test helpers, as in AnyIO and Trio.
                    .ignoreDependency(
                            belongToAnyOf(RunOptions.class, Weft.class, WeftRuntime.class),
                            belongToAnyOf(MockClock.class, ScheduleTrace.class))
                    // core -> net: the runtime owns its I/O poller (as in rule 2).
                    .ignoreDependency(belongToAnyOf(WeftRuntime.class), belongToAnyOf(Poller.class))
                    // core -> thread: the runtime owns the worker-thread pool of ToThread and ends
                    // it with the run; a worker call carries the caller's task locals.
                    .ignoreDependency(
                            belongToAnyOf(WeftRuntime.class, TaskLocals.class),
                            belongToAnyOf(WorkerPool.class, WorkerCall.class))
                    // stream -> file: the file streams of io.weft.stream (FileStreams,
                    // FileReadStream, FileWriteStream) read and write through the file area's
                    // FileHandle, which AsyncFile shares.
                    .ignoreDependency(
                            nameMatching(
                                    "io\\.weft\\.stream\\.File(Streams|ReadStream|WriteStream)(\\$.*)?"),
                            belongToAnyOf(FileHandle.class));

    @ArchTest
    static void everyPackageHasAnArea(JavaClasses classes) {
        Set<String> missing = new TreeSet<>(WEFT_PACKAGES);
        missing.removeAll(AREAS.keySet());
        assertThat(missing).as("packages of io.weft without an area in AREAS").isEmpty();
    }

    /** The rules cannot pass for want of classes: each jar they speak of was imported. */
    @ArchTest
    static void theRulesSeeTheirClasses(JavaClasses classes) {
        assertThat(classes.contain(WeftRuntime.class)).as("weft").isTrue();
        assertThat(classes.contain("io.weft.junit.WeftExtension")).as("weft-junit").isTrue();
        assertThat(classes.contain("io.weft.examples.QuickStart")).as("weft-examples").isTrue();
    }
}
