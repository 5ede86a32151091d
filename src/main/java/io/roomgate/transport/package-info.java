/**
 * Sending on one socket: the {@link io.roomgate.transport.Transport} boundary and the bounded, asynchronous outbox in front of it.
 * Depends on protocol only; rooms queues to it, ws builds it over a WebSocket session.
 */
package io.roomgate.transport;
