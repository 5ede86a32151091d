/**
 * The JAX-RS HTTP API under /api (PROTOCOL §7): revocations, rooms, users, health, metrics, /api/ws-token.
 * The top layer with startup: may depend on any package; none depends on it.
 */
package io.roomgate.api;
