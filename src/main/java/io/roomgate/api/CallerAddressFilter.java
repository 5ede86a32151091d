package io.roomgate.api;

import io.roomgate.ws.RoomgateServices;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/** Hands the HTTP API the addresses of its callers ({@link CallerAddress}). */
@WebFilter(urlPatterns = "/api/*")
public class CallerAddressFilter extends HttpFilter {

    /** Once, not per request: a CDI lookup walks the caller's stack on WildFly (see HandshakeConfigurator). */
    private transient RoomgateServices services;

    @Override
    public void init() {
        services = RoomgateServices.current();
    }

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
