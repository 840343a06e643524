package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every code sample of README.md and docs/ is the text of a region of a compiled source, and every
 * java block is either such a sample or says why it is not compiled (see {@link DocSamples}).
 */
class DocSamplesTest {

    @Test
    void everyJavaBlockOfThePagesIsACompiledSampleOrSaysWhyNot() {
        DocSamples.Report r = DocSamples.check(DocSamples.root(), false);
        assertThat(r.problems())
                .as(
                        "doc samples (%d java blocks: %d compiled samples, %d not compiled)",
                        r.javaBlocks(), r.samples(), r.notCompiled())
                .isEmpty();
        assertThat(r.samples()).isPositive();
    }

    // The checker itself, on a scratch repository.

    @TempDir Path root;

    private void file(String path, String... lines) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n");
    }

    private void source() throws IOException {
        file(
                "src/Foo.java",
                "class Foo {",
                "    void f() {",
                "        // region greet",
                "        System.out.println(\"hi\");",
                "        if (true) {",
                "            g();",
                "        }",
                "        // endregion",
                "    }",
                "}");
    }

    @Test
    void aBlockEqualToItsRegionPassesWhateverItsIndentation() throws IOException {
        source();
        file("README.md", "# x");
        file(
                "docs/a.md",
                "- a list item:",
                "  <!-- sample: src/Foo.java#greet -->",
                "  ```java",
                "  System.out.println(\"hi\");",
                "  if (true) {",
                "      g();",
                "  }",
                "  ```");
        DocSamples.Report r = DocSamples.check(root, false);
        assertThat(r.problems()).isEmpty();
        assertThat(r.samples()).isEqualTo(1);
    }

    @Test
    void aBlockThatDiffersIsReportedWithPageLineAndSource() throws IOException {
        source();
        file("README.md", "# x");
        file(
                "docs/a.md",
                "text",
                "<!-- sample: src/Foo.java#greet -->",
                "```java",
                "System.out.println(\"hello\");",
                "if (true) {",
                "    g();",
                "}",
                "```");
        assertThat(DocSamples.check(root, false).problems())
                .singleElement()
                .asString()
                .startsWith("docs/a.md:3: the block differs from src/Foo.java#greet (line 4)")
                .contains("at page line 4", "System.out.println(\"hello\");");
    }

    @Test
    void syncRewritesTheBlockFromTheSourceKeepingItsIndentation() throws IOException {
        source();
        file("README.md", "# x");
        file(
                "docs/a.md",
                "- item",
                "  <!-- sample: src/Foo.java#greet -->",
                "  ```java",
                "  old();",
                "  ```",
                "after");
        DocSamples.check(root, true);
        assertThat(Files.readAllLines(root.resolve("docs/a.md")))
                .containsExactly(
                        "- item",
                        "  <!-- sample: src/Foo.java#greet -->",
                        "  ```java",
                        "  System.out.println(\"hi\");",
                        "  if (true) {",
                        "      g();",
                        "  }",
                        "  ```",
                        "after");
        assertThat(DocSamples.check(root, false).problems()).isEmpty();
    }

    @Test
    void anUnmarkedJavaBlockFailsAndOtherLanguagesNeedNoMarker() throws IOException {
        file(
                "README.md",
                "```kotlin",
                "val x = 1",
                "```",
                "",
                "<!-- not-compiled: a fragment -->",
                "```java",
                "...",
                "```",
                "```java",
                "int x = 1;",
                "```");
        file("docs/a.md", "```text", "output", "```");
        DocSamples.Report r = DocSamples.check(root, false);
        assertThat(r.javaBlocks()).isEqualTo(2);
        assertThat(r.notCompiled()).isEqualTo(1);
        assertThat(r.problems())
                .singleElement()
                .asString()
                .startsWith("README.md:9: a java block with neither");
    }

    @Test
    void aMissingSourceOrRegionOrAMalformedMarkerIsReported() throws IOException {
        source();
        file(
                "README.md",
                "<!-- sample: src/Nope.java#greet -->",
                "```java",
                "```",
                "<!-- sample: src/Foo.java#nope -->",
                "```java",
                "```",
                "<!-- not-compiled: -->",
                "```java",
                "```");
        file("docs/a.md", "no blocks");
        List<String> problems = DocSamples.check(root, false).problems();
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).isEqualTo("README.md:2: no source file src/Nope.java");
        assertThat(problems.get(1)).startsWith("README.md:5: no region 'nope' in src/Foo.java");
        assertThat(problems.get(2)).startsWith("README.md:8: malformed marker");
    }

    @Test
    void regionsDoNotNestAndMustBeClosed() {
        assertThatThrownBy(() ->
                        DocSamples.regions(
                                "F.java", List.of("// region a", "// region b", "// endregion")))
                .hasMessage("F.java:2: region 'b' inside region 'a': regions do not nest");
        assertThatThrownBy(() -> DocSamples.regions("F.java", List.of("x", "// region a")))
                .hasMessage("F.java:2: region 'a' is never closed");
    }
}
