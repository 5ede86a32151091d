package io.roomgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;

/** What the HTTP API answered, as a caller reads it: a status and a JSON body. */
public final class ApiAnswers {

    private ApiAnswers() {
    }

    /** The error body PROTOCOL §7 gives every refusal: JSON {@code {code, message, details}}. */
    public static JsonObject assertProblem(HttpResponse<String> response, int status, String code, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        var problem = json(response);
        assertThat(problem.getString("code")).as(response.body()).isEqualTo(code);
        assertThat(problem.getString("message")).as(response.body()).isEqualTo(message);
        return problem;
    }

    public static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }
}
