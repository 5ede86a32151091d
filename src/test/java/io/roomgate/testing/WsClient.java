package io.roomgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client (the JDK's) that records every frame and the close it got. */
public final class WsClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * Longer than {@link #WAIT}: on two cores shared with Maven and the server, an upgrade right
     * after a flood test has once taken over 10 s on Payara (and once on Liberty). A liveness
     * bound, not a speed claim.
     */
    private static final Duration HANDSHAKE_WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closure> closure = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(WebSocket socket) {
        this.socket = socket;
    }

    public static Builder to(URI uri) {
        return new Builder(uri);
    }

    /** Connects with a bearer header and waits for hub:connected. */
    public static WsClient connected(URI uri, String token) {
        var client = to(uri).bearer(token).open();
        client.expect("hub:connected");
        return client;
    }

    /**
     * Connects until {@code hub:connected} arrives, for server state that settles just after the
     * action a test took (a closed connection still counted, a rotated key not yet fetched). Only a
     * refusal with {@code transientMessage} is retried, until {@link #WAIT} has passed; any other
     * first frame fails at once.
     */
    public static WsClient connectedOnceSettled(URI uri, String token, String transientMessage) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            var client = to(uri).bearer(token).open();
            boolean connected = false;
            try {
                var first = client.next();
                if (first.type().equals("hub:connected")) {
                    connected = true;
                    return client;
                }
                boolean settling = first.type().equals("hub:error")
                        && transientMessage.equals(first.errorMessage());
                if (!settling || System.nanoTime() > deadline) {
                    fail("refused: " + first);
                }
            } finally {
                if (!connected) {
                    client.close();
                }
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public WsClient send(String json) {
        socket.sendText(json, true).join();
        return this;
    }

    /** Joins a room and waits for the reply. */
    public Frame joined(String room) {
        send(Requests.join(room, "join:" + room));
        return expect("room:joined");
    }

    public WsClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    public Frame next() {
        try {
            Frame frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                fail("no frame within " + WAIT + (closure.isDone() ? "; closed " + closure.join() : ""));
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The next frame that is not a presence change event, which must be of this type. Presence
     * changes (every client shares the default room) are asserted with {@link #nextMatching}.
     */
    public Frame expect(String type) {
        Frame frame = nextMatching(f -> !isPresenceChange(f));
        assertThat(frame.type()).as("frame %s", frame).isEqualTo(type);
        return frame;
    }

    public static boolean isPresenceChange(Frame frame) {
        return frame.type().equals("room:presence") && frame.id() == null;
    }

    /** Skips frames until one matches. */
    public Frame nextMatching(Predicate<Frame> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame = next();
            if (wanted.test(frame)) {
                return frame;
            }
        }
        return fail("no matching frame within " + WAIT);
    }

    public Frame nextOfType(String type) {
        return nextMatching(frame -> frame.type().equals(type));
    }

    /** Asserts nothing but presence changes arrives for a moment. */
    public void expectSilence(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        try {
            for (long left = quiet.toNanos(); left >= 0; left = deadline - System.nanoTime()) {
                Frame frame = frames.poll(left, TimeUnit.NANOSECONDS);
                assertThat(frame == null || isPresenceChange(frame)).as("unexpected frame %s", frame).isTrue();
                if (frame == null) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the server's close, after all frames before it were read. */
    public Closure awaitClose() {
        try {
            return closure.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return fail("connection not closed by the server within " + WAIT);
        }
    }

    public boolean isClosed() {
        return closure.isDone();
    }

    /** The next frame if one arrives within {@code wait}. */
    public Optional<Frame> poll(Duration wait) {
        try {
            return Optional.ofNullable(frames.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<Frame> drain() {
        var drained = new ArrayList<Frame>();
        frames.drainTo(drained);
        return drained;
    }

    /**
     * Closes as a well-behaved client does: sends 1000 and waits for the server's answering close,
     * so the server has seen the close frame (not only the socket's end) before this returns.
     */
    public Closure closeGracefully() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        var answer = awaitClose();
        socket.abort();
        return answer;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        }
        socket.abort();
    }

    public static final class Builder {
        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<String> subprotocols = new ArrayList<>();
        private boolean reading = true;

        private Builder(URI uri) {
            this.uri = uri;
        }

        public Builder bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder subprotocols(String... offered) {
            subprotocols.addAll(List.of(offered));
            return this;
        }

        /** A client that never reads after the handshake: TCP back-pressure builds up on the server. */
        public Builder stalled() {
            reading = false;
            return this;
        }

        public WsClient open() {
            try {
                return openAsync().join();
            } catch (CompletionException e) {
                throw new AssertionError("handshake failed: " + e.getCause(), e.getCause());
            }
        }

        /**
         * The HTTP status line's code of an upgrade, read over a plain socket: the JDK client does
         * not report refusals portably (some servers keep the refused connection open).
         */
        public int upgradeStatus() {
            return upgradeResponse().status();
        }

        /** The response to an upgrade request sent over a plain socket; the body only of a refusal with a length. */
        public RawResponse upgradeResponse() {
            try (var socket = new Socket(uri.getHost(), uri.getPort())) {
                socket.setSoTimeout((int) WAIT.toMillis());
                sendUpgrade(socket);
                var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                int status = Integer.parseInt(reader.readLine().split(" ")[1]);
                var responseHeaders = new LinkedHashMap<String, String>();
                for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                    int colon = line.indexOf(':');
                    responseHeaders.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
                var body = new char[status == 101 ? 0 : Integer.parseInt(responseHeaders.getOrDefault("content-length", "0"))];
                for (int read = 0; read < body.length; ) {
                    int n = reader.read(body, read, body.length - read);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
                return new RawResponse(status, responseHeaders, new String(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Upgrades over a plain socket and reads the server's frames raw: a client that never answers
         * a ping, as a minimal WebSocket implementation may be.
         */
        public PingIgnoringClient openIgnoringPings() {
            try {
                var socket = new Socket(uri.getHost(), uri.getPort());
                try {
                    socket.setSoTimeout((int) WAIT.toMillis());
                    sendUpgrade(socket);
                    return new PingIgnoringClient(socket);
                } catch (IOException | AssertionError refused) {
                    socket.close();
                    throw refused;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void sendUpgrade(Socket socket) throws IOException {
            var request = new StringBuilder()
                    .append("GET ").append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    .append(" HTTP/1.1\r\nHost: ").append(uri.getHost()).append(':').append(uri.getPort())
                    .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13")
                    .append("\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            if (!subprotocols.isEmpty()) {
                request.append("Sec-WebSocket-Protocol: ").append(String.join(", ", subprotocols)).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        }

        public CompletableFuture<WsClient> openAsync() {
            var listener = new Recorder(reading);
            var builder = HTTP.newWebSocketBuilder().connectTimeout(HANDSHAKE_WAIT);
            headers.forEach(builder::header);
            if (!subprotocols.isEmpty()) {
                builder.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
            }
            return builder.buildAsync(uri, listener).orTimeout(HANDSHAKE_WAIT.toMillis(), TimeUnit.MILLISECONDS).thenApply(socket -> {
                var client = new WsClient(socket);
                listener.attach(client);
                return client;
            });
        }
    }

    /** An HTTP response as read off the socket; header names in lower case. */
    public record RawResponse(int status, Map<String, String> headers, String body) {
    }

    /** Collects text parts into frames; frames that arrive before attach() are buffered. */
    private static final class Recorder implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final boolean reading;
        private final List<Frame> early = new ArrayList<>();
        private Closure earlyClose;
        private WsClient client;

        Recorder(boolean reading) {
            this.reading = reading;
        }

        synchronized void attach(WsClient attached) {
            client = attached;
            early.forEach(attached.frames::add);
            if (earlyClose != null) {
                attached.closure.complete(earlyClose);
            }
        }

        @Override
        public void onOpen(WebSocket socket) {
            if (reading) {
                socket.request(1);
            }
        }

        @Override
        public synchronized CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                var frame = Frame.parse(text.toString());
                text.setLength(0);
                if (client == null) {
                    early.add(frame);
                } else {
                    client.frames.add(frame);
                }
            }
            socket.request(1);
            return null;
        }

        @Override
        public synchronized CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            var closed = new Closure(statusCode, reason);
            if (client == null) {
                earlyClose = closed;
            } else {
                client.closure.complete(closed);
            }
            return null;
        }

        @Override
        public synchronized void onError(WebSocket socket, Throwable error) {
            var closed = new Closure(1006, String.valueOf(error.getClass().getSimpleName()));
            if (client == null) {
                earlyClose = closed;
            } else {
                client.closure.complete(closed);
            }
        }
    }
}
