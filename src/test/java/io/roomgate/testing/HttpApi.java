package io.roomgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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
        var request = HttpRequest.newBuilder(Target.api(path))
                .timeout(WsClient.WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build());
    }

    /** GETs {@code path} with {@code headers} (name, value, name, value...). */
    public static HttpResponse<String> get(String path, String... headers) {
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
