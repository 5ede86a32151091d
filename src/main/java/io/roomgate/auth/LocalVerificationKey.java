package io.roomgate.auth;

import java.util.Optional;

/**
 * A public key this deployment made for itself (demo mode's), verified against when no key is
 * configured. An interface so that {@code auth} does not depend on the feature that supplies it.
 */
public interface LocalVerificationKey {

    /** The key as PEM, or empty when this deployment made none. */
    Optional<String> publicKeyPem();
}
