package io.roomgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;

/**
 * The server-bypass secret of internal services (PROTOCOL §1): a credential equal to it is user
 * {@code server} with role {@code server}. Compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken says nothing about the secret, not even its
 * length. The secret itself is never printed.
 */
final class ServerBypass {

    static final String USER = Identity.SERVER_USER;

    private final Optional<byte[]> secretDigest;

    ServerBypass(Optional<String> secret) {
        this.secretDigest = secret.map(ServerBypass::digest);
    }

    Optional<Identity> identify(String credential) {
        if (secretDigest.isEmpty() || !MessageDigest.isEqual(secretDigest.get(), digest(credential))) {
            return Optional.empty();
        }
        return Optional.of(Identity.withoutToken(USER, Set.of(USER), null));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "ServerBypass[" + (secretDigest.isPresent() ? "on" : "off") + "]";
    }
}
