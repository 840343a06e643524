package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.weft.Backend;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The samples of docs/synchronization.md ({@link SynchronizationPage}), on every backend. */
class SynchronizationPageTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void primitives(Backend backend) throws Throwable {
        var page = new SynchronizationPage();
        assertThat(SystemOut.inRuntime(backend, () -> System.out.println(page.lock(5))))
                .containsExactly("5");
        assertThat(SystemOut.inRuntime(backend, SynchronizationPage::condition))
                .containsExactly("got an item");
        assertThat(SystemOut.inRuntime(backend, SynchronizationPage::semaphore))
                .containsExactly("value 2");
        assertThat(
                        SystemOut.inRuntime(
                                backend, () -> SynchronizationPage.capacityLimiter("conn-1")))
                .containsExactly("tokens 4.0");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyWaiterOfTheFutureGetsTheSameValue(Backend backend) throws Throwable {
        assertThat(SystemOut.inRuntime(backend, SynchronizationPage::future))
                .containsExactly("serving on 8080", "serving on 8080", "serving on 8080");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void jdkFuturesBothWays(Backend backend) throws Throwable {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/",
                exchange -> {
                    byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            assertThat(
                            SystemOut.inRuntime(
                                    backend,
                                    () -> SynchronizationPage.completableFutures(client, uri)))
                    .containsExactly("hello, weekly");
        } finally {
            server.stop(0);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSecondReaderIsRefusedAtOnce(Backend backend) throws Throwable {
        assertThat(SystemOut.inRuntime(backend, SynchronizationPage::resourceGuard))
                .containsExactly("Another task is already reading from this resource", "chunk");
    }
}
