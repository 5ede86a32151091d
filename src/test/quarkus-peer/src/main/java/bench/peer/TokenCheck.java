package bench.peer;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * smallrye-jwt's verification as Roomgate configures it: RS256 against {@code mp.jwt.verify.publickey.location},
 * {@code mp.jwt.verify.issuer} and {@code mp.jwt.verify.audiences}; a failure reads as PROTOCOL §3's fixed message.
 */
@ApplicationScoped
public class TokenCheck {

    /** The verified token, or the fixed message its refusal reads. */
    record Verdict(JsonWebToken token, String refusal) {
    }

    private final JWTParser parser;

    TokenCheck(JWTParser parser) {
        this.parser = parser;
    }

    Verdict check(String token) {
        try {
            return new Verdict(parser.parse(token), null);
        } catch (ParseException e) {
            return new Verdict(null, refusal(e));
        }
    }

    private static String refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException invalid) {
                if (invalid.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || invalid.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
                    return "Invalid JWT: signature verification failed";
                }
                return invalid.hasExpired() ? "JWT expired" : "Invalid JWT: claims rejected";
            }
        }
        return "Invalid JWT: malformed";
    }
}
