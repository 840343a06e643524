package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.Backend;
import io.weft.EndOfStream;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.property.Gen;
import io.weft.property.PropertyCheck;
import io.weft.stream.ByteStream;
import io.weft.stream.MemoryObjectStream;
import io.weft.sync.Event;
import io.weft.testing.MemoryByteStream;
import io.weft.testing.TestCertificate;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * A property-based test of how {@link TlsStream} reassembles TLS records that its transport
 * delivers in arbitrary fragments: over a memory transport that cuts everything each side sends
 * (handshake, application records, close_notify) into random-size pieces before the other side
 * receives them, a handshake succeeds and both payloads arrive intact, in both directions, and
 * closing is seen as the end of the stream.
 *
 * <p>Why: a TCP connection may deliver a record a byte at a time, or several records and a part of
 * the next at once; {@code TlsStream} must keep what the engine has not consumed yet and read more
 * only when it needs more. Example tests use a memory pair that delivers each send whole, so they
 * never cut a record. Here each try does a full handshake (TLS 1.3 or 1.2; a new client context
 * each try, so no try resumes a session of another) with its own fragment sizes (1 byte up to
 * several records), payload sizes (none up to several 16 KiB records), send sizes and receive
 * sizes, in a runtime of its own on the SERIAL backend. The transport is unbounded, so that no send
 * waits for a peer that is itself sending: back-pressure is another test's subject. Seeds and
 * replay: see {@link PropertyCheck}. The encrypted bytes differ from run to run (the engine's
 * randomness), and with them the length of the handshake's signature by a byte or so; the payloads,
 * the fragment sizes and the rest of the input are the seed's.
 */
class TlsFragmentationPropertiesTest {
    private static final int TRIES = 1000;
    private static final TestCertificate CERT = TestCertificate.localhost();

    /**
     * One server context for all tries: a server resumes a session only for a client that presents
     * one, and each try's client context is new.
     */
    private static final SSLContext SERVER = CERT.serverContext();

    /** {@code length} bytes from a PRNG seeded with {@code fill}. */
    record Payload(int length, long fill) {
        byte[] bytes() {
            byte[] b = new byte[length];
            SplittableRandom r = new SplittableRandom(fill);
            for (int i = 0; i < length; i++) {
                b[i] = (byte) r.nextInt(256);
            }
            return b;
        }
    }

    /** What one side does: what it sends, in sends of which sizes, cut into which fragments. */
    record Side(Payload payload, List<Integer> sends, List<Integer> fragments) {}

    /**
     * A test input: the protocol, each side, the {@code maxBytes} of the receives (cycled), and
     * which side closes first (the other must then see the end of the stream).
     */
    record Case(
            String protocol,
            Side client,
            Side server,
            List<Integer> receiveSizes,
            boolean clientClosesFirst) {}

    private static final Gen<Payload> PAYLOAD =
            Gen.frequency(
                            3, Gen.integers(0, 64),
                            3, Gen.integers(65, 4000),
                            1, Gen.integers(4001, 40_000))
                    .flatMap(n -> Gen.integers(0, Integer.MAX_VALUE).map(f -> new Payload(n, f)));

    /** Fragment sizes: single bytes and small pieces, pieces of records, several records. */
    private static final Gen<List<Integer>> FRAGMENTS =
            Gen.frequency(
                            5, Gen.integers(1, 8),
                            3, Gen.integers(9, 300),
                            1, Gen.integers(301, 20_000))
                    .list(1, 40, 8);

    private static final Gen<List<Integer>> SENDS =
            Gen.frequency(3, Gen.integers(1, 100), 2, Gen.integers(101, 20_000)).list(0, 20, 3);

    private static final Gen<Side> SIDE =
            PAYLOAD.flatMap(p -> SENDS.flatMap(s -> FRAGMENTS.map(f -> new Side(p, s, f))));

    private static final Gen<Case> CASES =
            Gen.elements("TLSv1.3", "TLSv1.2")
                    .flatMap(protocol ->
                            SIDE.flatMap(client ->
                                    SIDE.flatMap(server ->
                                            Gen.frequency(
                                                            2, Gen.integers(1, 64),
                                                            2, Gen.integers(65, 70_000))
                                                    .list(1, 10, 3)
                                                    .flatMap(receives ->
                                                            Gen.booleans()
                                                                    .map(first ->
                                                                            new Case(
                                                                                    protocol,
                                                                                    client, server,
                                                                                    receives,
                                                                                    first))))));

    /**
     * A handshake over a transport that fragments both directions at random succeeds, each side
     * receives exactly what the other sent, and the side that did not close first then receives
     * {@link EndOfStream} (the peer's close_notify, fragmented too).
     */
    @Test
    void fragmentedRecordsAreReassembledBothWays() {
        PropertyCheck.forAll(TRIES, CASES, TlsFragmentationPropertiesTest::exchange);
    }

    /**
     * Handshakes, exchanges the payloads and closes, as {@code c} says, in a runtime of its own.
     */
    private static void exchange(Case c) throws TimeoutException {
        SSLContext client = CERT.clientContext(c.protocol);
        byte[] fromClient = c.client.payload.bytes();
        byte[] fromServer = c.server.payload.bytes();
        Weft.run(
                RunOptions.defaults().backend(Backend.SERIAL),
                () -> {
                    var raw = MemoryByteStream.pair(MemoryObjectStream.UNBOUNDED);
                    ByteStream clientRaw = new Fragmenting(raw.first(), c.client.fragments);
                    ByteStream serverRaw = new Fragmenting(raw.second(), c.server.fragments);
                    Event done = new Event(); // the side that closes second has received all
                    Weft.failAfter(
                            Duration.ofSeconds(20),
                            () ->
                                    TaskGroup.run(tg -> {
                                        tg.startSoon(() -> {
                                            var tls =
                                                    TlsStream.wrap(
                                                            serverRaw, SERVER, true, null, true);
                                            talk(tls, c, c.server, fromServer, fromClient, done);
                                        });
                                        var tls =
                                                TlsStream.wrap(
                                                        clientRaw,
                                                        client,
                                                        false,
                                                        "localhost",
                                                        true);
                                        assertThat(tls.extra(TlsAttribute.PROTOCOL))
                                                .isEqualTo(c.protocol);
                                        talk(tls, c, c.client, fromClient, fromServer, done);
                                    }));
                });
    }

    /**
     * One side's part: send {@code mine} in the side's sends, receive {@code theirs}, then close.
     * The side that closes first waits until the other is {@code done} (has received everything, so
     * its handshake is over: a TLS 1.3 server still sends its session tickets after the client has
     * finished, and would find the transport closed); the other then receives the end of the
     * stream.
     */
    private static void talk(
            TlsStream tls, Case c, Side side, byte[] mine, byte[] theirs, Event done) {
        boolean closeFirst = (side == c.client) == c.clientClosesFirst;
        try (tls) {
            int at = 0;
            for (int size : side.sends) {
                int n = Math.min(size, mine.length - at);
                tls.send(Arrays.copyOfRange(mine, at, at + n));
                at += n;
            }
            tls.send(ByteBuffer.wrap(mine, at, mine.length - at));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (int i = 0; got.size() < theirs.length; i++) {
                int max = c.receiveSizes.get(i % c.receiveSizes.size());
                byte[] piece = tls.receive(max);
                assertThat(piece.length).isBetween(1, max);
                got.writeBytes(piece);
            }
            assertThat(got.toByteArray()).as("received").isEqualTo(theirs);
            if (closeFirst) {
                done.await();
            } else {
                done.set();
                assertThatThrownBy(tls::receive).isInstanceOf(EndOfStream.class);
            }
        }
    }

    /**
     * A byte stream that cuts every send into pieces of the given sizes (cycled) and sends each
     * piece on its own, so that the peer receives them one by one.
     */
    private static final class Fragmenting implements ByteStream {
        private final ByteStream inner;
        private final List<Integer> sizes;
        private int next;

        Fragmenting(ByteStream inner, List<Integer> sizes) {
            this.inner = inner;
            this.sizes = sizes;
        }

        @Override
        public void send(byte[] data) {
            for (int at = 0; at < data.length; ) {
                int n = Math.min(sizes.get(next++ % sizes.size()), data.length - at);
                inner.send(Arrays.copyOfRange(data, at, at + n));
                at += n;
            }
        }

        @Override
        public byte[] receive(int maxBytes) {
            return inner.receive(maxBytes);
        }

        @Override
        public void sendEof() {
            inner.sendEof();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
