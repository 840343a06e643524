package io.weft.net;

import io.weft.BrokenResourceError;
import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.Weft;
import io.weft.internal.idna.Idna;
import io.weft.stream.ByteReceiveStream;
import io.weft.stream.ByteStream;
import io.weft.stream.TypedAttribute;
import io.weft.stream.TypedAttributes;
import io.weft.sync.Lock;
import io.weft.sync.ResourceGuard;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * TLS over any Weft byte stream (AnyIO's {@code TLSStream}), with the JDK's {@link SSLEngine}: a
 * TCP connection, a memory pair, another TLS stream.
 *
 * <p><b>Algorithm.</b> The engine turns application bytes into records ({@code wrap}) and records
 * into application bytes ({@code unwrap}). Records read from the transport that the engine has not
 * consumed yet wait in {@code netIn}; decrypted bytes not yet returned wait in {@code appIn}. A
 * receive unwraps until it has application bytes, reading the transport when the engine needs more;
 * a send wraps and writes the records. Both may need to send handshake records (TLS 1.3 sends
 * session tickets after the handshake, a key update may come at any time), so every write to the
 * transport happens under {@code transportSend}, a Weft {@link Lock}. The engine's {@code wrap} and
 * {@code unwrap} may run concurrently (the JDK allows it); each side's buffers belong to its
 * guard's holder.
 *
 * <p><b>Closing.</b> With {@code standardCompatible}, {@link #close()} sends a close_notify before
 * closing the transport, and a transport that ends without the peer's close_notify is a {@link
 * BrokenResourceError} (a truncation attack cannot pass for the end of the data); without it, the
 * transport is closed at once and a bare end is {@link EndOfStream}, as many HTTPS servers need.
 * TLS has no half-close: {@link #sendEof()} throws {@link UnsupportedOperationException}. {@link
 * #unwrap()} does the whole closing handshake (close_notify both ways) and hands back the transport
 * for plaintext, with the bytes read past the peer's close_notify.
 *
 * <p><b>Failure.</b> A handshake the engine refuses (an untrusted certificate, no common protocol,
 * garbage instead of a hello) throws the engine's {@link SSLException}, a checked {@link
 * java.io.IOException}, as AnyIO's {@code wrap} raises the {@code ssl.SSLError}: the connection was
 * never usable. Once the stream is in use, bad TLS data from the peer is a {@link
 * BrokenResourceError} (the stream broke) with the {@code SSLException} as its cause. Either way
 * the engine's alert is sent to the peer if that can be done quickly, and every later call fails so
 * too (the engine is dead: without this, it would report a clean end).
 *
 * <p>Cancellation: a receive cancelled while it waits for the transport loses nothing (the records
 * read so far stay in {@code netIn}). A send cancelled while it writes records may leave a record
 * half-sent, after which the connection is unusable; as in AnyIO, do not cancel TLS sends you mean
 * to recover from.
 */
public final class TlsStream implements ByteStream {
    /** How many records' worth of buffer the transport reads into and sends from at once. */
    private static final int RECORDS_PER_IO = 4;

    private final ByteStream transport;
    private final SSLEngine engine;
    private final boolean standardCompatible;
    private final ResourceGuard reading = new ResourceGuard("reading from");
    private final ResourceGuard writing = new ResourceGuard("writing to");
    private final Lock transportSend = new Lock();
    private ByteBuffer netIn; // records read, not yet unwrapped (read mode); receiving side
    private ByteBuffer appIn; // decrypted, not yet returned (read mode); receiving side
    private ByteBuffer netOut; // records wrapped, not yet sent; under transportSend
    private volatile boolean closed;
    private volatile boolean unwrapped; // the transport now belongs to unwrap()'s caller
    private volatile BrokenResourceError broken; // the first TLS failure, if any

    /** The messages for a null context: AnyIO makes a default one, Weft says how to get it. */
    static final String CLIENT_CONTEXT_IS_NULL =
            "context is null: pass SSLContext.getDefault() to trust the JDK's default certificate"
                    + " authorities, or a context with your own trust store";

    static final String SERVER_CONTEXT_IS_NULL =
            "context is null: a TLS server needs an SSLContext holding its key and certificate"
                    + " (TestCertificate.serverContext() in tests)";

    /** How long a failing stream tries to tell the peer why (the engine's alert). */
    private static final Duration ALERT_WAIT = Duration.ofSeconds(1);

    /**
     * What {@link #unwrap()} returns: the transport, now carrying plaintext, and what had already
     * been read from it past the peer's close_notify (to be handled before receiving from it).
     *
     * @param transport the stream the TLS stream was wrapping; the caller owns it now
     * @param leftover bytes read from the transport after the peer's close_notify; often empty
     */
    public record Unwrapped(ByteStream transport, byte[] leftover) {
        /** Checks the arguments and keeps the array as given. */
        public Unwrapped {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(leftover, "leftover is null: pass new byte[0] for none");
        }
    }

    private TlsStream(ByteStream transport, SSLEngine engine, boolean standardCompatible) {
        this.transport = transport;
        this.engine = engine;
        this.standardCompatible = standardCompatible;
        SSLSession s = engine.getSession();
        // Room for several records, so that one transport read or send moves several of them.
        this.netIn = ByteBuffer.allocate(RECORDS_PER_IO * s.getPacketBufferSize()).flip();
        this.appIn = ByteBuffer.allocate(s.getApplicationBufferSize()).flip();
    }

    /**
     * Wraps {@code transport} and performs the handshake (a checkpoint; it waits for the peer). A
     * client ({@code serverSide} false) checks the server's certificate for {@code hostname} (null:
     * no hostname check), and sends it as SNI; a non-ASCII name is first converted to its ASCII
     * form by IDNA 2008, as AnyIO does ({@code faß.de} is matched as {@code xn--fa-hia.de}). If the
     * handshake fails, or is cancelled, the transport is closed (a half-done handshake cannot be
     * resumed).
     *
     * @param alpnProtocols the ALPN protocols to offer (client) or accept (server), most preferred
     *     first; empty for none
     * @throws SSLException if the engine refused the handshake (the peer's certificate is not
     *     trusted or not for {@code hostname}, no protocol or cipher in common, not TLS at all)
     * @throws BrokenResourceError if the transport broke, or the peer closed it, during the
     *     handshake
     * @throws IllegalArgumentException if {@code hostname} is not a valid host name under IDNA 2008
     *     (the transport is closed)
     */
    public static TlsStream wrap(
            ByteStream transport,
            SSLContext context,
            boolean serverSide,
            String hostname,
            boolean standardCompatible,
            String... alpnProtocols)
            throws SSLException {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(
                context, serverSide ? SERVER_CONTEXT_IS_NULL : CLIENT_CONTEXT_IS_NULL);
        SSLEngine engine;
        boolean ok = false;
        try {
            // The JDK would convert a non-ASCII name by IDNA 2003 (faß.de → fass.de); AnyIO, and
            // so Weft, uses IDNA 2008 (faß.de → xn--fa-hia.de), for SNI and the certificate check.
            String peer = hostname == null || serverSide ? null : Idna.toAscii(hostname);
            engine = peer != null ? context.createSSLEngine(peer, -1) : context.createSSLEngine();
            engine.setUseClientMode(!serverSide);
            SSLParameters p = engine.getSSLParameters();
            if (peer != null) {
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (alpnProtocols.length > 0) {
                p.setApplicationProtocols(alpnProtocols);
            }
            engine.setSSLParameters(p);
            ok = true;
        } finally {
            if (!ok) {
                transport.close(); // the engine could not be made: the transport is not wanted
            }
        }
        return wrap(transport, engine, standardCompatible); // closes the transport if it fails
    }

    /**
     * Wraps {@code transport} with an engine you made and configured, and performs the handshake (a
     * checkpoint; it waits for the peer). For what the other {@code wrap} does not set: a server
     * that requires client certificates ({@code engine.setNeedClientAuth(true)}), cipher suites,
     * protocol versions, SNI matchers. The engine must be new (its handshake not begun) and is this
     * stream's from now on; its client or server mode says which side this is. If the handshake
     * fails, or is cancelled, the transport is closed.
     *
     * <pre>{@code
     * SSLEngine engine = serverContext.createSSLEngine();
     * engine.setUseClientMode(false);
     * engine.setNeedClientAuth(true);              // mutual TLS
     * TlsStream tls = TlsStream.wrap(raw, engine, true);
     * }</pre>
     *
     * @throws SSLException if the engine refused the handshake, for example because a required
     *     client certificate was missing or not trusted
     * @throws BrokenResourceError if the transport broke, or the peer closed it, during the
     *     handshake
     */
    public static TlsStream wrap(ByteStream transport, SSLEngine engine, boolean standardCompatible)
            throws SSLException {
        Objects.requireNonNull(transport, "transport");
        boolean ok = false;
        try {
            Objects.requireNonNull(engine, "engine");
            TlsStream tls = new TlsStream(transport, engine, standardCompatible);
            tls.handshake();
            ok = true;
            return tls;
        } finally {
            if (!ok) {
                transport.close(); // also when cancelled: no half-handshaken connection is left
            }
        }
    }

    private void handshake() throws SSLException {
        engine.beginHandshake();
        ResourceGuard.Use r = reading.use();
        ResourceGuard.Use w = writing.use();
        try {
            handshakeSteps();
        } catch (BrokenResourceError e) {
            // Only this engine's own refusal is the handshake's SSLException; a transport that is
            // itself a TLS stream breaks with an SSLException cause too, and stays a broken stream.
            if (e == broken && e.getCause() instanceof SSLException ssl) {
                throw ssl;
            }
            throw e;
        } finally {
            w.close();
            r.close();
        }
    }

    private void handshakeSteps() {
        for (; ; ) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrapAndSend(ByteBuffer.allocate(0));
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrapOnce(true)) {
                        throw new BrokenResourceError(
                                "the peer closed the connection during the TLS handshake");
                    }
                }
                case NEED_TASK -> runTasks();
                case FINISHED, NOT_HANDSHAKING -> {
                    return;
                }
            }
        }
    }

    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run(); // certificate checks: short, CPU-bound
        }
    }

    /**
     * Unwraps the records in {@code netIn} into {@code appIn}, reading the transport once if the
     * engine needs more. Returns false if the transport ended (or the peer sent close_notify).
     */
    private boolean unwrapOnce(boolean inHandshake) {
        appIn.compact();
        try {
            for (; ; ) {
                SSLEngineResult res;
                try {
                    res = engine.unwrap(netIn, appIn);
                } catch (SSLException e) {
                    throw failed("bad TLS data from the peer: " + e.getMessage(), e);
                }
                switch (res.getStatus()) {
                    case OK -> {
                        if (res.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                            runTasks();
                        }
                        if (res.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP
                                && !inHandshake) {
                            wrapAndSend(ByteBuffer.allocate(0)); // a post-handshake reply
                        }
                        return true;
                    }
                    case BUFFER_OVERFLOW ->
                            appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                    case BUFFER_UNDERFLOW -> {
                        if (!readTransport()) {
                            return false;
                        }
                    }
                    case CLOSED -> {
                        return false;
                    }
                }
            }
        } finally {
            appIn.flip();
        }
    }

    /** Reads more records into {@code netIn}; false at the transport's end. */
    private boolean readTransport() {
        netIn.compact();
        try {
            if (!netIn.hasRemaining()) {
                netIn = grow(netIn, engine.getSession().getPacketBufferSize());
            }
            try {
                transport.receive(netIn);
                return true;
            } catch (EndOfStream end) {
                return false;
            }
        } finally {
            netIn.flip();
        }
    }

    private static ByteBuffer grow(ByteBuffer b, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + atLeast));
        b.flip();
        bigger.put(b);
        return bigger;
    }

    /**
     * Wraps {@code src} (all of it) and sends the records, under the transport's send lock. Up to
     * {@link #RECORDS_PER_IO} records go out in one transport send.
     */
    private void wrapAndSend(ByteBuffer src) {
        io.weft.sync.Held held = transportSend.acquire(); // one writer of records at a time
        try {
            int packet = engine.getSession().getPacketBufferSize();
            if (netOut == null || netOut.capacity() < packet) {
                netOut = ByteBuffer.allocate(RECORDS_PER_IO * packet);
            }
            boolean closedNow;
            do {
                netOut.clear();
                closedNow = wrapSome(src, packet);
                netOut.flip();
                if (netOut.hasRemaining()) {
                    transport.send(netOut);
                }
            } while (src.hasRemaining() && !closedNow);
        } finally {
            held.close();
        }
    }

    /**
     * Wraps records of {@code src} into {@code netOut} while it has room for another; true if the
     * engine's outbound side closed.
     */
    private boolean wrapSome(ByteBuffer src, int packet) {
        for (; ; ) {
            SSLEngineResult res;
            try {
                res = engine.wrap(src, netOut);
            } catch (SSLException e) {
                throw failed("TLS failed: " + e.getMessage(), e);
            }
            switch (res.getStatus()) {
                case BUFFER_OVERFLOW -> {
                    if (netOut.position() > 0) {
                        return false; // send what is there; the next round has the whole buffer
                    }
                    netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                    continue;
                }
                case CLOSED -> {
                    return true;
                }
                default -> {}
            }
            if (res.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            if (!src.hasRemaining() || netOut.remaining() < packet) {
                return false;
            }
        }
    }

    /**
     * Records the engine's failure (it is dead from now on) and tries briefly to send its alert, so
     * that the peer learns why; returns the error to throw.
     */
    private BrokenResourceError failed(String message, SSLException cause) {
        BrokenResourceError e = new BrokenResourceError(message, cause);
        if (broken == null) {
            broken = e;
            if (!engine.isOutboundDone() && !transportSend.locked()) {
                try {
                    Weft.moveOnAfter(ALERT_WAIT, s -> wrapAndSend(ByteBuffer.allocate(0)));
                } catch (RuntimeException peerGoneToo) {
                    // the alert is a courtesy; the error to report is the first one
                }
            }
        }
        return e;
    }

    /** Throws if the stream may not be used: closed, unwrapped, or broken earlier. */
    private void checkUsable() {
        if (unwrapped) {
            throw new ClosedResourceError(
                    "this TLS stream was unwrapped: use the transport unwrap() returned");
        }
        if (closed) {
            throw new ClosedResourceError("this TLS stream is closed");
        }
        BrokenResourceError b = broken;
        if (b != null) {
            throw new BrokenResourceError(
                    "this TLS connection broke earlier: " + b.getMessage(), b);
        }
    }

    /**
     * Receives at most {@code maxBytes} decrypted bytes. A checkpoint (through the transport).
     *
     * @throws EndOfStream after the peer's close_notify, or a bare end of the transport when not
     *     {@code standardCompatible}
     * @throws BrokenResourceError for bad TLS data, or a bare end when {@code standardCompatible}
     */
    @Override
    public byte[] receive(int maxBytes) {
        ByteReceiveStream.checkMaxBytes(maxBytes);
        ByteBuffer dst = ByteBuffer.allocate(Math.min(maxBytes, DEFAULT_MAX_BYTES));
        int n = receive(dst);
        return Arrays.copyOf(dst.array(), n);
    }

    /** As {@link #receive(int)}, into {@code dst}. */
    @Override
    public int receive(ByteBuffer dst) {
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("the buffer has no room (remaining() == 0)");
        }
        Weft.checkpoint(); // also when decrypted bytes are already waiting
        checkUsable();
        ResourceGuard.Use use = reading.use();
        try {
            while (!appIn.hasRemaining()) {
                if (!unwrapOnce(false)) {
                    if (engine.isInboundDone() || !standardCompatible) {
                        throw new EndOfStream("the peer closed the TLS connection");
                    }
                    throw new BrokenResourceError(
                            "the connection ended without a TLS close_notify (a truncation)");
                }
            }
            int n = Math.min(dst.remaining(), appIn.remaining());
            ByteBuffer slice = appIn.slice(appIn.position(), n);
            dst.put(slice);
            appIn.position(appIn.position() + n);
            return n;
        } finally {
            use.close();
        }
    }

    /** Encrypts and sends all of {@code data}. A checkpoint (through the transport). */
    @Override
    public void send(byte[] data) {
        send(ByteBuffer.wrap(data));
    }

    /** Encrypts and sends the bytes remaining in {@code src}. */
    @Override
    public void send(ByteBuffer src) {
        Weft.checkpoint(); // also for an empty send
        checkUsable();
        ResourceGuard.Use use = writing.use();
        try {
            if (src.hasRemaining()) {
                wrapAndSend(src);
            }
        } finally {
            use.close();
        }
    }

    /** TLS cannot half-close a connection. */
    @Override
    public void sendEof() {
        throw new UnsupportedOperationException("TLS streams do not support half-closing");
    }

    /**
     * Does the TLS closing handshake and hands back the transport (AnyIO's {@code unwrap}): sends a
     * close_notify, reads until the peer's close_notify (decrypted data that arrives before it, or
     * was never received, is dropped), and returns the transport with the bytes read past that
     * close_notify. A checkpoint. From then on this stream is unusable ({@link
     * ClosedResourceError}) and {@link #close()} does nothing: the transport is the caller's. Use
     * it for protocols that switch from TLS back to plaintext; to end a connection, {@link
     * #close()}.
     *
     * <p>Cancellation: if cancelled while waiting for the peer's close_notify, nothing read is lost
     * and this stream stays as it was (it can no longer send): call {@code unwrap()} again to go on
     * waiting, or {@link #close()} it, which closes the transport. A cancellation while the
     * close_notify itself is being written may leave it half-sent, and the connection broken.
     *
     * @throws BrokenResourceError if the transport ended before the peer's close_notify, or the
     *     peer sent bad TLS data
     * @throws ClosedResourceError if this stream is closed or was unwrapped already
     * @throws io.weft.BusyResourceError if another task is receiving or sending
     */
    public Unwrapped unwrap() {
        Weft.checkpoint();
        checkUsable();
        ResourceGuard.Use r = reading.use();
        ResourceGuard.Use w = writing.use();
        try {
            if (!engine.isOutboundDone()) { // false on a second call after a cancelled first
                engine.closeOutbound();
                wrapAndSend(ByteBuffer.allocate(0));
            }
            while (!engine.isInboundDone()) {
                appIn.position(appIn.limit()); // the caller is done with the TLS data
                if (!unwrapOnce(false) && !engine.isInboundDone()) {
                    throw new BrokenResourceError(
                            "the connection ended before the peer's TLS close_notify");
                }
            }
            byte[] leftover = new byte[netIn.remaining()];
            netIn.get(leftover);
            unwrapped = true;
            return new Unwrapped(transport, leftover);
        } finally {
            w.close();
            r.close();
        }
    }

    /**
     * Closes the stream: with {@code standardCompatible}, sends a close_notify first (cut short if
     * the task is cancelled, and at most 5 s), then closes the transport; it does not wait for the
     * peer's close_notify (that is {@link #unwrap()}). After {@link #unwrap()}, does nothing.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (unwrapped) {
            return; // the transport belongs to unwrap()'s caller
        }
        try {
            if (standardCompatible) {
                engine.closeOutbound();
                CancelScope.shielded()
                        .deadline(Weft.now() + 5_000_000_000L)
                        .run(s -> {
                            try {
                                wrapAndSend(ByteBuffer.allocate(0));
                            } catch (RuntimeException peerGone) {
                                // the peer went away first: nothing to say goodbye to
                            }
                        });
            }
        } finally {
            transport.close();
        }
    }

    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        Map<TypedAttribute<?>, Supplier<?>> own = new HashMap<>();
        own.put(TlsAttribute.CIPHER, () -> engine.getSession().getCipherSuite());
        own.put(TlsAttribute.PROTOCOL, () -> engine.getSession().getProtocol());
        own.put(TlsAttribute.SERVER_SIDE, () -> !engine.getUseClientMode());
        own.put(
                TlsAttribute.ALPN_PROTOCOL,
                () -> {
                    String p = engine.getApplicationProtocol();
                    return p == null || p.isEmpty() ? null : p;
                });
        own.put(
                TlsAttribute.PEER_CERTIFICATES,
                () -> {
                    try {
                        return java.util.List.of(engine.getSession().getPeerCertificates());
                    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                        return java.util.List.of();
                    }
                });
        own.put(TlsAttribute.STANDARD_COMPATIBLE, () -> standardCompatible);
        return TypedAttributes.merge(transport.extraAttributes(), own);
    }

    @Override
    public String toString() {
        return "TlsStream[" + transport + "]";
    }
}
