package io.roomgate.demo;

import io.roomgate.protocol.RoomName;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code GET /demo/token?user=alice&role=moderator&tenant=acme&ttl=70&permissions=join:lobby,send:lobby}:
 * a signed demo token, living {@code ttl} seconds (default one hour), with a permissions claim when
 * {@code permissions} is given. Answers 404 unless demo mode is on, so a production
 * deployment exposes nothing here.
 */
@WebServlet("/demo/token")
public class DemoTokenServlet extends HttpServlet {

    @Inject
    DemoKeys keys;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!keys.enabled()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String user = request.getParameter("user");
        if (!RoomName.isValid(user)) {
            // user ids share the room-name alphabet here so they stay readable in the demo page
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "user must be 1-128 characters of A-Z a-z 0-9 . _ : @ -");
            return;
        }
        var lifetime = TokenLifetime.parse(request.getParameter("ttl"));
        if (lifetime.isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, TokenLifetime.RULE);
            return;
        }
        var permissions = PermissionsParameter.parse(request.getParameter("permissions"));
        if (permissions.isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, PermissionsParameter.RULE);
            return;
        }
        var token = keys.sign(user, parameter(request, "role"), parameter(request, "tenant"), lifetime.get().duration(),
                permissions.get().claim());
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(token.toJson());
    }

    private static Optional<String> parameter(HttpServletRequest request, String name) {
        return Optional.ofNullable(request.getParameter(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
