/**
 * Demo mode: a throwaway key pair (a LocalVerificationKey for auth) and the /demo/token servlet.
 * Depends on config, issuer, permissions, protocol and auth's interfaces; nothing depends on demo.
 */
package io.roomgate.demo;
