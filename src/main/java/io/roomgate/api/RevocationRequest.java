package io.roomgate.api;

import io.roomgate.auth.Identity;
import jakarta.json.JsonObject;
import java.util.Optional;

/**
 * The body of {@code POST /api/revocations} (PROTOCOL §7): {@code {jti, exp?}} for one token, or
 * {@code {sub, before}} for every token of a subject issued before {@code before}. Times are
 * NumericDates (epoch seconds), as in the tokens themselves. {@code exp} is checked but changes
 * nothing: a token revocation is kept for the retention. An optional {@code tenant} names the
 * tenant the caller revokes in (PROTOCOL §7's tenant rules).
 */
sealed interface RevocationRequest {

    /** Empty: the caller's own scope. */
    Optional<String> tenant();

    record OfToken(Optional<String> tenant, String jti) implements RevocationRequest {
    }

    record OfSubject(Optional<String> tenant, String sub, long before) implements RevocationRequest {
    }

    static RevocationRequest parse(String body) throws InvalidRequest {
        JsonObject json = JsonBody.parse(body, JsonBody.MAX_SMALL_BODY_CHARS);
        boolean byToken = json.containsKey("jti");
        boolean bySubject = json.containsKey("sub") || json.containsKey("before");
        if (byToken == bySubject) {
            throw new InvalidRequest(byToken ? "sub" : "jti");
        }
        var tenant = JsonBody.optionalId(json, "tenant");
        if (byToken) {
            JsonBody.optionalPositive(json, "exp", Identity.NO_EXPIRY);
            return new OfToken(tenant, JsonBody.id(json, "jti"));
        }
        var before = JsonBody.optionalPositive(json, "before", Identity.NO_EXPIRY).orElseThrow(() -> new InvalidRequest("before"));
        return new OfSubject(tenant, JsonBody.id(json, "sub"), before);
    }
}
