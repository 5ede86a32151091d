package io.roomgate.api;

import io.roomgate.auth.OriginPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The exchange's defence against cross-site requests: a browser names the page's origin in
 * {@code Origin} on every POST, so a token is handed out only when that origin is this server's
 * own (its {@code Host}) or on {@code roomgate.auth.allowed-origins}, and only when the browser
 * does not itself call the request cross-site. Clients that send no {@code Origin} are scripts,
 * not pages a victim's browser was sent to.
 */
final class SameOriginCheck {

    private static final String CROSS_SITE = "cross-site";

    private final OriginPolicy allowedOrigins;

    SameOriginCheck(OriginPolicy allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    /** {@code fetchSite}: the browser's own verdict ({@code Sec-Fetch-Site}), when it sends one. */
    boolean permits(String origin, String host, String fetchSite) {
        if (origin != null && allowedOrigins.isListed(origin)) {
            return true;   // the deployer vouches for these other origins, which a browser calls cross-site
        }
        if (CROSS_SITE.equalsIgnoreCase(fetchSite)) {
            return false;
        }
        if (origin == null) {
            return true;
        }
        // Host, not the request URL's scheme: behind a proxy that ends TLS the page is https and the request http
        return host != null && authority(origin).equals(withDefaultPort(host.trim().toLowerCase(Locale.ROOT), origin));
    }

    private static String authority(String origin) {
        try {
            URI uri = new URI(origin.trim());
            if (uri.getHost() == null) {
                return "";   // "null" (sandboxed frames, file: pages) and anything unparsable
            }
            int port = uri.getPort() != -1 ? uri.getPort() : defaultPort(uri.getScheme());
            return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (URISyntaxException e) {
            return "";
        }
    }

    private static String withDefaultPort(String host, String origin) {
        boolean hasPort = host.lastIndexOf(':') > host.lastIndexOf(']');
        return hasPort ? host : host + ":" + defaultPort(origin.trim().toLowerCase(Locale.ROOT).startsWith("https:") ? "https" : "http");
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
