package io.roomgate.auth;

/** Where a credential came from, in PROTOCOL §1's search order. */
public enum Carrier {
    AUTHORIZATION_HEADER,
    SUBPROTOCOL,
    QUERY_PARAMETER,
    COOKIE,
    HUB_CONNECT
}
