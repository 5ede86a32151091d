package io.roomgate.api;

import io.roomgate.protocol.ErrorCode;
import io.roomgate.protocol.Problem;
import jakarta.json.Json;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * HTTP API errors, in the shape of a {@code hub:error} payload ({@code {code, message, details}})
 * with the same fixed messages: nothing from a parser or an exception reaches the caller.
 */
final class ApiProblem {

    /** The one message for a request body the API cannot use; {@code details.field} names the culprit. */
    static final String MALFORMED_REQUEST = "Malformed request";

    private ApiProblem() {
    }

    static Response unauthorized(Problem problem, boolean tokenPresented) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer")
                .entity(body(problem.code(), problem.message(), null))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    static Response forbidden() {
        var problem = Problem.INSUFFICIENT_PERMISSIONS;
        return json(Response.Status.FORBIDDEN, body(problem.code(), problem.message(), null));
    }

    static Response malformed(String field) {
        return json(Response.Status.BAD_REQUEST, body(ErrorCode.BAD_REQUEST, MALFORMED_REQUEST, field));
    }

    private static Response json(Response.Status status, String body) {
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static String body(ErrorCode code, String message, String field) {
        var details = Json.createObjectBuilder();
        if (field != null) {
            details.add("field", field);
        }
        return Json.createObjectBuilder()
                .add("code", code.wire())
                .add("message", message)
                .add("details", details)
                .build()
                .toString();
    }
}
