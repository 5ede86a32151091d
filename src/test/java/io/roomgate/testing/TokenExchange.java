package io.roomgate.testing;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Calls {@code /api/ws-token} as a browser page or a script would, with HTTP Basic credentials. */
public final class TokenExchange {

    /** Read by the server deployment's stand-in SSO filter (server/TenantFromHeaderFilter). */
    public static final String TENANT_HEADER = "X-Test-Tenant";

    private final String method;
    private ContainerUsers.User user;
    private String origin;
    /** The tenant every exchange carries unless told otherwise: the suite's server deployment expects one. */
    public static final String DEFAULT_TENANT = "acme";

    private String tenant = DEFAULT_TENANT;
    private String path = "ws-token";
    private final java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();

    private TokenExchange(String method) {
        this.method = method;
    }

    public static TokenExchange post() {
        return new TokenExchange("POST");
    }

    public static TokenExchange get() {
        return new TokenExchange("GET");
    }

    public TokenExchange as(ContainerUsers.User user) {
        this.user = user;
        return this;
    }

    public TokenExchange origin(String origin) {
        this.origin = origin;
        return this;
    }

    /** The tenant the application's SSO would have found for the caller. */
    public TokenExchange tenant(String tenant) {
        this.tenant = tenant;
        return this;
    }

    /** As if the application's SSO found no tenant for the caller. */
    public TokenExchange withoutTenant() {
        return tenant(null);
    }

    public TokenExchange header(String name, String value) {
        this.headers.put(name, value);
        return this;
    }

    /** Another path under /api than the exchange's own (variants of it). */
    public TokenExchange path(String path) {
        this.path = path;
        return this;
    }

    /** The origin of the server under test, as a page it served would name it. */
    public static String sameOrigin() {
        var api = Target.api("ws-token");
        return api.getScheme() + "://" + api.getHost() + ":" + api.getPort();
    }

    public HttpResponse<String> send() {
        var request = HttpRequest.newBuilder(Target.api(path))
                .timeout(WsClient.WAIT)
                .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("") : HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            String pair = user.name() + ":" + user.password();
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (tenant != null) {
            request.header(TENANT_HEADER, tenant);
        }
        headers.forEach(request::header);
        return HttpApi.send(request.build());
    }
}
