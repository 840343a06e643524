package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.junit.WeftTest;
import java.lang.ref.Reference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The warning for a memory object stream clone garbage-collected without being closed. */
class MemoryObjectStreamWarningTest {

    private static final int GC_TRIES = 200;

    // AnyIO: test_not_closed_warning. GC timing is not wall-clock order: the test collects until
    // the warning for the dropped clone arrives, a bounded number of times.
    @WeftTest
    void aCloneDroppedWithoutCloseIsReportedAndAClosedOneIsNot() throws Exception {
        Logger logger = Logger.getLogger("io.weft"); // held: JUL keeps loggers weakly
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        try (var stream = MemoryObjectStream.<String>create(0)) {
            String closedSend = dropClosed(stream.sendStream());
            String closedReceive = dropClosed(stream.receiveStream());
            MemoryObjectSendStream<String> unclosedTx = stream.sendStream().clone();
            MemoryObjectReceiveStream<String> unclosedRx = stream.receiveStream().clone();
            String unclosedSend = nameOf(unclosedTx);
            String unclosedReceive = nameOf(unclosedRx);
            CountDownLatch bothReported = new CountDownLatch(2);
            Handler handler =
                    new Handler() {
                        @Override
                        public void publish(LogRecord r) {
                            String m = r.getMessage();
                            if (m.contains("unclosed")) {
                                records.add(r);
                                if (m.contains(unclosedSend) || m.contains(unclosedReceive)) {
                                    bothReported.countDown();
                                }
                            }
                        }

                        @Override
                        public void flush() {}

                        @Override
                        public void close() {}
                    };
            boolean parentHandlers = logger.getUseParentHandlers();
            logger.addHandler(handler);
            logger.setUseParentHandlers(false); // keep the expected warnings out of the console
            try {
                // Reachable until the handler listens, then dropped.
                Reference.reachabilityFence(unclosedTx);
                Reference.reachabilityFence(unclosedRx);
                unclosedTx = null;
                unclosedRx = null;
                for (int i = 0; i < GC_TRIES && bothReported.getCount() > 0; i++) {
                    System.gc();
                    bothReported.await(50, TimeUnit.MILLISECONDS);
                }
            } finally {
                logger.removeHandler(handler);
                logger.setUseParentHandlers(parentHandlers);
            }
            assertThat(bothReported.getCount()).as("warnings still missing").isZero();
            assertThat(records)
                    .filteredOn(r -> r.getMessage().contains(unclosedSend))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getLevel()).isEqualTo(Level.WARNING))
                    .satisfies(r -> assertThat(r.getLoggerName()).isEqualTo("io.weft"));
            assertThat(records).anyMatch(r -> r.getMessage().contains(unclosedReceive));
            // A closed clone unregistered itself when it was closed: it can never be reported.
            assertThat(records)
                    .noneMatch(r ->
                            r.getMessage().contains(closedSend)
                                    || r.getMessage().contains(closedReceive));
            // The warning does not close anything: the stream's counts are unchanged.
            assertThat(stream.sendStream().statistics().openSendStreams()).isEqualTo(2);
            assertThat(stream.sendStream().statistics().openReceiveStreams()).isEqualTo(2);
        }
    }

    /** Clones {@code s}, closes the clone and drops it; returns its name. */
    private static String dropClosed(AutoCloseable s) throws Exception {
        AutoCloseable clone = cloneOf(s);
        String name = nameOf(clone);
        clone.close();
        return name;
    }

    private static AutoCloseable cloneOf(AutoCloseable s) {
        return s instanceof MemoryObjectSendStream<?> tx
                ? tx.clone()
                : ((MemoryObjectReceiveStream<?>) s).clone();
    }

    /** The name in {@code s}'s warning, with the space after it ("...Stream@1a2b3c "). */
    private static String nameOf(AutoCloseable s) {
        String t = s.toString(); // "MemoryObjectSendStream@1a2b3c[open]"
        return t.substring(0, t.indexOf('[')) + " ";
    }
}
