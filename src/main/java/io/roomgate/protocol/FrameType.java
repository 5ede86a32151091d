package io.roomgate.protocol;

/** The {@code type} of every frame of PROTOCOL §2, either direction, spelled as on the wire. */
public enum FrameType {
    HUB_CONNECT("hub:connect"),
    HUB_CONNECTED("hub:connected"),
    HUB_OK("hub:ok"),
    HUB_ERROR("hub:error"),
    ROOM_JOIN("room:join"),
    ROOM_JOINED("room:joined"),
    ROOM_LEAVE("room:leave"),
    ROOM_LEFT("room:left"),
    ROOM_SEND("room:send"),
    ROOM_MESSAGE("room:message"),
    /** Both the client's request and the server's snapshots and presence events. */
    ROOM_PRESENCE("room:presence"),
    MOD_KICK("mod:kick"),
    USER_KICKED("user:kicked"),
    TOKEN_REFRESH("token:refresh"),
    TOKEN_REFRESHED("token:refreshed"),
    TOKEN_EXPIRING("token:expiring"),
    PING("ping"),
    PONG("pong");

    private final String wire;

    FrameType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
