package io.roomgate.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;

/**
 * Keeps the CDI beans inside the bundled smallrye-jwt jar out of the deployment. Roomgate uses
 * smallrye-jwt only as a library; servers that treat the jar as an implicit bean archive would
 * otherwise let its {@code JsonWebToken} and claim producers silently replace the server's own
 * MicroProfile JWT beans (measured on Payara).
 */
public class SmallRyeJwtBeansVeto implements Extension {

    private static final String SMALLRYE_JWT = "io.smallrye.jwt.";

    /** Only types an implicit bean archive would make beans of: the scopes and producers smallrye-jwt uses. */
    void veto(@Observes @WithAnnotations({ApplicationScoped.class, RequestScoped.class, Dependent.class, Produces.class})
            ProcessAnnotatedType<?> type) {
        if (type.getAnnotatedType().getJavaClass().getName().startsWith(SMALLRYE_JWT)) {
            type.veto();
        }
    }
}
