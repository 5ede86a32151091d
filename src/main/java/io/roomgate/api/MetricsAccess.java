package io.roomgate.api;

import io.roomgate.config.Settings;
import io.roomgate.net.ClientAddressResolver;
import io.roomgate.protocol.FrameEncoder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may scrape {@code /api/metrics}: with {@code roomgate.metrics.token} set, whoever sends it as
 * {@code Authorization: Bearer} (else 401); without, only a loopback peer that no proxy forwarded
 * (else 403): a reverse proxy on the same host would otherwise make every client local.
 */
@Provider
@MetricsScrape
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class MetricsAccess implements ContainerRequestFilter {

    private static final Pattern BEARER = Pattern.compile("(?i)bearer +(\\S+) *");

    private Optional<byte[]> token;
    private ApiProblem problems;

    /** For the CDI proxy, and public because RESTEasy (WildFly) insists on a public constructor it can call. */
    public MetricsAccess() {
    }

    @Inject
    public MetricsAccess(Settings settings, FrameEncoder encoder) {
        this.token = settings.metrics().token().map(MetricsAccess::sha256);
        this.problems = new ApiProblem(encoder);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (token.isPresent()) {
            if (!presents(request.getHeaderString(HttpHeaders.AUTHORIZATION), token.get())) {
                request.abortWith(Response.fromResponse(problems.notAuthenticated())
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
            }
        } else if (!isLocalAndUnforwarded(request)) {
            request.abortWith(problems.forbidden());
        }
    }

    private static boolean isLocalAndUnforwarded(ContainerRequestContext request) {
        return ClientAddressResolver.isLoopback(CallerAddress.peer(request))
                && request.getHeaderString("X-Forwarded-For") == null && request.getHeaderString("Forwarded") == null;
    }

    private static boolean presents(String authorization, byte[] expected) {
        var matcher = authorization == null ? null : BEARER.matcher(authorization);
        String presented = matcher != null && matcher.matches() ? matcher.group(1) : "";
        // constant time, and over digests: neither how much of a guess was right nor the token's length may show in the timing
        return MessageDigest.isEqual(sha256(presented), expected);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
