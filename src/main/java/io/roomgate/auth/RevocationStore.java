package io.roomgate.auth;

/**
 * Where revocations live until no token they cover could be accepted any more. The handshake and
 * {@code token:refresh} consult it; {@link Revocations} adds to it.
 */
public interface RevocationStore {

    void add(Revocation revocation);

    boolean isRevoked(Identity identity);
}
