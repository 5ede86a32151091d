package io.roomgate.auth;

import io.roomgate.protocol.Problem;
import java.util.Locale;

/** Why a token was refused; each maps onto exactly one fixed client-facing message. */
public enum AuthFailure {
    REQUIRED(Problem.JWT_REQUIRED),
    SIGNATURE(Problem.SIGNATURE_INVALID),
    MALFORMED(Problem.TOKEN_MALFORMED),
    CLAIMS(Problem.CLAIMS_REJECTED),
    EXPIRED(Problem.TOKEN_EXPIRED),
    REVOKED(Problem.TOKEN_REVOKED),
    TIMEOUT(Problem.AUTHENTICATION_TIMEOUT);

    private final Problem problem;

    AuthFailure(Problem problem) {
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** The reason-code word logged for refusals: lower-case, no token material. */
    public String logCode() {
        return name().toLowerCase(Locale.ROOT);
    }
}
