package io.weft.examples.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The code samples of the documentation pages (README.md and docs/**.md), kept identical to regions
 * of compiled, tested sources.
 *
 * <p>A fenced block in a page is a <em>sample</em> when the line just before its opening fence is
 *
 * <pre>
 * &lt;!-- sample: weft-examples/src/main/java/io/weft/examples/docs/TasksPage.java#task-group --&gt;
 * </pre>
 *
 * (a path from the repository's root, {@code #} and a region name), and the source has the region
 *
 * <pre>
 *     // region task-group
 *     ...the code the page shows...
 *     // endregion
 * </pre>
 *
 * The block must equal the region's lines once both lose their common indentation and trailing
 * blanks. A {@code java} block that is deliberately not compiled (a fragment of a larger program,
 * preview API, a sketch of your own code) says why on the line before its fence: {@code <!--
 * not-compiled: reason -->}. Every other {@code java} block is an error, so a new snippet cannot be
 * added without being compiled. Blocks in other languages ({@code kotlin}, {@code text}, {@code
 * xml}, {@code sh}, ...) need no marker.
 *
 * <p>{@code DocSamplesTest} checks all of this on every build. {@code ./build docs-sync} (this
 * class's {@code main}, run by the JDK's source launcher: it needs nothing but the JDK) rewrites
 * every sample block from its region, so code is edited in one place, the source, and the pages
 * follow. Regions do not nest; Spotless leaves their lines as written (the page's layout).
 */
public final class DocSamples {
    private DocSamples() {}

    static final Pattern FENCE = Pattern.compile("^( *)(```+|~~~+)\\s*([^\\s`]*).*$");
    static final Pattern SAMPLE =
            Pattern.compile("^\\s*<!--\\s*sample:\\s*([^#\\s]+)#([\\w.-]+)\\s*-->\\s*$");
    static final Pattern NOT_COMPILED =
            Pattern.compile("^\\s*<!--\\s*not-compiled:\\s*(\\S.*?)\\s*-->\\s*$");
    static final Pattern ANY_MARKER = Pattern.compile("^\\s*<!--\\s*(sample|not-compiled)\\b.*");
    static final Pattern REGION = Pattern.compile("^\\s*// region (\\S+)\\s*$");
    static final Pattern END_REGION = Pattern.compile("^\\s*// endregion\\b.*$");

    /** What kind of marker a fenced block carries. */
    enum Kind {
        SAMPLE,
        NOT_COMPILED,
        UNMARKED
    }

    /**
     * One fenced block of a page: its language, the marker before it, its body lines and where they
     * are (0-based index of the opening fence; the body is {@code fence + 1 .. close - 1}).
     */
    record Block(
            Path page,
            String language,
            Kind kind,
            String source,
            String region,
            String reason,
            String indent,
            int fence,
            int close,
            List<String> body) {
        /** The page and the 1-based line of the opening fence, as an editor wants it. */
        String where(Path root) {
            return root.relativize(page) + ":" + (fence + 1);
        }
    }

    /** The pages whose samples are checked: README.md and every .md under docs/. */
    static List<Path> pages(Path root) {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** The fenced blocks of a page, in order. */
    static List<Block> blocks(Path page, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            String fence = open.group(2);
            String language = open.group(3);
            int close = i + 1;
            while (close < lines.size() && !isClosing(lines.get(close), fence)) {
                close++;
            }
            String before = i > 0 ? lines.get(i - 1) : "";
            Matcher sample = SAMPLE.matcher(before);
            Matcher notCompiled = NOT_COMPILED.matcher(before);
            Kind kind;
            String source = null;
            String region = null;
            String reason = null;
            if (sample.matches()) {
                kind = Kind.SAMPLE;
                source = sample.group(1);
                region = sample.group(2);
            } else if (notCompiled.matches()) {
                kind = Kind.NOT_COMPILED;
                reason = notCompiled.group(1);
            } else {
                kind = Kind.UNMARKED;
                if (ANY_MARKER.matcher(before).matches()) {
                    reason = "malformed marker: " + before.strip();
                }
            }
            List<String> body =
                    new ArrayList<>(lines.subList(i + 1, Math.min(close, lines.size())));
            blocks.add(
                    new Block(
                            page, language, kind, source, region, reason, indent, i, close, body));
            i = close;
        }
        return blocks;
    }

    private static boolean isClosing(String line, String fence) {
        String t = line.strip();
        return t.startsWith(fence) && t.chars().allMatch(c -> c == fence.charAt(0));
    }

    /** A region of a source file: its lines (without the markers) and where it starts (1-based). */
    record Region(List<String> lines, int line) {}

    /**
     * The regions of a source file by name.
     *
     * @throws IllegalArgumentException for a region opened twice, nested, or never closed, or an
     *     endregion without a region
     */
    static Map<String, Region> regions(String file, List<String> lines) {
        Map<String, Region> regions = new HashMap<>();
        String open = null;
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = REGION.matcher(lines.get(i));
            if (m.matches()) {
                if (open != null) {
                    throw new IllegalArgumentException(
                            file
                                    + ":"
                                    + (i + 1)
                                    + ": region '"
                                    + m.group(1)
                                    + "' inside region '"
                                    + open
                                    + "': regions do not nest");
                }
                if (regions.containsKey(m.group(1))) {
                    throw new IllegalArgumentException(
                            file + ":" + (i + 1) + ": a second region '" + m.group(1) + "'");
                }
                open = m.group(1);
                start = i;
            } else if (END_REGION.matcher(lines.get(i)).matches()) {
                if (open == null) {
                    throw new IllegalArgumentException(
                            file + ":" + (i + 1) + ": endregion without a region");
                }
                regions.put(open, new Region(List.copyOf(lines.subList(start + 1, i)), start + 2));
                open = null;
            }
        }
        if (open != null) {
            throw new IllegalArgumentException(
                    file + ":" + (start + 1) + ": region '" + open + "' is never closed");
        }
        return regions;
    }

    /** The lines without trailing blanks, without their common indentation. */
    static List<String> normalize(List<String> lines) {
        List<String> stripped = lines.stream().map(String::stripTrailing).toList();
        int indent =
                stripped.stream()
                        .filter(l -> !l.isEmpty())
                        .mapToInt(l -> l.length() - l.stripLeading().length())
                        .min()
                        .orElse(0);
        List<String> out = new ArrayList<>();
        for (String l : stripped) {
            out.add(l.isEmpty() ? l : l.substring(indent));
        }
        while (!out.isEmpty() && out.getFirst().isEmpty()) {
            out.removeFirst();
        }
        while (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast();
        }
        return out;
    }

    /** What the sample check found: problems (each a line for the report) and counts. */
    record Report(List<String> problems, int samples, int notCompiled, int javaBlocks) {}

    /**
     * Checks every page under {@code root}; with {@code sync}, rewrites each sample block that
     * differs from its region (and reports nothing for it).
     */
    static Report check(Path root, boolean sync) {
        List<String> problems = new ArrayList<>();
        int samples = 0;
        int notCompiled = 0;
        int javaBlocks = 0;
        Map<String, Map<String, Region>> sources = new HashMap<>();
        for (Path page : pages(root)) {
            List<String> lines = read(page);
            List<String> rewritten = new ArrayList<>(lines);
            int shift = 0;
            boolean changed = false;
            for (Block b : blocks(page, lines)) {
                boolean java = b.language().equals("java");
                if (java) {
                    javaBlocks++;
                }
                if (b.close() >= lines.size()) {
                    problems.add(b.where(root) + ": the fenced block is never closed");
                    continue;
                }
                switch (b.kind()) {
                    case NOT_COMPILED -> notCompiled += java ? 1 : 0;
                    case UNMARKED -> {
                        if (b.reason() != null) {
                            problems.add(
                                    b.where(root)
                                            + ": "
                                            + b.reason()
                                            + " (expected <!-- sample: path#region --> or"
                                            + " <!-- not-compiled: reason -->)");
                        } else if (java) {
                            problems.add(
                                    b.where(root)
                                            + ": a java block with neither <!-- sample:"
                                            + " path#region --> nor <!-- not-compiled: reason -->"
                                            + " on the line before it");
                        }
                    }
                    case SAMPLE -> {
                        samples += java ? 1 : 0;
                        Region region;
                        try {
                            region = region(root, sources, b.source(), b.region());
                        } catch (IllegalArgumentException e) {
                            problems.add(b.where(root) + ": " + e.getMessage());
                            continue;
                        }
                        List<String> want = normalize(region.lines());
                        List<String> have = normalize(b.body());
                        if (want.equals(have)) {
                            continue;
                        }
                        String origin =
                                b.source() + "#" + b.region() + " (line " + region.line() + ")";
                        if (sync) {
                            List<String> body = new ArrayList<>();
                            for (String l : want) {
                                body.add(l.isEmpty() ? l : b.indent() + l);
                            }
                            int from = b.fence() + 1 + shift;
                            int to = b.close() + shift;
                            rewritten.subList(from, to).clear();
                            rewritten.addAll(from, body);
                            shift += body.size() - (b.close() - b.fence() - 1);
                            changed = true;
                            System.out.println("synced " + b.where(root) + " from " + origin);
                        } else {
                            problems.add(
                                    b.where(root)
                                            + ": the block differs from "
                                            + origin
                                            + firstDifference(have, want, b.fence() + 2)
                                            + "; run ./build docs-sync to copy the source into"
                                            + " the page");
                        }
                    }
                }
            }
            if (changed) {
                write(page, rewritten);
            }
        }
        return new Report(problems, samples, notCompiled, javaBlocks);
    }

    private static Region region(
            Path root, Map<String, Map<String, Region>> cache, String source, String name) {
        Path file = root.resolve(source).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no source file " + source);
        }
        Map<String, Region> regions =
                cache.computeIfAbsent(source, s -> regions(source, read(file)));
        Region r = regions.get(name);
        if (r == null) {
            throw new IllegalArgumentException(
                    "no region '" + name + "' in " + source + " (it has " + regions.keySet() + ")");
        }
        return r;
    }

    private static String firstDifference(List<String> have, List<String> want, int firstLine) {
        int n = Math.min(have.size(), want.size());
        for (int i = 0; i < n; i++) {
            if (!have.get(i).equals(want.get(i))) {
                return ": at page line "
                        + (firstLine + i)
                        + " the page has\n    "
                        + have.get(i)
                        + "\n  and the source has\n    "
                        + want.get(i)
                        + "\n";
            }
        }
        return have.size() < want.size()
                ? ": the source has more lines, from\n    " + want.get(n) + "\n"
                : ": the page has more lines, from page line "
                        + (firstLine + n)
                        + "\n    "
                        + have.get(n)
                        + "\n";
    }

    static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The repository's root: the nearest directory, from the working directory up, with a README.md
     * and a docs directory beside the parent POM.
     */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md"))
                    && Files.isDirectory(d.resolve("docs"))
                    && Files.isRegularFile(d.resolve("weft-examples/pom.xml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no Weft repository at or above " + dir);
    }

    /**
     * {@code sync} (the default) rewrites the sample blocks from their regions, then checks; {@code
     * check} only checks. Exits 1 if a problem remains.
     */
    public static void main(String[] args) {
        boolean sync = args.length == 0 || args[0].equals("sync");
        Path root = root();
        if (sync) {
            check(root, true);
        }
        Report r = check(root, false);
        r.problems().forEach(p -> System.err.println(p));
        System.out.println(
                r.javaBlocks()
                        + " java blocks: "
                        + r.samples()
                        + " compiled samples, "
                        + r.notCompiled()
                        + " not compiled; "
                        + r.problems().size()
                        + " problem(s)");
        if (!r.problems().isEmpty()) {
            System.exit(1);
        }
    }
}
