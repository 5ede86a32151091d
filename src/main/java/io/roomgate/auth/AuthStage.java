package io.roomgate.auth;

import io.roomgate.protocol.FrameType;

/** Where an authentication decision is made: the {@code stage} of audit lines and of the auth-failure metric. */
public enum AuthStage {
    /** The WebSocket upgrade, in the endpoint's configurator. */
    UPGRADE("upgrade"),
    /** The servlet filter in front of the upgrade, with {@code roomgate.auth.reject-at-upgrade}. */
    FILTER("filter"),
    CONNECT(FrameType.HUB_CONNECT.wire()),
    REFRESH(FrameType.TOKEN_REFRESH.wire()),
    /** A Bearer-authenticated HTTP API call. */
    API("api");

    private final String wire;

    AuthStage(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
