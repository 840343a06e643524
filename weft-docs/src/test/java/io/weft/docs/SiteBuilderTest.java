package io.weft.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site of this repository builds (without the javadoc, which {@code ./build site} adds), and
 * every relative link of README.md and docs/ names a file of the repository and, with a fragment, a
 * heading of the page it names.
 */
class SiteBuilderTest {

    @TempDir Path out;

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md"))
                    && Files.isDirectory(d.resolve("docs"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository above " + dir);
    }

    @Test
    void theSiteBuildsAndNoLinkOfTheDocsIsBroken() throws IOException {
        assertThat(new SiteBuilder(root(), out).build(false)).isEmpty();
        String index = Files.readString(out.resolve("index.html"));
        assertThat(index)
                .contains("href=\"tasks.html\"", "href=\"api/weft/index.html\"")
                .doesNotContain("href=\"docs/tasks.md\"");
        String tasks = Files.readString(out.resolve("tasks.html"));
        assertThat(tasks)
                .contains(">Runtimes, tasks and task groups</h1>")
                .contains("href=\"adr/0011-body-shapes.html\"")
                .contains(
                        "Compiled and tested: <a href=\"source/weft-examples/src/main/java/io/weft/examples/docs/TasksPage.java.html\">TasksPage.java</a>")
                .doesNotContain("<!-- sample");
        assertThat(
                        out.resolve(
                                "source/weft-examples/src/main/java/io/weft/examples/docs/TasksPage.java.html"))
                .content()
                .contains("// region task-group");
        assertThat(out.resolve("adr/index.html")).exists();
    }

    @Test
    void linksAreRewrittenFromThePageTheyAreOn() {
        SiteBuilder b = new SiteBuilder(root(), out);
        assertThat(SiteBuilder.relative("adr/0001.html", "tasks.html")).isEqualTo("../tasks.html");
        assertThat(SiteBuilder.relative("tasks.html", "api/weft/index.html"))
                .isEqualTo("api/weft/index.html");
        assertThat(b.rewrite("README.md", "https://anyio.readthedocs.io/"))
                .isEqualTo("https://anyio.readthedocs.io/");
        assertThat(SiteBuilder.escape("<a & \"b\">")).isEqualTo("&lt;a &amp; &quot;b&quot;&gt;");
    }
}
