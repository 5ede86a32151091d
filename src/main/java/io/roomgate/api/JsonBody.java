package io.roomgate.api;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.util.Optional;

/**
 * Reading API request bodies: a JSON object, and the members of it the API takes. Anything
 * unusable is an {@link InvalidRequest} naming the member, never the parser's words.
 */
final class JsonBody {

    /** Longer than any real jti, sub, user id, tenant or reason. */
    static final int MAX_ID_LENGTH = 1024;
    /** The longest body of a call that carries no room message: a revocation, a disconnect. */
    static final int MAX_SMALL_BODY_CHARS = 16 * 1024;

    private JsonBody() {
    }

    static JsonObject parse(String body, int maxChars) throws InvalidRequest {
        if (body == null || body.length() > maxChars) {
            throw new InvalidRequest("body");
        }
        try (var parser = Json.createParser(new StringReader(body))) {
            if (parser.hasNext() && parser.next() == JsonParser.Event.START_OBJECT) {
                var object = parser.getObject();
                if (!parser.hasNext()) {
                    // one value and nothing after it
                    return object;
                }
            }
        } catch (RuntimeException e) {
            // JsonException for most faults, but Parsson answers nesting past its depth and numbers past
            // its scale with other RuntimeExceptions: whatever it is, the body is malformed
        }
        throw new InvalidRequest("body");
    }

    /** A non-blank string of at most {@link #MAX_ID_LENGTH} characters without control characters (it goes into logs). */
    static String id(JsonObject json, String name) throws InvalidRequest {
        if (json.get(name) instanceof JsonString text && isId(text.getString())) {
            return text.getString();
        }
        throw new InvalidRequest(name);
    }

    static Optional<String> optionalId(JsonObject json, String name) throws InvalidRequest {
        return json.containsKey(name) ? Optional.of(id(json, name)) : Optional.empty();
    }

    static boolean isId(String text) {
        return text != null && !text.isBlank() && text.length() <= MAX_ID_LENGTH && text.chars().noneMatch(Character::isISOControl);
    }

    /** An integer in (0, {@code below}); absent: empty. */
    static Optional<Long> optionalPositive(JsonObject json, String name, long below) throws InvalidRequest {
        JsonValue value = json.get(name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            if (value instanceof JsonNumber number && number.isIntegral()) {
                long seconds = number.longValueExact();
                if (seconds > 0 && seconds < below) {
                    return Optional.of(seconds);
                }
            }
        } catch (RuntimeException e) {
            // beyond a long (ArithmeticException), or a scale Parsson will not expand: refused like any bad number
        }
        throw new InvalidRequest(name);
    }
}
