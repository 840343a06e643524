package io.weft.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Opens;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The published jars are the named modules the README documents: {@code io.weft} exports exactly
 * its API packages and, of {@code io.weft.internal}, only the qualified export to {@code
 * io.weft.junit}; it requires nothing outside the JDK. Read from the built jar (or class directory)
 * with {@code ModuleFinder}, as {@code java --module-path} would (see {@link WeftModules}).
 */
class ModuleDescriptorTest {

    /** The API: every package that README.md and the docs present to users. */
    static final Set<String> API_PACKAGES =
            Set.of(
                    "io.weft",
                    "io.weft.sync",
                    "io.weft.stream",
                    "io.weft.net",
                    "io.weft.thread",
                    "io.weft.process",
                    "io.weft.signal",
                    "io.weft.file",
                    "io.weft.testing",
                    "io.weft.util");

    @Test
    void weftIsANamedModuleExportingExactlyItsApi() {
        ModuleDescriptor weft = WeftModules.weft();
        assertThat(weft.name()).isEqualTo("io.weft");
        assertThat(weft.isAutomatic()).as("automatic module").isFalse();
        assertThat(weft.isOpen()).as("open module").isFalse();
        assertThat(WeftModules.apiPackages(weft))
                .isEqualTo(List.copyOf(new TreeSet<>(API_PACKAGES)));
    }

    @Test
    void internalIsExportedOnlyToWeftJunit() {
        ModuleDescriptor weft = WeftModules.weft();
        assertThat(qualified(weft.exports()))
                .isEqualTo(Map.of("io.weft.internal", Set.of("io.weft.junit")));
        assertThat(weft.opens()).isEmpty();
        // Every package that is not API is internal (io.weft.internal and its subpackages).
        assertThat(weft.packages())
                .filteredOn(p -> !API_PACKAGES.contains(p))
                .isNotEmpty()
                .allMatch(p -> p.equals("io.weft.internal") || p.startsWith("io.weft.internal."));
    }

    @Test
    void weftRequiresOnlyJdkModules() {
        assertThat(required(WeftModules.weft()))
                .isEqualTo(
                        new TreeSet<>(
                                Set.of(
                                        "java.base",
                                        "java.management",
                                        "jdk.jfr",
                                        "jdk.unsupported")));
    }

    @Test
    void weftJunitExportsOnlyItsExtension() {
        ModuleDescriptor junit = WeftModules.weftJunit();
        assertThat(junit.name()).isEqualTo("io.weft.junit");
        assertThat(junit.isAutomatic()).as("automatic module").isFalse();
        assertThat(WeftModules.apiPackages(junit)).containsExactly("io.weft.junit");
        assertThat(qualified(junit.exports())).isEmpty();
        assertThat(junit.opens())
                .extracting(Opens::source, Opens::targets)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "io.weft.junit", Set.of("org.junit.platform.commons")));
        Set<String> transitive =
                junit.requires().stream()
                        .filter(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
                        .map(Requires::name)
                        .collect(Collectors.toSet());
        assertThat(transitive).isEqualTo(Set.of("io.weft", "org.junit.jupiter.api"));
    }

    /**
     * README.md names each API package other than io.weft itself, and each has its sources under
     * weft/src/main/java. ({@code io.weft.ApiDocumentationTest} checks the javadoc of every package
     * the descriptors export.)
     */
    @Test
    void theReadmeNamesEveryApiPackage() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        for (String p : API_PACKAGES) {
            assertThat(Path.of("../weft/src/main/java", p.replace('.', '/'))).isDirectory();
            if (!p.equals("io.weft")) {
                assertThat(readme).as("README.md names %s", p).contains("`" + p + "`");
            }
        }
    }

    private static Map<String, Set<String>> qualified(Set<Exports> exports) {
        return exports.stream()
                .filter(Exports::isQualified)
                .collect(
                        Collectors.toMap(
                                Exports::source, Exports::targets, (a, b) -> a, TreeMap::new));
    }

    private static TreeSet<String> required(ModuleDescriptor m) {
        return m.requires().stream()
                .map(Requires::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
