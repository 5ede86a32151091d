package io.roomgate.protocol;

import java.util.Locale;

/**
 * The {@code type} of every frame of PROTOCOL §2, either direction. On the wire a type is its
 * constant's name in lower case with the first underscore a colon: {@code ROOM_MESSAGE} is
 * {@code room:message}, {@code PING} is {@code ping}.
 */
public enum FrameType {
    HUB_CONNECT,
    HUB_CONNECTED,
    HUB_OK,
    HUB_ERROR,
    ROOM_JOIN,
    ROOM_JOINED,
    ROOM_LEAVE,
    ROOM_LEFT,
    ROOM_SEND,
    ROOM_MESSAGE,
    /** Both the client's request and the server's snapshots, events and summaries. */
    ROOM_PRESENCE,
    MOD_KICK,
    USER_KICKED,
    TOKEN_REFRESH,
    TOKEN_REFRESHED,
    TOKEN_EXPIRING,
    PING,
    PONG;

    /** Spelled once per type, not per frame. */
    private final String wire = name().toLowerCase(Locale.ROOT).replaceFirst("_", ":");

    public String wire() {
        return wire;
    }
}
