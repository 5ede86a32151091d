package io.roomgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Calls the HTTP API (PROTOCOL §7) of the target as an operator's script would. */
public final class HttpApi {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            // HTTP/1.1 as curl speaks it: the JDK's default h2c upgrade attempt is not what operators' scripts send
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private HttpApi() {
    }

    /** POSTs {@code json}; {@code bearer} null sends no Authorization header. */
    public static HttpResponse<String> post(String path, String bearer, String json) {
        return call("POST", path, bearer, "application/json", json);
    }

    /** GETs {@code path} ({@code path?query}); {@code bearer} null sends no Authorization header. */
    public static HttpResponse<String> get(String path, String bearer) {
        return call("GET", path, bearer, null, null);
    }

    /** Any method; {@code contentType} and {@code body} null send none. */
    public static HttpResponse<String> call(String method, String path, String bearer, String contentType, String body) {
        return call(method, path, bearer, contentType, body, Map.of());
    }

    /** With more request headers ({@code X-Forwarded-For}, say). */
    public static HttpResponse<String> call(String method, String path, String bearer, String contentType, String body,
                                            Map<String, String> headers) {
        var request = HttpRequest.newBuilder(Target.api(path))
                .timeout(WsClient.WAIT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /** GETs {@code path} with {@code headers} (name, value, name, value...). */
    public static HttpResponse<String> getWithHeaders(String path, String... headers) {
        var request = HttpRequest.newBuilder(Target.api(path)).timeout(WsClient.WAIT).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** Sends over HTTP/1.1 and reads the body as text; failures to connect fail the test. */
    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
