package io.roomgate.api;

import io.roomgate.auth.OriginPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The exchange's defence against cross-site requests: a browser names the page's origin in
 * {@code Origin} on every POST, so a token is handed out only when that origin is this server's
 * own (its {@code Host}) or on {@code roomgate.auth.allowed-origins}. Clients that send no
 * {@code Origin} are not browsers and cannot be made to carry a victim's session.
 */
final class SameOriginCheck {

    private final OriginPolicy allowedOrigins;
    private final boolean anyListed;

    SameOriginCheck(OriginPolicy allowedOrigins, boolean anyListed) {
        this.allowedOrigins = allowedOrigins;
        this.anyListed = anyListed;
    }

    boolean permits(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (anyListed && allowedOrigins.honoursCookies(origin)) {
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
