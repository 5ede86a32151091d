package io.roomgate.api;

import io.roomgate.protocol.ErrorCode;
import io.roomgate.protocol.FrameEncoder;
import io.roomgate.protocol.Payloads;
import io.roomgate.protocol.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * HTTP API errors: {@code hub:error} payloads ({@code {code, message, details}}) with the same
 * fixed messages, so nothing from a parser or an exception reaches the caller.
 */
final class ApiProblem {

    /** The one message for a request body the API cannot use; {@code details.field} names the culprit. */
    static final String MALFORMED_REQUEST = "Malformed request";

    static final String ORIGIN_NOT_ALLOWED = "Origin not allowed";
    static final String NOT_AUTHENTICATED = "Not authenticated";
    static final String NO_TENANT = "No tenant";
    /** For requests JAX-RS itself turns away (PROTOCOL §7 names no text for them); never the container's page. */
    static final String NOT_FOUND = "Not found";
    static final String METHOD_NOT_ALLOWED = "Method not allowed";
    static final String UNSUPPORTED_MEDIA_TYPE = "Unsupported media type";
    static final String NOT_ACCEPTABLE = "Not acceptable";

    private static final int TOO_MANY_REQUESTS = 429;

    private final FrameEncoder encoder;

    ApiProblem(FrameEncoder encoder) {
        this.encoder = encoder;
    }

    Response unauthorized(Problem problem, boolean tokenPresented) {
        return json(Response.Status.UNAUTHORIZED.getStatusCode(), Payloads.Error.of(problem, Map.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer")
                .build();
    }

    Response forbidden() {
        return json(Response.Status.FORBIDDEN.getStatusCode(), Payloads.Error.of(Problem.INSUFFICIENT_PERMISSIONS, Map.of())).build();
    }

    /** The token exchange refuses pages of other origins: a cross-site POST must not turn a session into a token. */
    Response forbiddenOrigin() {
        return error(Response.Status.FORBIDDEN, ErrorCode.FORBIDDEN, ORIGIN_NOT_ALLOWED, Map.of());
    }

    /** A tenant source is configured and found nothing for this caller: no token of the tenant-less scope. */
    Response noTenant() {
        return error(Response.Status.FORBIDDEN, ErrorCode.FORBIDDEN, NO_TENANT, Map.of());
    }

    /** No WWW-Authenticate: the scheme is the container's (web.xml), not Roomgate's. */
    Response notAuthenticated() {
        return error(Response.Status.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, NOT_AUTHENTICATED, Map.of());
    }

    Response malformed(String field) {
        return error(Response.Status.BAD_REQUEST, ErrorCode.BAD_REQUEST, MALFORMED_REQUEST, Map.of("field", field));
    }

    Response invalidRoomName() {
        return json(Response.Status.BAD_REQUEST.getStatusCode(), Payloads.Error.of(Problem.INVALID_ROOM_NAME, Map.of())).build();
    }

    /** 429 with the details the socket's refusal carries ({@code limit}). */
    Response tooManyRequests(Map<String, Object> details) {
        return json(TOO_MANY_REQUESTS, Payloads.Error.of(Problem.TOO_MANY_REQUESTS, details)).build();
    }

    /** 429 for a blocked address, with {@code Retry-After} in seconds as the upgrade's refusal has it. */
    Response tooManyRequests(Map<String, Object> details, long retryAfterMillis) {
        return json(TOO_MANY_REQUESTS, Payloads.Error.of(Problem.TOO_MANY_REQUESTS, details))
                .header("Retry-After", String.valueOf((retryAfterMillis + 999) / 1000)).build();
    }

    /** 503 {@code unavailable "Cluster unavailable"} (PROTOCOL §9). */
    Response clusterUnavailable() {
        return json(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), Payloads.Error.of(Problem.CLUSTER_UNAVAILABLE, Map.of())).build();
    }

    /** The JSON body for a status JAX-RS chose itself (no resource, method or media type for the request). */
    Response ofStatus(int status) {
        return switch (status) {
            case 401 -> unauthorized(Problem.JWT_REQUIRED, false);
            case 403 -> forbidden();
            case 404 -> error(status, ErrorCode.NOT_FOUND, NOT_FOUND);
            case 405 -> error(status, ErrorCode.BAD_REQUEST, METHOD_NOT_ALLOWED);
            case 406 -> error(status, ErrorCode.BAD_REQUEST, NOT_ACCEPTABLE);
            case 415 -> error(status, ErrorCode.BAD_REQUEST, UNSUPPORTED_MEDIA_TYPE);
            default -> status >= 500
                    ? json(status, Payloads.Error.of(Problem.INTERNAL_ERROR, Map.of())).build()
                    : error(status, ErrorCode.BAD_REQUEST, MALFORMED_REQUEST);
        };
    }

    private Response error(int status, ErrorCode code, String message) {
        return json(status, new Payloads.Error(code.wire(), message, Map.of())).build();
    }

    private Response error(Response.Status status, ErrorCode code, String message, Map<String, Object> details) {
        return json(status.getStatusCode(), new Payloads.Error(code.wire(), message, details)).build();
    }

    private Response.ResponseBuilder json(int status, Payloads.Error error) {
        return Response.status(status).entity(encoder.encode(error)).type(MediaType.APPLICATION_JSON_TYPE);
    }
}
