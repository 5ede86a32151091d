package io.roomgate.api;

import io.roomgate.auth.Identity;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The body of {@code POST /api/revocations} (PROTOCOL §7): {@code {jti, exp?}} for one token, or
 * {@code {sub, before}} for every token of a subject issued before {@code before}. Times are
 * NumericDates (epoch seconds), as in the tokens themselves. {@code exp} is optional: with it the
 * revocation is kept at least until then. An optional {@code tenant} narrows either to one tenant.
 */
sealed interface RevocationRequest {

    /** Null: every tenant. */
    String tenant();

    record OfToken(String tenant, String jti, OptionalLong exp) implements RevocationRequest {
    }

    record OfSubject(String tenant, String sub, long before) implements RevocationRequest {
    }

    /** Refused because of {@code field}, which names the member a caller has to fix. */
    final class Invalid extends Exception {
        private final String field;

        Invalid(String field) {
            super(null, null, false, false);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    /** Longer than any real jti, sub or tenant. */
    int MAX_ID_LENGTH = 1024;

    static RevocationRequest parse(String body) throws Invalid {
        JsonObject json;
        try (var reader = Json.createReader(new StringReader(body == null ? "" : body))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject object)) {
                throw new Invalid("body");
            }
            json = object;
        } catch (JsonException | IllegalStateException e) {
            // not JSON, or more than one value
            throw new Invalid("body");
        }
        boolean byToken = json.containsKey("jti");
        boolean bySubject = json.containsKey("sub") || json.containsKey("before");
        if (byToken == bySubject) {
            throw new Invalid(byToken ? "sub" : "jti");
        }
        String tenant = json.containsKey("tenant") ? id(json, "tenant") : null;
        if (byToken) {
            var exp = positiveSeconds(json, "exp");
            return new OfToken(tenant, id(json, "jti"), exp.isPresent() ? OptionalLong.of(exp.get()) : OptionalLong.empty());
        }
        return new OfSubject(tenant, id(json, "sub"), positiveSeconds(json, "before").orElseThrow(() -> new Invalid("before")));
    }

    private static String id(JsonObject json, String name) throws Invalid {
        // control characters refused too: the id goes into a log line
        if (json.get(name) instanceof JsonString text && !text.getString().isBlank()
                && text.getString().length() <= MAX_ID_LENGTH && text.getString().chars().noneMatch(Character::isISOControl)) {
            return text.getString();
        }
        throw new Invalid(name);
    }

    private static Optional<Long> positiveSeconds(JsonObject json, String name) throws Invalid {
        JsonValue value = json.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                long seconds = number.longValueExact();
                if (seconds > 0 && seconds < Identity.NO_EXPIRY) {
                    return Optional.of(seconds);
                }
            } catch (ArithmeticException e) {
                // beyond a long: refused below like any other bad number
            }
        }
        throw new Invalid(name);
    }
}
