/**
 * The @ServerEndpoint /rooms: handshake, per-connection state, frame routing, sending on a socket.
 * Depends on every capability below it (auth, rooms, limits, metrics, audit, lifecycle, ...); only startup and api sit above it.
 */
package io.roomgate.ws;
