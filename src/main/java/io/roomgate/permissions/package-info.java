/**
 * Room permission patterns from a token's permissions claim and the actions they allow.
 * Depends only on protocol (room names).
 */
package io.roomgate.permissions;
