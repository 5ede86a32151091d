package io.roomgate.transport;

import io.roomgate.protocol.Close;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The socket boundary replaced by a record of what would have been written. Completes every send
 * at once, as an idle socket would; once stalled, it holds the send in flight until resumed.
 */
public final class RecordingTransport implements Transport {

    public final List<String> sent = new CopyOnWriteArrayList<>();
    public final List<String> closes = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;
    private volatile Consumer<Throwable> inFlight;

    /** The frames of {@code type} written so far, parsed, in order. */
    public List<JsonObject> frames(String type) {
        return sent.stream()
                .map(text -> Json.createReader(new StringReader(text)).readObject())
                .filter(frame -> frame.getString("type").equals(type))
                .toList();
    }

    public void stall() {
        stalled = true;
    }

    /** Completes the send held in flight and lets the following ones complete at once. */
    public void resume() {
        stalled = false;
        var held = inFlight;
        inFlight = null;
        if (held != null) {
            held.accept(null);
        }
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        sent.add(text);
        if (stalled) {
            inFlight = done;
        } else {
            done.accept(null);
        }
    }

    @Override
    public void close(Close close) {
        closes.add(close.code() + " " + close.reason());
    }
}
