package io.weft.arch;

import io.weft.Weft;
import io.weft.junit.WeftTest;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * The module descriptors of the jars (or class directories) the tests run against, read as the
 * module system reads them: {@code ModuleFinder.of(path)}. In a reactor build up to {@code verify}
 * or {@code install} the path is {@code weft/target/weft-*.jar}; up to {@code test} it is {@code
 * weft/target/classes}, an exploded module. Either way it is what Maven built from {@code
 * module-info.java}.
 */
public final class WeftModules {
    private WeftModules() {}

    /** Where a class was loaded from: a jar or a class directory. */
    public static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one module at {@code c}'s location. */
    public static ModuleDescriptor moduleOf(Class<?> c) {
        Path path = location(c);
        List<ModuleReference> found = List.copyOf(ModuleFinder.of(path).findAll());
        if (found.size() != 1) {
            throw new IllegalStateException(path + " holds " + found.size() + " modules");
        }
        return found.getFirst().descriptor();
    }

    /** The descriptor of {@code io.weft} (the weft module's jar). */
    public static ModuleDescriptor weft() {
        return moduleOf(Weft.class);
    }

    /** The descriptor of {@code io.weft.junit} (the weft-junit module's jar). */
    public static ModuleDescriptor weftJunit() {
        return moduleOf(WeftTest.class);
    }

    /** The packages {@code m} exports to every module, sorted. */
    public static List<String> apiPackages(ModuleDescriptor m) {
        return m.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .sorted()
                .toList();
    }
}
