package io.roomgate.auth;

/** A tenant already holds {@code roomgate.limits.revocations} live revocations (PROTOCOL §7: 429). */
public final class TooManyRevocations extends Exception {

    public TooManyRevocations() {
        super(null, null, false, false);
    }
}
