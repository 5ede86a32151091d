package io.roomgate.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The HTTP API of PROTOCOL §7 under {@code /api}; every call proves itself with a Bearer JWT ({@link ApiAuthentication}). */
@ApplicationPath("/api")
public class RoomgateApi extends Application {
}
