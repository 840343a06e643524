package io.weft.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws each scale series of bench/scale's result files as an SVG line chart: n on a log-scale x
 * axis, the cost per task on the y axis, one line for Weft and one for its baseline.
 *
 * <p>{@code ScalePlot <output dir> <results file>...} reads every {@code SCALE} line (format in
 * {@link ScaleMain}); a later file's point replaces an earlier one's for the same series and n, so
 * a quick run and a later run of only the largest points can be drawn together. It writes {@code
 * scale-<series>.svg} per series. The y axis is linear from zero unless the values span more than a
 * factor of 30, then logarithmic.
 *
 * <p>Self-contained and JDK-only on purpose: bench/plot runs it as a source file ({@code java
 * ScalePlot.java}), with no build and nothing else on the class path. The SVG is written by hand,
 * with fixed sizes and no scripts or fonts beyond a generic family, so it renders the same on a
 * code host as in a browser.
 */
public final class ScalePlot {
    private static final int W = 640;
    private static final int H = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 80;
    private static final String WEFT_COLOUR = "#1f77b4";
    private static final String BASE_COLOUR = "#d62728";
    private static final String GRID_COLOUR = "#dddddd";

    /** What each series measures and what its baseline is, for the chart's title and legend. */
    private static final Map<String, String[]> LABELS =
            Map.of(
                    "parkedHeapPerTask",
                    new String[] {
                        "Heap per parked task", "raw virtual threads on a CountDownLatch"
                    },
                    "parkedRssPerTask",
                    new String[] {"RSS per parked task", "raw virtual threads on a CountDownLatch"},
                    "spawnJoinPerTask",
                    new String[] {
                        "Spawn and join, per task", "raw virtual threads, started and joined"
                    },
                    "cancelAllPerTask",
                    new String[] {
                        "Cancel everything (cancel() to group exit), per task",
                        "raw virtual threads, parallel interrupters"
                    },
                    "cancelAllDeepPerTask",
                    new String[] {
                        "Cancel everything, beside raw threads parked as deep and unwound",
                        "raw virtual threads, parked under 7 calls, unwound by an exception"
                    },
                    "deadlineEnterExit",
                    new String[] {
                        "moveOnAfter enter+exit with n deadlines pending",
                        "JDK ScheduledThreadPoolExecutor, schedule+cancel, n pending"
                    },
                    "connectionsRoundTrip",
                    new String[] {
                        "64-byte round trips over n loopback connections at once",
                        "blocking sockets, a virtual thread per connection end"
                    });

    private record Point(long n, double weft, double baseline) {}

    private ScalePlot() {}

    /** {@code ScalePlot <output dir> <results file>...}: see the class comment. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ScalePlot <output dir> <scale results file>...");
            System.exit(2);
        }
        Map<String, TreeMap<Long, Point>> series = new TreeMap<>();
        Map<String, String> units = new TreeMap<>();
        for (int i = 1; i < args.length; i++) {
            for (String line : Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8)) {
                if (!line.startsWith("SCALE ")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                Map<String, String> kv = new TreeMap<>();
                for (int k = 2; k < f.length; k++) {
                    int eq = f[k].indexOf('=');
                    if (eq > 0) {
                        kv.put(f[k].substring(0, eq), f[k].substring(eq + 1));
                    }
                }
                long n = Long.parseLong(kv.get("n"));
                Point p =
                        new Point(
                                n,
                                Double.parseDouble(kv.get("weft")),
                                Double.parseDouble(kv.get("baseline")));
                series.computeIfAbsent(f[1], s -> new TreeMap<>()).put(n, p);
                units.put(f[1], kv.get("unit"));
            }
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (var e : series.entrySet()) {
            Path out = dir.resolve("scale-" + e.getKey() + ".svg");
            String svg =
                    svg(e.getKey(), units.get(e.getKey()), new ArrayList<>(e.getValue().values()));
            Files.writeString(out, svg, StandardCharsets.UTF_8);
            System.out.println("bench/plot: wrote " + out);
        }
    }

    private static String svg(String name, String unit, List<Point> points) {
        String[] label = LABELS.getOrDefault(name, new String[] {name, "baseline"});
        double minN = points.getFirst().n();
        double maxN = points.getLast().n();
        // A quarter of a decade either side keeps the end points off the frame.
        double x0 = Math.log10(minN) - 0.25;
        double x1 = Math.log10(maxN) + 0.25;
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Point p : points) {
            for (double v : new double[] {p.weft(), p.baseline()}) {
                if (v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (hi == 0) {
            lo = 1;
            hi = 1;
        }
        boolean logY = hi / lo > 30;
        Axis y = logY ? Axis.log(lo, hi) : Axis.linear(hi);
        double plotW = W - LEFT - RIGHT;
        double plotH = H - TOP - BOTTOM;
        double fx0 = x0;
        double fx1 = x1;
        java.util.function.DoubleUnaryOperator px =
                n -> LEFT + (Math.log10(n) - fx0) / (fx1 - fx0) * plotW;
        java.util.function.DoubleUnaryOperator py = v -> TOP + plotH - y.fraction(v) * plotH;

        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\""
                                + " font-size=\"12\">%n",
                        W,
                        H,
                        W,
                        H));
        s.append(
                String.format(
                        Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", W, H));
        text(s, W / 2.0, 22, "middle", 14, esc(label[0]));

        for (int d = (int) Math.ceil(x0); d <= (int) Math.floor(x1); d++) {
            double x = px.applyAsDouble(Math.pow(10, d));
            line(s, x, TOP, x, TOP + plotH, GRID_COLOUR);
            text(s, x, TOP + plotH + 18, "middle", 12, decade(d));
        }
        for (double v : y.ticks()) {
            double yy = py.applyAsDouble(v);
            line(s, LEFT, yy, LEFT + plotW, yy, GRID_COLOUR);
            text(s, LEFT - 6, yy + 4, "end", 12, number(v));
        }
        s.append(
                String.format(
                        Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
                                + " stroke=\"black\"/>%n",
                        LEFT,
                        TOP,
                        plotW,
                        plotH));
        boolean connections = name.startsWith("connections");
        text(
                s,
                LEFT + plotW / 2,
                TOP + plotH + 36,
                "middle",
                12,
                (connections ? "connections" : "tasks") + " (n, log scale)");
        s.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\""
                                + " transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
                        TOP + plotH / 2,
                        TOP + plotH / 2,
                        esc(unit + perWhat(name)) + (logY ? " (log scale)" : "")));
        series(s, points, true, px, py, WEFT_COLOUR);
        series(s, points, false, px, py, BASE_COLOUR);
        // The legend goes below the axis label, where no point can hide behind it.
        double ly = H - 14;
        line(s, LEFT, ly - 4, LEFT + 24, ly - 4, WEFT_COLOUR);
        text(s, LEFT + 30, ly, "start", 12, "Weft");
        line(s, LEFT + 90, ly - 4, LEFT + 114, ly - 4, BASE_COLOUR);
        text(s, LEFT + 120, ly, "start", 12, "baseline: " + esc(label[1]));
        s.append("</svg>\n");
        return s.toString();
    }

    /** What the y axis's unit is per: an operation, a round trip or a task. */
    private static String perWhat(String series) {
        if (series.startsWith("deadline")) {
            return " per operation";
        }
        return series.startsWith("connections") ? " per round trip" : " per task";
    }

    private static void series(
            StringBuilder s,
            List<Point> points,
            boolean weft,
            java.util.function.DoubleUnaryOperator px,
            java.util.function.DoubleUnaryOperator py,
            String colour) {
        StringBuilder path = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (Point p : points) {
            double v = weft ? p.weft() : p.baseline();
            if (v <= 0) {
                continue; // a probe without a baseline, or nothing measured
            }
            double x = px.applyAsDouble(p.n());
            double yy = py.applyAsDouble(v);
            path.append(path.isEmpty() ? "M" : " L")
                    .append(String.format(Locale.ROOT, "%.1f %.1f", x, yy));
            marks.append(
                    String.format(
                            Locale.ROOT,
                            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n",
                            x,
                            yy,
                            colour));
        }
        if (!path.isEmpty()) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                            path,
                            colour));
            s.append(marks);
        }
    }

    /** A y axis: where a value falls (0 at the bottom, 1 at the top) and where its ticks go. */
    private record Axis(boolean log, double lo, double hi, double step) {
        static Axis linear(double max) {
            double step = niceStep(max / 5);
            return new Axis(false, 0, Math.ceil(max / step) * step, step);
        }

        static Axis log(double min, double max) {
            return new Axis(true, Math.floor(Math.log10(min)), Math.ceil(Math.log10(max)), 1);
        }

        double fraction(double v) {
            return log ? (Math.log10(v) - lo) / (hi - lo) : (v - lo) / (hi - lo);
        }

        List<Double> ticks() {
            List<Double> t = new ArrayList<>();
            for (double v = lo; v <= hi + step / 2; v += step) {
                t.add(log ? Math.pow(10, v) : v);
            }
            return t;
        }

        private static double niceStep(double raw) {
            double p = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double m : new double[] {1, 2, 2.5, 5, 10}) {
                if (m * p >= raw) {
                    return m * p;
                }
            }
            return 10 * p;
        }
    }

    private static String decade(int d) {
        return switch (d) {
            case 0 -> "1";
            case 1 -> "10";
            case 2 -> "100";
            case 3 -> "1k";
            case 4 -> "10k";
            case 5 -> "100k";
            case 6 -> "1M";
            case 7 -> "10M";
            default -> "1e" + d;
        };
    }

    private static String number(double v) {
        if (v >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (v >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return v >= 1 || v == 0 ? trim(v) : String.format(Locale.ROOT, "%.2g", v);
    }

    /** Up to two decimals, without trailing zeros: 1.5, 2.25, 10. */
    private static String trim(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.2f", v))
                .stripTrailingZeros()
                .toPlainString();
    }

    private static void line(
            StringBuilder s, double x1, double y1, double x2, double y2, String c) {
        s.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                                + " stroke-width=\"%s\"/>%n",
                        x1,
                        y1,
                        x2,
                        y2,
                        c,
                        c.equals(GRID_COLOUR) ? "1" : "2"));
    }

    private static void text(
            StringBuilder s, double x, double y, String anchor, int size, String t) {
        s.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
                        x,
                        y,
                        anchor,
                        size,
                        t));
    }

    private static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
