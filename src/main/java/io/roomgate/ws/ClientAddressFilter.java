package io.roomgate.ws;

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
import java.util.LinkedHashSet;
import java.util.List;

/** Hands the peer address of an upgrade request to the WebSocket layer as a header (see {@link ClientAddress}). */
@WebFilter(urlPatterns = "/rooms", asyncSupported = true)
public class ClientAddressFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(new WithClientAddress(request), response);
    }

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
