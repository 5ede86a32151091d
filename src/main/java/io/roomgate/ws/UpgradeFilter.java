package io.roomgate.ws;

import io.roomgate.auth.AuthStage;
import io.roomgate.auth.HandshakeView;
import io.roomgate.limits.AddressLimiter;
import io.roomgate.metrics.HandshakeResult;
import io.roomgate.protocol.Close;
import io.roomgate.protocol.ErrorCode;
import io.roomgate.protocol.Payloads;
import io.roomgate.protocol.Problem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The servlet side of the upgrade path. In order: the client address's limits (PROTOCOL §5;
 * HTTP 429 with {@code Retry-After}), unlisted Origins (403), and with
 * {@code roomgate.auth.reject-at-upgrade=true} an invalid credential (HTTP 401; PROTOCOL §1's
 * optional mode, off by default because browsers cannot read that status). It hands the peer
 * address to the WebSocket layer in a header it owns. The Origin check is here as well as in
 * {@link HandshakeConfigurator#checkOrigin}: Undertow (WildFly) treats a failed origin check as
 * "no WebSocket here" and lets the request fall through to a 404.
 */
@WebFilter(urlPatterns = "/rooms", asyncSupported = true)
public class UpgradeFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(UpgradeFilter.class.getName());
    private static final int TOO_MANY_REQUESTS = 429;
    /** An upgrade during the drain: the client should reconnect elsewhere, as after the 1001 close. */
    private static final Payloads.Error SHUTTING_DOWN =
            new Payloads.Error(ErrorCode.UNAVAILABLE.wire(), Close.SHUTTING_DOWN.reason(), Map.of());

    /** Once, not per request: a CDI lookup walks the caller's stack on WildFly (see HandshakeConfigurator). */
    private transient RoomgateServices services;

    @Override
    public void init() {
        services = RoomgateServices.current();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!isUpgrade(request)) {
            // still without client-sent copies of the owned headers, whatever the container makes of the request
            chain.doFilter(new OwnedHeaders(request, Map.of(ClientAddress.PEER_HEADER, request.getRemoteAddr())), response);
            return;
        }
        if (services.lifecycle().isDraining()) {
            writeError(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, SHUTTING_DOWN);
            return;
        }
        String client = services.addresses().resolve(request.getRemoteAddr(),
                Collections.list(request.getHeaders(ClientAddress.FORWARDED_FOR)));
        var refusal = services.addressLimiter().admit(client);
        if (refusal.isPresent()) {
            refuse(response, refusal.get());
            services.metrics().handshake(HandshakeResult.LIMITED);
            // FINE: a flood would otherwise be a flood of log lines; the block itself is logged once, at INFO
            LOG.fine(() -> "Refused upgrade from " + client + ": " + refusal.get().limit());
            return;
        }
        if (!services.originPolicy().permits(request.getHeader("Origin"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        var owned = new OwnedHeaders(request, Map.of(
                ClientAddress.PEER_HEADER, request.getRemoteAddr(),
                ClientAddress.ADMITTED_HEADER, "true"));
        if (services.settings().auth().rejectAtUpgrade()) {
            var outcome = HandshakeAuthenticator.authenticate(services, view(owned), client, AuthStage.FILTER);
            if (outcome instanceof HandshakeOutcome.Rejected rejected) {
                services.metrics().handshake(HandshakeResult.REJECTED);
                services.addressLimiter().failedAuthentication(client);
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                // not sendError: the container's error page would replace the body a non-browser client reads
                writeError(response, HttpServletResponse.SC_UNAUTHORIZED,
                        Payloads.Error.of(rejected.failure().problem(), Connection.expiryDetails(rejected.expiredAt())));
                return;
            }
        }
        chain.doFilter(owned, new NoLocationEcho(response));
    }

    /** 429 with the {@code hub:error} payload the WebSocket refusal would carry, readable by non-browser clients. */
    private void refuse(HttpServletResponse response, AddressLimiter.Refusal refusal) throws IOException {
        response.setHeader("Retry-After", String.valueOf((refusal.retryAfterMillis() + 999) / 1000));
        writeError(response, TOO_MANY_REQUESTS, Payloads.Error.of(Problem.TOO_MANY_REQUESTS, refusal.details()));
    }

    private void writeError(HttpServletResponse response, int status, Payloads.Error error) throws IOException {
        response.setStatus(status);
        byte[] body = services.encoder().encode(error).getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json;charset=UTF-8");
        // a length rather than chunks: the refusal is one small body, readable by the simplest client
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Loosely, so that anything a container might upgrade goes through the checks. */
    private static boolean isUpgrade(HttpServletRequest request) {
        for (String value : Collections.list(request.getHeaders("Upgrade"))) {
            if (value.toLowerCase(Locale.ROOT).contains("websocket")) {
                return true;
            }
        }
        return false;
    }

    private static HandshakeView view(HttpServletRequest request) {
        var headers = new LinkedHashMap<String, List<String>>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        var parameters = new LinkedHashMap<String, List<String>>();
        request.getParameterMap().forEach((name, values) -> parameters.put(name, List.of(values)));
        return new HandshakeView(headers, Map.copyOf(parameters));
    }

    /**
     * Drops {@code Sec-WebSocket-Location}, which Undertow (WildFly) sets to the whole request URL
     * on every upgrade: a token in the query would be reflected into the response, where proxies log
     * it, and a large one makes the response headers too big for some clients (Node's parser refuses
     * the 101) before they can read their refusal. RFC 6455 has no such header; no client needs it.
     */
    private static final class NoLocationEcho extends HttpServletResponseWrapper {

        private static final String LOCATION = "Sec-WebSocket-Location";

        NoLocationEcho(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!LOCATION.equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!LOCATION.equalsIgnoreCase(name)) {
                super.addHeader(name, value);
            }
        }
    }

    /**
     * Headers this filter owns ({@link ClientAddress}): the given ones with the filter's values,
     * and whatever a client sent under any owned name never gets through.
     */
    private static final class OwnedHeaders extends HttpServletRequestWrapper {

        private final Map<String, String> owned;

        OwnedHeaders(HttpServletRequest request, Map<String, String> owned) {
            super(request);
            this.owned = owned;
        }

        private static boolean isOwned(String name) {
            return ClientAddress.PEER_HEADER.equalsIgnoreCase(name) || ClientAddress.ADMITTED_HEADER.equalsIgnoreCase(name);
        }

        private String value(String name) {
            return owned.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        @Override
        public String getHeader(String name) {
            return isOwned(name) ? value(name) : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (!isOwned(name)) {
                return super.getHeaders(name);
            }
            String value = value(name);
            return Collections.enumeration(value == null ? List.of() : List.of(value));
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            var names = new LinkedHashSet<String>();
            for (String name : Collections.list(super.getHeaderNames())) {
                if (!isOwned(name)) {
                    names.add(name);
                }
            }
            names.addAll(owned.keySet());
            return Collections.enumeration(names);
        }
    }
}
