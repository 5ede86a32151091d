package io.roomgate.ws;

import io.roomgate.auth.HandshakeView;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The servlet side of the upgrade path: refuses unlisted Origins with 403, hands the peer address
 * to the WebSocket layer, and with {@code roomgate.auth.reject-at-upgrade=true} refuses an invalid
 * credential with HTTP 401 before the upgrade (PROTOCOL §1's optional mode; browsers cannot read
 * that status, hence off by default). The Origin check is here as well as in
 * {@link HandshakeConfigurator#checkOrigin}: Undertow (WildFly) treats a failed origin check as
 * "no WebSocket here" and lets the request fall through to a 404.
 */
@WebFilter(urlPatterns = "/rooms", asyncSupported = true)
public class UpgradeFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(UpgradeFilter.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        var services = RoomgateServices.current();
        if (!isUpgrade(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (!services.originPolicy().permits(request.getHeader("Origin"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        var withAddress = new WithClientAddress(request);
        if (services.settings().auth().rejectAtUpgrade()) {
            var outcome = HandshakeAuthenticator.authenticate(services, view(withAddress));
            if (outcome instanceof HandshakeOutcome.Rejected rejected) {
                LOG.info(() -> "Refused upgrade from " + withAddress.address + ": " + rejected.failure().logCode());
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
        }
        chain.doFilter(withAddress, response);
    }

    private static boolean isUpgrade(HttpServletRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
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

    /** Owns the client-address header: a client-sent header of that name never gets through. */
    private static final class WithClientAddress extends HttpServletRequestWrapper {

        private final String address;

        WithClientAddress(HttpServletRequest request) {
            super(request);
            this.address = request.getRemoteAddr();
        }

        @Override
        public String getHeader(String name) {
            return ClientAddress.HEADER.equalsIgnoreCase(name) ? address : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return ClientAddress.HEADER.equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(address))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            var names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
            names.removeIf(ClientAddress.HEADER::equalsIgnoreCase);
            names.add(ClientAddress.HEADER);
            return Collections.enumeration(names);
        }
    }
}
