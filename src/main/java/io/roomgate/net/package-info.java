/**
 * Which address a request really comes from, behind trusted proxies (X-Forwarded-For).
 * Depends on no other Roomgate package; config validates its key with it.
 */
package io.roomgate.net;
