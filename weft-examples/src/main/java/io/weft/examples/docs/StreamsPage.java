package io.weft.examples.docs;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.stream.MemoryObjectReceiveStream;
import io.weft.stream.MemoryObjectSendStream;
import io.weft.stream.MemoryObjectStream;
import io.weft.stream.MemoryStreamFlow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * The code samples of docs/streams.md (see {@code DocSamples}); {@code StreamsPageTest} runs them
 * on every backend.
 */
public final class StreamsPage {
    private StreamsPage() {}

    /** A producer and a consumer on a rendezvous stream. */
    public static void rendezvous() {
        // region rendezvous
        var stream = MemoryObjectStream.<String>create(0);     // capacity 0: a rendezvous
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (var rx = stream.receiveStream()) {
                    for (String item : rx) {                       // ends when every sender has closed
                        System.out.println("received " + item);
                    }
                }
            });
            try (var tx = stream.sendStream()) {
                for (int num = 0; num < 10; num++) {
                    tx.send("number " + num);                      // waits until the consumer takes it
                }
            }                                                      // closing ends the consumer's loop
        });
        // endregion
    }

    /** An item handed to a waiting receiver is received, even though the group is cancelled. */
    public static void valueNeverLost() {
        var stream = MemoryObjectStream.<String>create(0);
        try (stream) {
            var tx = stream.sendStream();
            var rx = stream.receiveStream();
            TaskGroup.run(tg -> {
                // region never-lost
                tg.startSoon(() -> {
                    System.out.println(rx.receive());      // prints "hello"
                    Weft.sleep(Duration.ofSeconds(1));     // the cancellation arrives here
                });
                Weft.waitAllTasksBlocked();
                tx.sendNowait("hello");                    // handed to the waiting receiver...
                tg.cancel();                               // ...so this cannot take it back
                // endregion
            });
        }
    }

    static void producer(String name, MemoryObjectSendStream<String> tx) {
        try (tx) {
            for (int i = 0; i < 2; i++) {
                tx.send(name + i);
            }
        }
    }

    static void consumer(String name, MemoryObjectReceiveStream<String> rx) {
        try (rx) {
            for (var item : rx) {
                System.out.println(name + " got " + item);
            }
        }
    }

    /** Two producers and two consumers, each with its own clone. */
    public static void clones() {
        // region clones
        var stream = MemoryObjectStream.<String>create(0);
        TaskGroup.run(tg -> {
            try (stream) {                                         // closes the originals at the end
                for (String name : new String[] {"A", "B"}) {
                    var tx = stream.sendStream().clone();
                    tg.startSoon(() -> producer(name, tx));        // try (tx) { ... send ... }
                }
                for (String name : new String[] {"X", "Y"}) {
                    var rx = stream.receiveStream().clone();
                    tg.startSoon(() -> consumer(name, rx));        // try (rx) { for (var item : rx) ... }
                }
            }
        });
        // endregion
    }

    /** Prints what it receives, asking for one item at a time. */
    static final class PrintingSubscriber implements Flow.Subscriber<String> {
        private Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(String item) {
            System.out.println("subscriber got " + item);
            subscription.request(1);
        }

        @Override
        public void onError(Throwable t) {
            System.out.println("subscriber failed: " + t);
        }

        @Override
        public void onComplete() {
            System.out.println("subscriber done");
        }
    }

    /** A publisher of a fixed list, as a JDK or library publisher would be. */
    static final class ListPublisher implements Flow.Publisher<String> {
        private final List<String> items;

        ListPublisher(List<String> items) {
            this.items = items;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super String> subscriber) {
            subscriber.onSubscribe(
                    new Flow.Subscription() {
                        private int next;

                        @Override
                        public synchronized void request(long n) {
                            for (long i = 0; i < n && next < items.size(); i++) {
                                subscriber.onNext(items.get(next++));
                            }
                            if (next == items.size()) {
                                next++;
                                subscriber.onComplete();
                            }
                        }

                        @Override
                        public void cancel() {}
                    });
        }
    }

    /** A stream read by a Flow subscriber, and a Flow publisher feeding a stream. */
    public static void flowAdapters() {
        var toFlow = MemoryObjectStream.<String>create(0);
        var fromFlow = MemoryObjectStream.<String>create(0);
        var rx = toFlow.receiveStream();
        var tx = fromFlow.sendStream();
        Flow.Subscriber<String> someSubscriber = new PrintingSubscriber();
        Flow.Publisher<String> jdkPublisher = new ListPublisher(List.of("x", "y"));
        TaskGroup.run(outer -> {
            outer.startSoon(() -> {
                try (var send = toFlow.sendStream()) {
                    send.send("a");
                    send.send("b");
                }
            });
            outer.startSoon(() -> {
                try (var receive = fromFlow.receiveStream()) {
                    for (String item : receive) {
                        System.out.println("stream got " + item);
                    }
                }
            });
            // region flow
            TaskGroup.run(tg -> {
                Flow.Publisher<String> publisher = MemoryStreamFlow.publisher(tg, rx);
                publisher.subscribe(someSubscriber);       // gets at most as many items as it request()s

                jdkPublisher.subscribe(MemoryStreamFlow.subscriber(tg, tx));  // one item at a time
            });
            // endregion
            rx.close();
        });
    }
}
