/**
 * Credential search, JWT verification (smallrye-jwt), claims to Identity, the server bypass, revocations.
 * Depends on config, permissions, protocol and the cluster seam; never on ws, rooms or a feature such as demo.
 */
package io.roomgate.auth;
