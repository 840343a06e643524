package io.weft.bench;

import java.util.Arrays;
import java.util.Collection;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * JMH's command line ({@link Main}) that writes each run's results as both CSV and JSON: JMH's
 * {@code -rf} takes one format, and bench/run parses the CSV while the JSON is what regression
 * tooling reads.
 *
 * <p>{@code BenchMain --results PREFIX <JMH options>} writes {@code PREFIX.csv} and {@code
 * PREFIX.json} after the run. (An argument rather than a system property: JMH copies the host JVM's
 * flags into every fork and into the JSON.) Without {@code --results}, or with {@code -h}, {@code
 * -l} and the other listing options, this is exactly {@code org.openjdk.jmh.Main}.
 */
public final class BenchMain {
    private BenchMain() {}

    /** Runs JMH with {@code args}, as {@code org.openjdk.jmh.Main} does (see the class comment). */
    public static void main(String[] args) throws Exception {
        String prefix = null;
        if (args.length >= 2 && args[0].equals("--results")) {
            prefix = args[1];
            args = Arrays.copyOfRange(args, 2, args.length);
        }
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line:");
            System.err.println(" " + e.getMessage());
            System.exit(1);
            return;
        }
        if (prefix == null
                || cmd.shouldHelp()
                || cmd.shouldList()
                || cmd.shouldListWithParams()
                || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            Main.main(args);
            return;
        }
        Collection<RunResult> results;
        try {
            results = new Runner(cmd).run();
        } catch (RunnerException e) {
            System.err.print("ERROR: ");
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        if (results.isEmpty()) {
            System.err.println("No matching benchmarks. Misspelled regexp?");
            System.exit(1);
        }
        ResultFormatFactory.getInstance(ResultFormatType.CSV, prefix + ".csv").writeOut(results);
        ResultFormatFactory.getInstance(ResultFormatType.JSON, prefix + ".json").writeOut(results);
    }
}
