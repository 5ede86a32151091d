package io.roomgate.config;

/**
 * How often a JWKS fetched from a URL is refetched, in minutes (smallrye's unit). {@code interval}
 * applies when the IdP sends no Cache-Control/Expires. {@code forcedInterval} throttles the refetch
 * a token with an unknown kid triggers: the first such token refetches at once, later ones at most
 * once per interval, so a rotation is picked up promptly while a flood of made-up kids costs the
 * IdP little. Zero refetches for every such token, each a blocking request to the IdP: for tests,
 * never for a server open to the internet.
 */
public record JwksRefresh(int interval, int forcedInterval) {

    /** Shorter than smallrye's 60/30 so a key removed from, or added to, the JWKS takes effect soon. */
    public static final JwksRefresh DEFAULT = new JwksRefresh(10, 1);

    /** A day; also keeps smallrye's int arithmetic in milliseconds from overflowing. */
    public static final int MAX_MINUTES = 1440;

    public JwksRefresh {
        if (interval < 1 || interval > MAX_MINUTES) {
            throw new IllegalArgumentException("interval must be 1 to " + MAX_MINUTES + " minutes");
        }
        if (forcedInterval < 0 || forcedInterval > MAX_MINUTES) {
            throw new IllegalArgumentException("forcedInterval must be 0 to " + MAX_MINUTES + " minutes");
        }
    }
}
