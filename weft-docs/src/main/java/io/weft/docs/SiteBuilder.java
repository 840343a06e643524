package io.weft.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Builds Weft's documentation site: README.md as {@code index.html}, one page per {@code docs/*.md}
 * (and {@code docs/adr/*.md} under {@code adr/}), links between pages rewritten to the HTML pages,
 * figures copied, the sources the pages link to shown as pages of their own, and the javadoc of
 * {@code weft} and {@code weft-junit} (if built) under {@code api/}.
 *
 * <p>{@code ./build site} runs it after {@code javadoc:javadoc}; the output is {@code
 * weft-docs/target/site}. Every relative link must name a file of the repository and, with a {@code
 * #fragment}, a heading of the page it names: a broken link is an error, so {@code SiteBuilderTest}
 * doubles as the link check of the docs.
 */
public final class SiteBuilder {
    private final Path root;
    private final Path out;
    private final List<Extension> extensions =
            List.of(TablesExtension.create(), HeadingAnchorExtension.create());
    private final Parser parser = Parser.builder().extensions(extensions).build();

    /** Repository path of each page (README.md, docs/...md) to its path in the site. */
    private final Map<String, String> pages = new LinkedHashMap<>();

    /** Repository files (not pages) that pages link to, to show or copy. */
    private final Set<String> linkedFiles = new TreeSet<>();

    /** Heading ids of each page, by its repository path. */
    private final Map<String, Set<String>> anchors = new HashMap<>();

    /** Links to check once every page is rendered: page, target page, fragment. */
    private final List<String[]> fragments = new ArrayList<>();

    private final List<String> problems = new ArrayList<>();

    /** A builder that reads the repository at {@code root} and writes the site to {@code out}. */
    public SiteBuilder(Path root, Path out) {
        this.root = root.toAbsolutePath().normalize();
        this.out = out.toAbsolutePath().normalize();
    }

    /**
     * Builds the site.
     *
     * @param javadoc whether to copy the javadoc; it must have been built ({@code javadoc:javadoc}
     *     on weft and weft-junit)
     * @return the problems found (broken links, missing javadoc); empty if none
     */
    public List<String> build(boolean javadoc) throws IOException {
        pages.put("README.md", "index.html");
        try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                String repo = repoPath(p);
                String site = repo.substring("docs/".length());
                site =
                        site.endsWith("README.md")
                                ? site.substring(0, site.length() - "README.md".length())
                                        + "index.html"
                                : site.substring(0, site.length() - ".md".length()) + ".html";
                pages.put(repo, site);
            }
        }
        Files.createDirectories(out);
        Map<String, String> titles = new LinkedHashMap<>();
        Map<String, Node> docs = new LinkedHashMap<>();
        for (String page : pages.keySet()) {
            Node doc = parser.parse(Files.readString(root.resolve(page), StandardCharsets.UTF_8));
            docs.put(page, doc);
            titles.put(page, title(doc, page));
            anchors.put(page, headingIds(page, doc));
        }
        List<String> nav = navigation();
        for (var e : docs.entrySet()) {
            render(e.getKey(), e.getValue(), titles, nav, javadoc);
        }
        for (String[] f : fragments) {
            if (!anchors.getOrDefault(f[1], Set.of()).contains(f[2])) {
                problems.add(f[0] + ": link to " + f[1] + "#" + f[2] + ": no such heading");
            }
        }
        for (String file : linkedFiles) {
            copyOrShow(file);
        }
        Files.writeString(out.resolve("weft.css"), CSS, StandardCharsets.UTF_8);
        if (javadoc) {
            copyJavadoc("weft");
            copyJavadoc("weft-junit");
        }
        return problems;
    }

    /** The pages in the order of README's documentation table (its rows), then the rest. */
    private List<String> navigation() throws IOException {
        LinkedHashSet<String> order = new LinkedHashSet<>();
        order.add("README.md");
        Matcher m =
                Pattern.compile("(?m)^\\| \\[[^]]*\\]\\((docs/[\\w./-]+\\.md)\\)")
                        .matcher(Files.readString(root.resolve("README.md")));
        while (m.find()) {
            if (pages.containsKey(m.group(1))) {
                order.add(m.group(1));
            }
        }
        for (String p : pages.keySet()) {
            if (!p.startsWith("docs/adr/")) {
                order.add(p);
            }
        }
        if (pages.containsKey("docs/adr/README.md")) {
            order.add("docs/adr/README.md");
        }
        return new ArrayList<>(order);
    }

    private static String title(Node doc, String page) {
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h && h.getLevel() == 1) {
                return text(h);
            }
        }
        return page;
    }

    private static String text(Node node) {
        StringBuilder sb = new StringBuilder();
        node.accept(
                new AbstractVisitor() {
                    @Override
                    public void visit(Text text) {
                        sb.append(text.getLiteral());
                    }

                    @Override
                    public void visit(org.commonmark.node.Code code) {
                        sb.append(code.getLiteral());
                    }
                });
        return sb.toString();
    }

    /** The ids the heading-anchor extension gives the page's headings. */
    private Set<String> headingIds(String page, Node doc) {
        Set<String> ids = new HashSet<>();
        Pattern id = Pattern.compile("<h\\d id=\"([^\"]*)\"");
        Matcher m = id.matcher(HtmlRenderer.builder().extensions(extensions).build().render(doc));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private void render(
            String page, Node doc, Map<String, String> titles, List<String> nav, boolean javadoc)
            throws IOException {
        String sitePath = pages.get(page);
        AttributeProvider links =
                (node, tag, attributes) -> {
                    if (node instanceof Link && attributes.containsKey("href")) {
                        attributes.put("href", rewrite(page, attributes.get("href")));
                    } else if (node instanceof Image && attributes.containsKey("src")) {
                        attributes.put("src", rewrite(page, attributes.get("src")));
                    }
                };
        HtmlRenderer renderer =
                HtmlRenderer.builder()
                        .extensions(extensions)
                        .attributeProviderFactory(context -> links)
                        .build();
        String body = samples(page, renderer.render(doc));
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append(
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(escape(titles.get(page)))
                .append(page.equals("README.md") ? "" : " · Weft")
                .append("</title>\n<link rel=\"stylesheet\" href=\"")
                .append(relative(sitePath, "weft.css"))
                .append("\">\n</head>\n<body>\n<nav>\n<p class=\"brand\"><a href=\"")
                .append(relative(sitePath, "index.html"))
                .append("\">Weft</a></p>\n<ul>\n");
        for (String p : nav) {
            html.append("<li")
                    .append(p.equals(page) ? " class=\"current\"" : "")
                    .append("><a href=\"")
                    .append(relative(sitePath, pages.get(p)))
                    .append("\">")
                    .append(escape(p.equals("README.md") ? "Getting started" : titles.get(p)))
                    .append("</a></li>\n");
        }
        html.append("</ul>\n<p class=\"api\">API reference</p>\n<ul>\n")
                .append("<li><a href=\"")
                .append(relative(sitePath, "api/weft/index.html"))
                .append("\">weft (javadoc)</a></li>\n<li><a href=\"")
                .append(relative(sitePath, "api/weft-junit/index.html"))
                .append("\">weft-junit (javadoc)</a></li>\n</ul>\n</nav>\n<main>\n");
        if (page.equals("README.md")) {
            html.append("<p class=\"api-banner\">API reference: <a href=\"api/weft/index.html\">")
                    .append("weft</a> and <a href=\"api/weft-junit/index.html\">weft-junit</a>")
                    .append(" (javadoc)")
                    .append(javadoc ? "" : " (not built: run ./build site)")
                    .append("</p>\n");
        }
        html.append(body).append("</main>\n</body>\n</html>\n");
        Path file = out.resolve(sitePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, html.toString(), StandardCharsets.UTF_8);
    }

    private static final Pattern SAMPLE =
            Pattern.compile("<!--\\s*sample:\\s*([^#\\s]+)#([\\w.-]+)\\s*-->\\s*");
    private static final Pattern NOT_COMPILED =
            Pattern.compile("<!--\\s*not-compiled:\\s*(.*?)\\s*-->\\s*");

    /** Turns the sample markers into a caption naming the source the code block comes from. */
    private String samples(String page, String html) {
        Matcher m = SAMPLE.matcher(html);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String source = m.group(1);
            String href = rewrite(page, relativeTo(page, source));
            String name = source.substring(source.lastIndexOf('/') + 1);
            m.appendReplacement(
                    sb,
                    Matcher.quoteReplacement(
                            "<p class=\"sample\">Compiled and tested: <a href=\""
                                    + href
                                    + "\">"
                                    + escape(name)
                                    + "</a></p>\n"));
        }
        m.appendTail(sb);
        return NOT_COMPILED.matcher(sb).replaceAll("");
    }

    /** {@code repoPath} (from the repository's root) as a link from {@code page}. */
    private static String relativeTo(String page, String repoPath) {
        Path from = Path.of(page).getParent();
        Path target = Path.of(repoPath);
        return (from == null ? target : from.relativize(target)).toString();
    }

    /**
     * A link of {@code page} as it must read in the site: a page becomes its HTML page, a figure is
     * copied, any other file of the repository is shown as a page; absolute URLs and anchors stay
     * as they are.
     */
    String rewrite(String page, String href) {
        if (href.isEmpty()
                || href.startsWith("#")
                || href.startsWith("//")
                || href.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            if (href.startsWith("#") && href.length() > 1) {
                fragments.add(new String[] {page, page, href.substring(1)});
            }
            return href;
        }
        int hash = href.indexOf('#');
        String path = hash < 0 ? href : href.substring(0, hash);
        String fragment = hash < 0 ? null : href.substring(hash + 1);
        Path base = Path.of(page).getParent();
        Path target = (base == null ? Path.of(path) : base.resolve(path)).normalize();
        String repo = target.toString().replace('\\', '/');
        if (repo.startsWith("..") || !Files.exists(root.resolve(repo))) {
            problems.add(page + ": link to " + href + ": no such file in the repository");
            return href;
        }
        if (Files.isDirectory(root.resolve(repo))) {
            String readme = (repo.isEmpty() ? "" : repo + "/") + "README.md";
            if (pages.containsKey(readme)) {
                repo = readme;
            }
        }
        String site;
        if (pages.containsKey(repo)) {
            site = pages.get(repo);
            if (fragment != null && !fragment.isEmpty()) {
                fragments.add(new String[] {page, repo, fragment});
            }
        } else if (Files.isDirectory(root.resolve(repo))) {
            linkedFiles.add(repo + "/");
            site = "source/" + repo + "/index.html";
        } else if (repo.startsWith("docs/figures/")) {
            linkedFiles.add(repo);
            site = repo.substring("docs/".length());
        } else {
            linkedFiles.add(repo);
            site = "source/" + repo + ".html";
        }
        return relative(pages.get(page), site) + (fragment == null ? "" : "#" + fragment);
    }

    /** The site path {@code to} as a link from the site page {@code from}. */
    static String relative(String from, String to) {
        Path dir = Path.of(from).getParent();
        return (dir == null ? Path.of(to) : dir.relativize(Path.of(to)))
                .toString()
                .replace('\\', '/');
    }

    private void copyOrShow(String repo) throws IOException {
        if (repo.endsWith("/")) {
            String dir = repo.substring(0, repo.length() - 1);
            StringBuilder list = new StringBuilder("<ul>\n");
            try (Stream<Path> s = Files.list(root.resolve(dir))) {
                for (Path p : s.sorted().toList()) {
                    list.append("<li>")
                            .append(escape(p.getFileName().toString()))
                            .append("</li>\n");
                }
            }
            writeSourcePage("source/" + dir + "/index.html", dir + "/", list + "</ul>\n");
            return;
        }
        if (repo.startsWith("docs/figures/")) {
            Path to = out.resolve(repo.substring("docs/".length()));
            Files.createDirectories(to.getParent());
            Files.copy(root.resolve(repo), to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        String text = Files.readString(root.resolve(repo), StandardCharsets.UTF_8);
        writeSourcePage(
                "source/" + repo + ".html", repo, "<pre><code>" + escape(text) + "</code></pre>\n");
    }

    private void writeSourcePage(String sitePath, String title, String body) throws IOException {
        String html =
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                        + escape(title)
                        + " · Weft</title>\n<link rel=\"stylesheet\" href=\""
                        + relative(sitePath, "weft.css")
                        + "\">\n</head>\n<body class=\"source\">\n<main>\n<p><a href=\""
                        + relative(sitePath, "index.html")
                        + "\">Weft</a> · source</p>\n<h1>"
                        + escape(title)
                        + "</h1>\n"
                        + body
                        + "</main>\n</body>\n</html>\n";
        Path file = out.resolve(sitePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private void copyJavadoc(String module) throws IOException {
        Path from = root.resolve(module).resolve("target/reports/apidocs");
        if (!Files.isRegularFile(from.resolve("index.html"))) {
            problems.add(
                    "no javadoc in "
                            + root.relativize(from)
                            + ": run javadoc:javadoc on "
                            + module
                            + " first (./build site does)");
            return;
        }
        Path to = out.resolve("api").resolve(module);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private String repoPath(Path p) {
        return root.relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private static final String CSS =
            """
            body { margin: 0; display: flex; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d232a; }
            nav { flex: 0 0 16rem; padding: 1rem 1.2rem; background: #f4f5f7; border-right: 1px solid #dde1e6;
                  height: 100vh; overflow-y: auto; position: sticky; top: 0; box-sizing: border-box; font-size: 0.9rem; }
            nav ul { list-style: none; padding: 0; margin: 0 0 1rem 0; }
            nav li { margin: 0.15rem 0; }
            nav li.current a { font-weight: 600; color: #1d232a; }
            nav .brand { font-size: 1.4rem; font-weight: 700; margin: 0 0 1rem 0; }
            nav .api { font-weight: 600; margin: 0.5rem 0 0.2rem 0; }
            main { flex: 1; max-width: 56rem; padding: 1rem 2.5rem 4rem 2.5rem; min-width: 0; }
            body.source main { max-width: none; }
            a { color: #0b5cad; text-decoration: none; } a:hover { text-decoration: underline; }
            pre { background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 4px; padding: 0.8rem 1rem;
                  overflow-x: auto; font-size: 0.85rem; line-height: 1.45; }
            code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
            pre code { font-size: 1em; }
            :not(pre) > code { background: #f0f2f4; padding: 0.05em 0.3em; border-radius: 3px; }
            table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; }
            th, td { border: 1px solid #d0d7de; padding: 0.35rem 0.6rem; vertical-align: top; text-align: left; }
            th { background: #f4f5f7; }
            h1, h2, h3 { line-height: 1.25; } h2 { border-bottom: 1px solid #e1e4e8; padding-bottom: 0.2rem; margin-top: 2rem; }
            img { max-width: 100%; }
            p.sample { font-size: 0.8rem; color: #57606a; margin: 1rem 0 -0.8rem 0; text-align: right; }
            p.api-banner { background: #eef5ff; border: 1px solid #c8ddf5; padding: 0.5rem 0.8rem; border-radius: 4px; }
            """;

    /**
     * {@code SiteBuilder ROOT OUT [--no-javadoc]}: builds the site of the repository at ROOT into
     * OUT; exits 1, listing them, if links are broken or the javadoc is missing.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SiteBuilder ROOT OUT [--no-javadoc]");
            System.exit(2);
        }
        boolean javadoc = !(args.length > 2 && args[2].equals("--no-javadoc"));
        Path out = Path.of(args[1]);
        long start = System.nanoTime();
        List<String> problems;
        try {
            problems = new SiteBuilder(Path.of(args[0]), out).build(javadoc);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        problems.forEach(System.err::println);
        System.out.printf(
                "site: %s (%d ms)%n",
                out.toAbsolutePath().normalize().resolve("index.html"),
                (System.nanoTime() - start) / 1_000_000);
        if (!problems.isEmpty()) {
            System.exit(1);
        }
    }
}
