package io.roomgate.load;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One protocol connection driven by callbacks rather than read by a test thread: thousands of
 * them share one {@link HttpClient} and nothing waits on any of them. Used by the soak test and
 * the load driver.
 */
public final class AsyncClient implements WebSocket.Listener {

    /** What its user does with a connection's frames and its end. */
    public interface Handler {
        void frame(AsyncClient client, JsonObject frame);

        void closed(AsyncClient client, int code, String reason);
    }

    /** One factory: {@code Json.createReader} looks the JSON-P provider up again on every call. */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private final Handler handler;
    private final StringBuilder text = new StringBuilder();
    private volatile WebSocket socket;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    private AsyncClient(Handler handler) {
        this.handler = handler;
    }

    /** Opens {@code uri} with the token as the {@code bearer.} subprotocol entry. */
    public static CompletableFuture<AsyncClient> connect(HttpClient http, URI uri, String token, Map<String, String> headers,
                                                         Handler handler) {
        var client = new AsyncClient(handler);
        var builder = http.newWebSocketBuilder().subprotocols("rooms.v1", "bearer." + token);
        headers.forEach(builder::header);
        return builder.buildAsync(uri, client).thenApply(socket -> client);
    }

    /**
     * Queues one frame behind this socket's earlier ones (the JDK client allows one send at a time)
     * without blocking; the future completes once it is written. A caller that wants back-pressure
     * waits for it.
     */
    public synchronized CompletableFuture<?> send(String frame) {
        var current = socket;
        if (current == null || current.isOutputClosed()) {
            return CompletableFuture.completedFuture(null);
        }
        lastSend = lastSend.handle((ignored, failure) -> null)
                .thenCompose(ignored -> current.isOutputClosed() ? CompletableFuture.completedFuture(null)
                        : current.sendText(frame, true));
        return lastSend;
    }

    public void close() {
        var current = socket;
        if (current != null && !current.isOutputClosed()) {
            current.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(failure -> null);
        }
    }

    /** Drops the connection without a close handshake. */
    public void abort() {
        var current = socket;
        if (current != null) {
            current.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String whole = text.toString();
            text.setLength(0);
            handler.frame(this, parse(whole));
        }
        webSocket.request(1);
        return null;
    }

    static JsonObject parse(String frame) {
        try (var reader = READERS.createReader(new StringReader(frame))) {
            return reader.readObject();
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        handler.closed(this, statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        handler.closed(this, 1006, "");
    }
}
