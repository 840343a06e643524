package io.weft.stress;

import io.weft.stream.MemoryObjectReceiveStream;
import io.weft.stream.MemoryObjectSendStream;
import io.weft.stream.MemoryObjectStream;
import io.weft.stream.MemoryObjectStreamStatistics;
import java.util.ArrayDeque;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lincheck checks that a memory object stream's non-waiting operations (sendNowait, receiveNowait,
 * clone and close of either end, statistics; all callable from any thread) are linearizable, for
 * capacities 0, 1, 2 and unbounded. {@code send} and {@code receive} need a Weft task to wait in,
 * so they are left to the stress tests in weft-tests.
 */
public class MemoryObjectStreamLincheckTest {
    /**
     * The operations on one stream: two send ends (the original and a clone) and two receive ends,
     * addressed by index, plus clones made and closed by the operations themselves. Each outcome is
     * a value, so that an exception counts as a result: its simple class name.
     */
    @Param(name = "end", gen = IntGen.class, conf = "0:1")
    @Param(name = "item", gen = IntGen.class, conf = "1:3")
    public abstract static class Operations {
        private final MemoryObjectStream<Integer> stream;
        private final List<MemoryObjectSendStream<Integer>> tx;
        private final List<MemoryObjectReceiveStream<Integer>> rx;
        // Clones made by cloneSend/cloneReceive, for closeClonedSend/closeClonedReceive. Each
        // operation on them holds the deque's monitor across its stream call, so that a clone is
        // in the deque exactly while it is open (the stream call is the linearisation point).
        private final ArrayDeque<MemoryObjectSendStream<Integer>> txClones = new ArrayDeque<>();
        private final ArrayDeque<MemoryObjectReceiveStream<Integer>> rxClones = new ArrayDeque<>();

        Operations(int capacity) {
            stream = MemoryObjectStream.create(capacity);
            tx = List.of(stream.sendStream(), stream.sendStream().clone());
            rx = List.of(stream.receiveStream(), stream.receiveStream().clone());
        }

        @Operation
        public String sendNowait(@Param(name = "end") int end, @Param(name = "item") int item) {
            try {
                tx.get(end).sendNowait(item);
                return "sent";
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName(); // WouldBlock, BrokenResourceError, Closed...
            }
        }

        @Operation
        public Object receiveNowait(@Param(name = "end") int end) {
            try {
                return rx.get(end).receiveNowait();
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName(); // WouldBlock, EndOfStream, Closed...
            }
        }

        @Operation
        public void closeSend(@Param(name = "end") int end) {
            tx.get(end).close();
        }

        @Operation
        public void closeReceive(@Param(name = "end") int end) {
            rx.get(end).close();
        }

        @Operation
        public String cloneSend(@Param(name = "end") int end) {
            synchronized (txClones) {
                try {
                    txClones.add(tx.get(end).clone());
                    return "cloned";
                } catch (RuntimeException e) {
                    return e.getClass().getSimpleName(); // ClosedResourceError
                }
            }
        }

        @Operation
        public String cloneReceive(@Param(name = "end") int end) {
            synchronized (rxClones) {
                try {
                    rxClones.add(rx.get(end).clone());
                    return "cloned";
                } catch (RuntimeException e) {
                    return e.getClass().getSimpleName();
                }
            }
        }

        @Operation
        public boolean closeClonedSend() {
            synchronized (txClones) {
                var c = txClones.poll();
                if (c != null) {
                    c.close();
                }
                return c != null;
            }
        }

        @Operation
        public boolean closeClonedReceive() {
            synchronized (rxClones) {
                var c = rxClones.poll();
                if (c != null) {
                    c.close();
                }
                return c != null;
            }
        }

        @Operation
        public MemoryObjectStreamStatistics statistics() {
            return stream.sendStream().statistics();
        }

        /**
         * After each scenario: closes every end, so that none is garbage-collected open (which the
         * stream's cleaner would log), and checks that the stream then counts none.
         */
        @Validate
        public void closeEverything() {
            tx.forEach(MemoryObjectSendStream::close);
            rx.forEach(MemoryObjectReceiveStream::close);
            synchronized (txClones) {
                txClones.forEach(MemoryObjectSendStream::close);
            }
            synchronized (rxClones) {
                rxClones.forEach(MemoryObjectReceiveStream::close);
            }
            MemoryObjectStreamStatistics s = stream.sendStream().statistics();
            if (s.openSendStreams() != 0 || s.openReceiveStreams() != 0) {
                throw new AssertionError("ends counted open after closing all: " + s);
            }
        }
    }

    /** A rendezvous stream. */
    public static class Rendezvous extends Operations {
        public Rendezvous() {
            super(0);
        }
    }

    /** A stream with one slot. */
    public static class OneSlot extends Operations {
        public OneSlot() {
            super(1);
        }
    }

    /** A stream with two slots. */
    public static class TwoSlots extends Operations {
        public TwoSlots() {
            super(2);
        }
    }

    /** An unbounded stream. */
    public static class Unbounded extends Operations {
        public Unbounded() {
            super(MemoryObjectStream.UNBOUNDED);
        }
    }

    private static Class<? extends Operations> operations(String name) {
        return switch (name) {
            case "Rendezvous" -> Rendezvous.class;
            case "OneSlot" -> OneSlot.class;
            case "TwoSlots" -> TwoSlots.class;
            default -> Unbounded.class;
        };
    }

    // Small counts: four stream shapes share the module's time budget (about 3 minutes with the
    // jcstress run), and an instrumented invocation of nine operations costs a few milliseconds
    // here. -Dweft.lincheck.iterations=N searches longer.
    @ParameterizedTest
    @ValueSource(strings = {"Rendezvous", "OneSlot", "TwoSlots", "Unbounded"})
    void modelChecking(String capacity) {
        new ModelCheckingOptions()
                .iterations(Integer.getInteger("weft.lincheck.iterations", 6))
                .invocationsPerIteration(100)
                .check(operations(capacity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Rendezvous", "OneSlot", "TwoSlots", "Unbounded"})
    void stress(String capacity) {
        new StressOptions()
                .iterations(Integer.getInteger("weft.lincheck.iterations", 3))
                .invocationsPerIteration(100)
                .check(operations(capacity));
    }
}
