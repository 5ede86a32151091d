package io.roomgate.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns one client text frame into a {@link ClientFrame}, validating every field's presence and
 * JSON type (PROTOCOL §2). Decoding never throws anything but {@link FrameRejected}.
 */
public final class FrameDecoder {

    public static final int MAX_ID_LENGTH = 64;

    private static final JsonProvider JSON = JsonProvider.provider();

    private final Map<String, Function<Payload, Command>> readers = Map.of(
            "hub:connect", p -> new Command.Connect(
                    p.optionalString("version").orElse("1.0"), p.optionalString("jwt"), p.optionalString("serverBypass")),
            "room:join", p -> new Command.Join(p.room(), p.since()),
            "room:leave", p -> new Command.Leave(p.room()),
            "room:send", p -> new Command.Send(
                    p.room(), p.optionalString("event").orElse("message"), p.required("data"), p.optionalBoolean("echo")),
            "room:presence", p -> new Command.Presence(p.room(), p.optionalString("after")),
            "mod:kick", p -> new Command.Kick(
                    p.room(), p.requiredString("userId"), p.optionalString("reason"), p.optionalNonNegativeLong("banSeconds")),
            "token:refresh", p -> new Command.Refresh(p.requiredString("token")),
            "ping", p -> new Command.Ping());

    public ClientFrame decode(String text) throws FrameRejected {
        JsonObject frame = parseObject(text);
        String id = id(frame);
        JsonValue type = frame.get("type");
        if (!(type instanceof JsonString typeName)) {
            throw new FrameRejected(Problem.MALFORMED_FRAME, id);
        }
        var reader = readers.get(typeName.getString());
        if (reader == null) {
            throw new FrameRejected(Problem.UNKNOWN_TYPE, id);
        }
        JsonValue payload = frame.getOrDefault("payload", JsonValue.EMPTY_JSON_OBJECT);
        if (!(payload instanceof JsonObject payloadObject)) {
            throw new FrameRejected(Problem.MALFORMED_FRAME, id);
        }
        try {
            return new ClientFrame(id, reader.apply(new Payload(payloadObject)));
        } catch (InvalidField e) {
            throw new FrameRejected(e.problem, id);
        }
    }

    private static JsonObject parseObject(String text) throws FrameRejected {
        try (var reader = JSON.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
        } catch (RuntimeException e) {
            // JsonException for bad syntax, but Parsson refuses deep nesting and over-long numbers with
            // other runtime exceptions; whatever it throws, the parser's own words never reach the client
        }
        throw new FrameRejected(Problem.MALFORMED_FRAME, null);
    }

    private static String id(JsonObject frame) throws FrameRejected {
        if (!frame.containsKey("id")) {
            return null;
        }
        if (frame.get("id") instanceof JsonString id && id.getString().length() <= MAX_ID_LENGTH) {
            return id.getString();
        }
        throw new FrameRejected(Problem.MALFORMED_FRAME, null);
    }

    /** Field access for one payload; a missing or mistyped field aborts decoding. */
    private record Payload(JsonObject object) {

        String room() {
            String room = requiredString("room");
            if (!RoomName.isValid(room)) {
                throw new InvalidField(Problem.INVALID_ROOM_NAME);
            }
            return room;
        }

        /** PROTOCOL §8: an object with a string {@code epoch} and an integer {@code offset} ≥ 0, or absent. */
        Optional<Command.Since> since() {
            JsonValue value = object.get("since");
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof JsonObject since)) {
                throw new InvalidField(Problem.MALFORMED_FRAME);
            }
            var fields = new Payload(since);
            return Optional.of(new Command.Since(fields.requiredString("epoch"),
                    fields.optionalNonNegativeLong("offset").orElseThrow(() -> new InvalidField(Problem.MALFORMED_FRAME))));
        }

        JsonValue required(String name) {
            if (!object.containsKey(name)) {
                throw new InvalidField(Problem.MALFORMED_FRAME);
            }
            return object.get(name);
        }

        String requiredString(String name) {
            return optionalString(name).orElseThrow(() -> new InvalidField(Problem.MALFORMED_FRAME));
        }

        Optional<String> optionalString(String name) {
            JsonValue value = object.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof JsonString string) {
                return Optional.of(string.getString());
            }
            throw new InvalidField(Problem.MALFORMED_FRAME);
        }

        boolean optionalBoolean(String name) {
            JsonValue value = object.get(name);
            if (value == null || value == JsonValue.FALSE) {
                return false;
            }
            if (value == JsonValue.TRUE) {
                return true;
            }
            throw new InvalidField(Problem.MALFORMED_FRAME);
        }

        Optional<Long> optionalNonNegativeLong(String name) {
            JsonValue value = object.get(name);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof JsonNumber number && number.isIntegral()) {
                try {
                    long parsed = number.longValueExact();
                    if (parsed >= 0) {
                        return Optional.of(parsed);
                    }
                } catch (ArithmeticException e) {
                    // out of range: rejected below
                }
            }
            throw new InvalidField(Problem.MALFORMED_FRAME);
        }
    }

    /** Unwinds a payload read; never leaves the decoder. */
    private static final class InvalidField extends RuntimeException {
        private final transient Problem problem;

        InvalidField(Problem problem) {
            super(null, null, false, false);
            this.problem = problem;
        }
    }
}
