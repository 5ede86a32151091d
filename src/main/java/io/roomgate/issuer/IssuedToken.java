package io.roomgate.issuer;

import jakarta.json.Json;

/** A signed token and its {@code exp} (seconds since the epoch), as the token endpoints answer it. */
public record IssuedToken(String token, long expiresAt) {

    public String toJson() {
        return Json.createObjectBuilder().add("token", token).add("expiresAt", expiresAt).build().toString();
    }
}
