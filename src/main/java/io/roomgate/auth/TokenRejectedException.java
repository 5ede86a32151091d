package io.roomgate.auth;

import java.util.OptionalLong;

/**
 * A refused token. Carries only the classification (and the expiry instant for expired tokens):
 * no cause, no stack trace, nothing from a parser that could leak to a client or a log.
 */
public final class TokenRejectedException extends Exception {

    private final AuthFailure failure;
    private final OptionalLong expiredAt;

    public TokenRejectedException(AuthFailure failure) {
        this(failure, OptionalLong.empty());
    }

    public TokenRejectedException(AuthFailure failure, OptionalLong expiredAt) {
        super(failure.problem().message(), null, false, false);
        this.failure = failure;
        this.expiredAt = expiredAt;
    }

    public AuthFailure failure() {
        return failure;
    }

    public OptionalLong expiredAt() {
        return expiredAt;
    }
}
