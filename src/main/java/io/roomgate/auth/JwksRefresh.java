package io.roomgate.auth;

/**
 * How often a JWKS fetched from a URL is refetched, in minutes (smallrye's unit). {@code interval}
 * applies when the IdP sends no Cache-Control/Expires. {@code forcedInterval} throttles the refetch
 * a token with an unknown kid triggers: the first such token refetches at once, later ones at most
 * once per interval, so a rotation is picked up promptly while a flood of made-up kids costs the
 * IdP little; zero refetches for every such token.
 */
public record JwksRefresh(int interval, int forcedInterval) {

    /** Shorter than smallrye's 60/30 so a key removed from, or added to, the JWKS takes effect soon. */
    public static final JwksRefresh DEFAULT = new JwksRefresh(10, 1);

    public JwksRefresh {
        if (interval < 1 || forcedInterval < 0) {
            throw new IllegalArgumentException("JWKS refresh intervals must be at least 1 and 0 minutes");
        }
    }
}
