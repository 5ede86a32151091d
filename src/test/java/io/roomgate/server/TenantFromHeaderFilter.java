package io.roomgate.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Stands in, in the test deployment only, for what a real application's SSO filter does: put the
 * logged-in user's tenant on the request, where {@code roomgate.issuer.tenant-attribute} finds it.
 * Taking it from a header is for the test alone; no application would trust a client with that.
 */
@WebFilter({"/api/ws-token", "/api/ws-token/*"})
public class TenantFromHeaderFilter extends HttpFilter {

    /** {@code TokenExchange.TENANT_HEADER}; the filter is deployed alone, without the test helpers. */
    private static final String HEADER = "X-Test-Tenant";
    /** {@code SuiteConfig.EXCHANGE_TENANT_ATTRIBUTE}. */
    private static final String ATTRIBUTE = "roomgate.test.tenant";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String tenant = request.getHeader(HEADER);
        if (tenant != null) {
            request.setAttribute(ATTRIBUTE, tenant);
        }
        chain.doFilter(request, response);
    }
}
