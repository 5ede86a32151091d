package io.roomgate.auth;

import java.util.List;

/**
 * Where revocations live until no token they cover could be accepted any more. The handshake and
 * {@code token:refresh} consult it; {@link Revocations} adds to it.
 */
public interface RevocationStore {

    /**
     * Stores {@code revocation}, merged with one of the same token or subject already held.
     *
     * @return false, storing nothing, when it would be a new entry and its tenant already holds the
     *         most live revocations allowed ({@code roomgate.limits.revocations})
     */
    boolean add(Revocation revocation);

    boolean isRevoked(Identity identity);

    /** Every revocation held right now: what a node hands back to a cluster's backplane that lost them. */
    List<Revocation> all();
}
