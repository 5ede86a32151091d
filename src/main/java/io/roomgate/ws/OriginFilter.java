package io.roomgate.ws;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * Answers an upgrade from an unlisted Origin with 403 (PROTOCOL §1) on every servlet container.
 * {@link HandshakeConfigurator#checkOrigin} alone is not enough: Undertow (WildFly) treats a failed
 * origin check as "no WebSocket here" and lets the request fall through to a 404.
 */
@WebFilter(urlPatterns = "/rooms", asyncSupported = true)
public class OriginFilter extends HttpFilter {

    @Inject
    RoomgateServices services;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isUpgrade(request) && !services.originPolicy().permits(request.getHeader("Origin"))) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }
}
