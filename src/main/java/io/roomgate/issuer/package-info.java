/**
 * Signs the tokens of the session-to-token exchange (and of demo mode) with the issuer's private key.
 * Depends only on config.
 */
package io.roomgate.issuer;
