package io.roomgate.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Hands the TCP peer's address to the API's authentication filter: JAX-RS has no portable way to
 * ask for it, but a servlet request attribute is a JAX-RS request property (JAX-RS 3.1 §9.2.9 on
 * servlet containers). An attribute, unlike a header, is nothing a client can send.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class ApiPeerAddress extends HttpFilter {

    /** The request property that holds the peer address. */
    public static final String PROPERTY = "io.roomgate.api.peer-address";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(PROPERTY, request.getRemoteAddr());
        chain.doFilter(request, response);
    }
}
