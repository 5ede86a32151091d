package io.roomgate.api;

import io.roomgate.ws.RoomgateServices;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/** Hands the HTTP API the addresses of its callers ({@link CallerAddress}). */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class CallerAddressFilter extends HttpFilter {

    /** Injected once, when the container creates the filter: no CDI lookup per request. */
    @Inject
    private transient RoomgateServices services;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String peer = request.getRemoteAddr();
        request.setAttribute(CallerAddress.PEER, peer);
        request.setAttribute(CallerAddress.CLIENT,
                services.addresses().resolve(peer, Collections.list(request.getHeaders("X-Forwarded-For"))));
        chain.doFilter(request, response);
    }
}
