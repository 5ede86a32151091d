package io.roomgate.testing;

import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** {@code GET /demo/token} of a demo server. */
public record DemoTokens(URI base) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The answer's token and expiry. */
    public record Token(String token, long expiresAt) {
    }

    /** A token for {@code user}, or empty while nothing answers 200 there (a server still starting). */
    public Optional<Token> fetch(String user) throws InterruptedException {
        try {
            var response = get("user=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
            return response.statusCode() == 200 ? Optional.of(token(response)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not listening yet
        }
    }

    /** The answer to {@code /demo/token?query}, whatever its status. */
    public HttpResponse<String> get(String query) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve("demo/token?" + query)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static Token token(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            var body = reader.readObject();
            return new Token(body.getString("token"), body.getJsonNumber("expiresAt").longValue());
        }
    }
}
