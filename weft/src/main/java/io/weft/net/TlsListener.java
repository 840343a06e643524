package io.weft.net;

import io.weft.BrokenResourceError;
import io.weft.Cancelled;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.internal.Secrets;
import io.weft.stream.ByteStream;
import io.weft.stream.Listener;
import io.weft.stream.TypedAttribute;
import io.weft.stream.TypedAttributes;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A listener that does a TLS handshake on every connection another listener accepts (AnyIO's {@code
 * TLSListener}): TLS over TCP, over UNIX sockets, over anything that accepts byte streams.
 *
 * <pre>{@code
 * try (TlsListener tls = new TlsListener(Net.createTcpListener("127.0.0.1", 8443), sslContext)) {
 *     tls.serve(conn -> {
 *         try (conn) {
 *             conn.send(conn.receive());
 *         }
 *     });
 * }
 * }</pre>
 *
 * <p>{@link #serve} handshakes each connection in the task the inner listener starts for it,
 * bounded by the handshake timeout (30 s by default, as AnyIO): a client that stalls, or sends
 * garbage, ties up only its own task. If the handshake fails or times out, the handshake error
 * handler runs (by default {@link #handleHandshakeError}: log and close) and the listener goes on
 * serving; otherwise the handler gets the {@link TlsStream}. A failed handshake always leaves the
 * raw connection closed.
 */
public final class TlsListener implements Listener<TlsStream> {
    /** AnyIO's default handshake timeout: 30 s. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger("io.weft.net.tls");

    /**
     * What to do after a failed TLS handshake in {@link #serve} (AnyIO's {@code
     * handle_handshake_error}): post-mortem work such as logging. The raw stream is already closed
     * when it runs. If the error is not an {@link Exception} (a {@link Cancelled}, an {@link
     * Error}), the listener rethrows it after the handler returns, so a handler cannot swallow a
     * cancellation; an exception the handler throws goes to the task group, as a connection
     * handler's does.
     */
    @FunctionalInterface
    public interface HandshakeErrorHandler {
        /**
         * Handles {@code error}, which ended the handshake on {@code rawStream}.
         *
         * @param error what the handshake threw: an {@link SSLException} for a handshake the engine
         *     refused (bad TLS, an untrusted client certificate), a {@link BrokenResourceError} for
         *     a peer that went away, a {@link TimeoutException} when the timeout passed, a {@link
         *     Cancelled} when the serving task was cancelled, or anything the transport threw
         * @param rawStream the accepted connection (closed)
         */
        void handle(Throwable error, ByteStream rawStream) throws Exception;
    }

    private final Listener<? extends ByteStream> listener;
    private final Supplier<SSLEngine> engines;
    private final boolean standardCompatible;
    private final Duration handshakeTimeout;
    private final HandshakeErrorHandler onHandshakeError;

    /**
     * TLS on {@code listener}'s connections with {@code context} (which holds the server's key),
     * standard-compatible closing, a 30 s handshake timeout and the default error handler.
     */
    public TlsListener(Listener<? extends ByteStream> listener, SSLContext context) {
        this(listener, context, true, DEFAULT_HANDSHAKE_TIMEOUT, TlsListener::handleHandshakeError);
    }

    /**
     * TLS on {@code listener}'s connections.
     *
     * @param listener the listener whose connections to wrap; closing this closes it
     * @param context the server's SSL context
     * @param standardCompatible passed to {@link TlsStream#wrap}: close_notify sent and required
     * @param handshakeTimeout how long a handshake may take
     * @param onHandshakeError what to do when a handshake fails in {@link #serve}
     * @param alpnProtocols the ALPN protocols to accept, most preferred first (none: no ALPN)
     * @throws IllegalArgumentException if {@code handshakeTimeout} is zero or negative
     */
    public TlsListener(
            Listener<? extends ByteStream> listener,
            SSLContext context,
            boolean standardCompatible,
            Duration handshakeTimeout,
            HandshakeErrorHandler onHandshakeError,
            String... alpnProtocols) {
        this(
                listener,
                serverEngines(
                        Objects.requireNonNull(context, TlsStream.SERVER_CONTEXT_IS_NULL),
                        alpnProtocols.clone()),
                standardCompatible,
                handshakeTimeout,
                onHandshakeError);
    }

    /**
     * TLS on {@code listener}'s connections, each with an engine {@code engines} makes: for what an
     * {@link SSLContext} cannot say, such as requiring client certificates (mutual TLS) or a choice
     * of cipher suites. Each engine must be new and in server mode.
     *
     * <pre>{@code
     * new TlsListener(tcp, () -> {
     *     SSLEngine e = serverContext.createSSLEngine();
     *     e.setUseClientMode(false);
     *     e.setNeedClientAuth(true);
     *     return e;
     * }, true, TlsListener.DEFAULT_HANDSHAKE_TIMEOUT, TlsListener::handleHandshakeError);
     * }</pre>
     *
     * <p>An engine that {@code engines} fails to make, or makes in client mode, fails that
     * connection's handshake (the error handler gets the {@link IllegalStateException}, or what
     * {@code engines} threw) and the connection is closed.
     *
     * @param engines makes each connection's engine; called in that connection's task
     * @throws IllegalArgumentException if {@code handshakeTimeout} is zero or negative
     */
    public TlsListener(
            Listener<? extends ByteStream> listener,
            Supplier<SSLEngine> engines,
            boolean standardCompatible,
            Duration handshakeTimeout,
            HandshakeErrorHandler onHandshakeError) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.engines = Objects.requireNonNull(engines, "engines");
        Objects.requireNonNull(
                handshakeTimeout,
                "handshakeTimeout is null: pass TlsListener.DEFAULT_HANDSHAKE_TIMEOUT (30 s, as"
                        + " AnyIO)");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "the TLS handshake timeout must be positive, was " + handshakeTimeout);
        }
        this.standardCompatible = standardCompatible;
        this.handshakeTimeout = handshakeTimeout;
        this.onHandshakeError =
                Objects.requireNonNull(
                        onHandshakeError,
                        "onHandshakeError is null: pass TlsListener::handleHandshakeError for the"
                                + " default (close the connection and log the error)");
    }

    /** Server-mode engines from {@code context}, accepting {@code alpnProtocols} if any. */
    private static Supplier<SSLEngine> serverEngines(SSLContext context, String[] alpnProtocols) {
        return () -> {
            SSLEngine e = context.createSSLEngine();
            e.setUseClientMode(false);
            if (alpnProtocols.length > 0) {
                SSLParameters p = e.getSSLParameters();
                p.setApplicationProtocols(alpnProtocols);
                e.setSSLParameters(p);
            }
            return e;
        };
    }

    /**
     * The default handshake error handler: closes {@code rawStream} forcefully and logs {@code
     * error} at WARNING through the {@link System.Logger} named {@code io.weft.net.tls}, unless it
     * is a cancellation. Custom handlers may call it first. Not a checkpoint (the forceful close
     * does not wait).
     */
    public static void handleHandshakeError(Throwable error, ByteStream rawStream) {
        try {
            Weft.acloseForcefully(rawStream);
        } catch (Exception closing) {
            error.addSuppressed(closing);
        }
        if (!(error instanceof Cancelled)) {
            LOG.log(System.Logger.Level.WARNING, "Error during TLS handshake", error);
        }
    }

    /**
     * Accepts connections from the inner listener and runs {@code handler} with each one's {@link
     * TlsStream} once its handshake has succeeded, each in a new task of {@code taskGroup} (the
     * handshake runs in that task, within the timeout). A failed handshake goes to the error
     * handler and serving goes on. Returns once the inner listener is closed; cancelling the
     * calling task cancels the accepting (the handshakes belong to {@code taskGroup}).
     *
     * @throws IOException if the inner listener failed to accept (see {@link
     *     SocketListener#accept()})
     */
    @Override
    public void serve(Handler<? super TlsStream> handler, TaskGroup taskGroup) throws IOException {
        Objects.requireNonNull(handler, "handler");
        listener.serve(
                (ByteStream raw) -> {
                    TlsStream tls;
                    try {
                        tls = handshake(raw);
                    } catch (Throwable e) {
                        onHandshakeError.handle(e, raw);
                        if (!(e instanceof Exception)) {
                            throw Secrets.sneakyThrow(e); // a cancellation or an Error goes on
                        }
                        return;
                    }
                    handler.handle(tls);
                },
                taskGroup);
    }

    /**
     * Accepts one connection and does its handshake in the calling task, within the timeout. The
     * inner listener must be a {@link SocketListener} (the one listener with an {@code accept} of
     * its own). The error handler is not called: the error is the caller's. If this throws {@link
     * Cancelled}, no connection is left open.
     *
     * @throws SSLException if the engine refused the handshake (the connection is closed)
     * @throws BrokenResourceError if the client went away during the handshake, or it did not
     *     finish within the timeout (the cause is the {@link TimeoutException}); the connection is
     *     closed
     * @throws IOException if the OS failed to accept (see {@link SocketListener#accept()})
     * @throws UnsupportedOperationException if the inner listener is not a {@link SocketListener}
     * @throws io.weft.ClosedResourceError if the listener is closed
     */
    public TlsStream accept() throws IOException {
        if (!(listener instanceof SocketListener sockets)) {
            throw new UnsupportedOperationException(
                    "accept() needs a SocketListener inside; this TlsListener wraps "
                            + listener.getClass().getName()
                            + ": use serve()");
        }
        SocketStream raw = sockets.accept();
        try {
            return handshake(raw);
        } catch (TimeoutException e) {
            throw new BrokenResourceError(e.getMessage(), e);
        }
    }

    /** The handshake within the timeout; {@code raw} is closed if it fails or is cancelled. */
    private TlsStream handshake(ByteStream raw) throws SSLException, TimeoutException {
        SSLEngine engine;
        try {
            engine = engines.get();
            if (engine.getUseClientMode()) {
                throw new IllegalStateException(
                        "the TlsListener's engine supplier made a client-mode SSLEngine; a"
                                + " listener's engines must be in server mode");
            }
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
        return Weft.failAfter(
                handshakeTimeout,
                "the TLS handshake did not finish within " + handshakeTimeout,
                () -> TlsStream.wrap(raw, engine, standardCompatible));
    }

    /** Closes the inner listener; a task in {@link #serve} then returns. Idempotent. */
    @Override
    public void close() {
        listener.close();
    }

    /** The inner listener's attributes and {@link TlsAttribute#STANDARD_COMPATIBLE}. */
    @Override
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return TypedAttributes.merge(
                listener.extraAttributes(),
                Map.of(TlsAttribute.STANDARD_COMPATIBLE, () -> standardCompatible));
    }

    @Override
    public String toString() {
        return "TlsListener[" + listener + "]";
    }
}
